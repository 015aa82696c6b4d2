"""Local Pelican plugins of the conference site (loaded through PLUGIN_PATHS = [repo root])."""
