"""Every ``PLANET_*`` setting: its default, its validation, and the typed view of them all.

Settings are read from Pelican's settings mapping (or the ``pelicanconf.py`` values handed
to ``run_fetch``) and never mutated. A wrong value raises :class:`PlanetSettingsError`
naming the setting, so a bad configuration stops ``invoke fetch`` and the build early.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Defaults, documented in the README (name, type, default, meaning).
DEFAULTS: dict[str, Any] = {
    # where the store lives; relative paths are relative to the project root
    "PLANET_STORE_PATH": "data/planet",
    # fetch: how many feeds are downloaded at once (was 16: a fetch is mostly waiting on
    # the network, and with 16 a 300-feed planet needed ~19 round trips of latency)
    "PLANET_CONCURRENCY": 64,
    # fetch: how many feeds of one host (name and port) are downloaded at once, so that a
    # blog platform hosting many participants never sees PLANET_CONCURRENCY requests
    "PLANET_HOST_CONCURRENCY": 4,
    # fetch: connect and read timeout of one request, in seconds
    "PLANET_TIMEOUT": 15.0,
    # fetch: wall-clock limit for one feed (all redirects and the body), in seconds
    "PLANET_FEED_TIMEOUT": 60.0,
    # fetch: wall-clock limit for the whole run, in seconds
    "PLANET_DEADLINE": 600.0,
    # fetch: largest accepted response body, after decompression, in bytes
    "PLANET_MAX_BYTES": 10 * 1024 * 1024,
    # fetch: longest time, in seconds, for which a feed the server declared fresh
    # (Cache-Control max-age, Expires) is not asked for again; 0 asks on every run
    "PLANET_MAX_FRESHNESS": 3600,
    # fetch: longest wait, in seconds, honoured from a 429 or 503 answer's Retry-After
    "PLANET_MAX_RETRY_AFTER": 86400,
    # fetch: redirects followed for one feed before giving up
    "PLANET_MAX_REDIRECTS": 5,
    # fetch: networks (CIDR) allowed although loopback, private, link-local or reserved
    "PLANET_ALLOWED_NETWORKS": [],
    # fetch: User-Agent header; None = built from the site's URL (see default_user_agent)
    "PLANET_USER_AGENT": None,
    # fetch: processes that parse feeds; None = one per CPU, 1 = parse in the main process
    "PLANET_PARSE_WORKERS": None,
    # fetch: fewest feeds in one run for which a process pool is worth starting
    "PLANET_PARSE_POOL_MIN_FEEDS": 16,
    # policy: when a feed is first fetched, only entries of the last N days reach the
    # front page (the rest are stored and shown on the person's page); None disables it
    "PLANET_NEW_FEED_DAYS": 14,
    # sanitizing: hosts whose <iframe> embeds are kept (https only)
    "PLANET_EMBED_HOSTS": [
        "www.youtube.com",
        "www.youtube-nocookie.com",
        "youtube.com",
        "player.vimeo.com",
        "player.bilibili.com",
    ],
    # build: entries per planet page
    "PLANET_PER_PAGE": 25,
    # build: entries in /planet/feed.atom
    "PLANET_FEED_MAX_ENTRIES": 50,
    # build: newest entries of one feed that a build reads from the store (the store keeps
    # every entry; older ones stay in it and in the roundup archives); bounds the output
    # one feed can cause, however many entries it publishes
    "PLANET_MAX_ENTRIES_PER_FEED": 1000,
    # build: newest entries of a person's feed shown on their page
    "PLANET_PERSON_MAX_ENTRIES": 25,
    # media: download the images of entries and archived copies into the media archive
    "PLANET_MEDIA_ENABLED": True,
    # media: the media archive, content-addressed (relative to the project root)
    "PLANET_MEDIA_PATH": "data/media",
    # media: largest image accepted, in bytes (on the wire and decompressed)
    "PLANET_MEDIA_MAX_BYTES": 5 * 1024 * 1024,
    # media: most bytes of images stored for one feed (or one edition's archived copies)
    "PLANET_MEDIA_FEED_MAX_BYTES": 50 * 1024 * 1024,
    # media: most bytes the whole media archive may hold
    "PLANET_MEDIA_TOTAL_MAX_BYTES": 1024 * 1024 * 1024,
    # media: largest image in pixels (width x height); more is a decompression bomb
    "PLANET_MEDIA_MAX_PIXELS": 40_000_000,
}


class PlanetSettingsError(ValueError):
    """A ``PLANET_*`` setting has a value the plugin cannot use; the message names it."""


@dataclass(frozen=True)
class PlanetSettings:
    """Validated, typed view of the ``PLANET_*`` settings."""

    store_path: str
    concurrency: int
    host_concurrency: int
    timeout: float
    feed_timeout: float
    deadline: float
    max_bytes: int
    max_redirects: int
    max_freshness: int
    max_retry_after: int
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    user_agent: str
    parse_workers: int
    parse_pool_min_feeds: int
    new_feed_days: int | None
    embed_hosts: frozenset[str]
    per_page: int
    feed_max_entries: int
    max_entries_per_feed: int
    person_max_entries: int
    media_enabled: bool
    media_path: str
    media_max_bytes: int
    media_feed_max_bytes: int
    media_total_max_bytes: int
    media_max_pixels: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None = None) -> PlanetSettings:
        """Read and validate the ``PLANET_*`` keys of ``settings``; missing keys get defaults."""
        settings = settings or {}
        unknown = sorted(k for k in settings if k.startswith("PLANET_") and k not in DEFAULTS)
        if unknown:
            raise PlanetSettingsError(
                f"unknown setting {unknown[0]}; known PLANET_* settings: {sorted(DEFAULTS)}"
            )

        def get(name: str) -> Any:
            return settings.get(name, DEFAULTS[name])

        workers = get("PLANET_PARSE_WORKERS")
        if workers is None:
            workers = os.cpu_count() or 1
        new_days = get("PLANET_NEW_FEED_DAYS")
        if new_days is not None:
            new_days = _integer("PLANET_NEW_FEED_DAYS", new_days, minimum=0)
        return cls(
            store_path=_text("PLANET_STORE_PATH", get("PLANET_STORE_PATH")),
            concurrency=_integer("PLANET_CONCURRENCY", get("PLANET_CONCURRENCY"), minimum=1),
            host_concurrency=_integer(
                "PLANET_HOST_CONCURRENCY", get("PLANET_HOST_CONCURRENCY"), minimum=1
            ),
            timeout=_seconds("PLANET_TIMEOUT", get("PLANET_TIMEOUT")),
            feed_timeout=_seconds("PLANET_FEED_TIMEOUT", get("PLANET_FEED_TIMEOUT")),
            deadline=_seconds("PLANET_DEADLINE", get("PLANET_DEADLINE")),
            max_bytes=_integer("PLANET_MAX_BYTES", get("PLANET_MAX_BYTES"), minimum=1024),
            max_redirects=_integer("PLANET_MAX_REDIRECTS", get("PLANET_MAX_REDIRECTS"), minimum=0),
            max_freshness=_integer("PLANET_MAX_FRESHNESS", get("PLANET_MAX_FRESHNESS"), minimum=0),
            max_retry_after=_integer(
                "PLANET_MAX_RETRY_AFTER", get("PLANET_MAX_RETRY_AFTER"), minimum=0
            ),
            allowed_networks=_networks(get("PLANET_ALLOWED_NETWORKS")),
            user_agent=_text("PLANET_USER_AGENT", get("PLANET_USER_AGENT")
                             or default_user_agent(_site_url(settings))),
            parse_workers=_integer("PLANET_PARSE_WORKERS", workers, minimum=1),
            parse_pool_min_feeds=_integer(
                "PLANET_PARSE_POOL_MIN_FEEDS", get("PLANET_PARSE_POOL_MIN_FEEDS"), minimum=1
            ),
            new_feed_days=new_days,
            embed_hosts=_hosts(get("PLANET_EMBED_HOSTS")),
            per_page=_integer("PLANET_PER_PAGE", get("PLANET_PER_PAGE"), minimum=1),
            feed_max_entries=_integer(
                "PLANET_FEED_MAX_ENTRIES", get("PLANET_FEED_MAX_ENTRIES"), minimum=1
            ),
            max_entries_per_feed=_integer(
                "PLANET_MAX_ENTRIES_PER_FEED", get("PLANET_MAX_ENTRIES_PER_FEED"), minimum=1
            ),
            person_max_entries=_integer(
                "PLANET_PERSON_MAX_ENTRIES", get("PLANET_PERSON_MAX_ENTRIES"), minimum=0
            ),
            media_enabled=_boolean("PLANET_MEDIA_ENABLED", get("PLANET_MEDIA_ENABLED")),
            media_path=_text("PLANET_MEDIA_PATH", get("PLANET_MEDIA_PATH")),
            media_max_bytes=_integer(
                "PLANET_MEDIA_MAX_BYTES", get("PLANET_MEDIA_MAX_BYTES"), minimum=1024
            ),
            media_feed_max_bytes=_integer(
                "PLANET_MEDIA_FEED_MAX_BYTES", get("PLANET_MEDIA_FEED_MAX_BYTES"), minimum=0
            ),
            media_total_max_bytes=_integer(
                "PLANET_MEDIA_TOTAL_MAX_BYTES", get("PLANET_MEDIA_TOTAL_MAX_BYTES"), minimum=0
            ),
            media_max_pixels=_integer(
                "PLANET_MEDIA_MAX_PIXELS", get("PLANET_MEDIA_MAX_PIXELS"), minimum=1
            ),
        )

    def store_dir(self, project_root: str | os.PathLike) -> Path:
        """The store folder; a relative ``PLANET_STORE_PATH`` is taken from ``project_root``."""
        path = Path(self.store_path).expanduser()
        return path if path.is_absolute() else Path(project_root) / path

    def media_dir(self, project_root: str | os.PathLike) -> Path:
        """The media archive; a relative ``PLANET_MEDIA_PATH`` is taken from ``project_root``."""
        path = Path(self.media_path).expanduser()
        return path if path.is_absolute() else Path(project_root) / path


def _boolean(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise PlanetSettingsError(f"{name} must be True or False, got {value!r}")
    return value


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PlanetSettingsError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _integer(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PlanetSettingsError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise PlanetSettingsError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


def _networks(value: Any) -> tuple:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise PlanetSettingsError(
            f"PLANET_ALLOWED_NETWORKS must be a list of CIDR strings such as "
            f"['127.0.0.0/8'], got {value!r}"
        )
    networks = []
    for item in value:
        try:
            networks.append(ipaddress.ip_network(str(item), strict=False))
        except ValueError:
            raise PlanetSettingsError(
                f"PLANET_ALLOWED_NETWORKS: {item!r} is not a network such as '127.0.0.0/8'"
            ) from None
    return tuple(networks)


def _hosts(value: Any) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise PlanetSettingsError(f"PLANET_EMBED_HOSTS must be a list of host names, got {value!r}")
    hosts = set()
    for item in value:
        if not isinstance(item, str) or not item or "/" in item or ":" in item:
            raise PlanetSettingsError(
                f"PLANET_EMBED_HOSTS: {item!r} is not a host name such as 'player.vimeo.com'"
            )
        hosts.add(item.lower().rstrip("."))
    return frozenset(hosts)


def default_user_agent(site_url: str | None) -> str:
    """``blogcon-planet/1.0 (+<site URL>; feed aggregator)``: a feed's owner who sees the
    requests in a log can find the site that makes them (without a URL, none is named)."""
    if site_url and site_url.startswith(("https://", "http://")):
        return f"blogcon-planet/1.0 (+{site_url.rstrip('/')}/; feed aggregator)"
    return "blogcon-planet/1.0 (feed aggregator)"


def _site_url(settings: Mapping[str, Any]) -> str | None:
    # The public site's URL: conference.yaml's site_url, else the feeds' or Pelican's.
    for key in ("CONFERENCE_SITE_URL", "FEED_DOMAIN", "SITEURL"):
        if settings.get(key):
            return str(settings[key])
    return None
