"""The default User-Agent names the site that fetches, not a bare code-hosting address."""

from __future__ import annotations

from plugins.planet.settings import PlanetSettings


def test_the_default_user_agent_names_the_site():
    config = PlanetSettings.read({"FEED_DOMAIN": "https://conf.example.org"})
    assert config.user_agent == "blogcon-planet/1.0 (+https://conf.example.org/; feed aggregator)"


def test_without_a_site_url_no_address_is_named():
    assert PlanetSettings.read({}).user_agent == "blogcon-planet/1.0 (feed aggregator)"


def test_a_configured_user_agent_is_kept():
    config = PlanetSettings.read(
        {"PLANET_USER_AGENT": "ours/2", "FEED_DOMAIN": "https://conf.example.org"}
    )
    assert config.user_agent == "ours/2"
