"""Server and host configurations for the built site, generated from ``policy.toml``."""
