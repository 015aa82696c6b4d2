"""Every ``PLANET_*`` setting: its default, its validation, and the typed view of them all.

Declared once with :mod:`plugins.core.settings`. Settings are read from Pelican's settings
mapping (or the ``pelicanconf.py`` values handed to ``run_fetch``) and never mutated. A
wrong value raises :class:`~plugins.core.settings.SettingError` naming the setting, so a
bad configuration stops ``invoke fetch`` and the build early.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.settings import (
    PluginSettings,
    boolean,
    custom,
    integer,
    seconds,
    setting,
    string_list,
    text,
)

_COUNT = integer(minimum=1)
_WHOLE = integer(minimum=0)


def _networks(value: Any) -> tuple:
    return tuple(ipaddress.ip_network(str(item), strict=False) for item in value)


def _is_network(item: Any) -> bool:
    try:
        ipaddress.ip_network(str(item), strict=False)
    except ValueError:
        return False
    return True


_NETWORKS = custom(
    "list of CIDR",
    "a list of networks such as ['127.0.0.0/8']",
    lambda v: isinstance(v, list | tuple) and all(_is_network(i) for i in v),
    _networks,
)
_HOSTS = string_list(
    "a list of host names such as 'player.vimeo.com'",
    item=lambda h: bool(h) and "/" not in h and ":" not in h,
    convert=lambda hosts: frozenset(h.lower().rstrip(".") for h in hosts),
)


@dataclass(frozen=True, kw_only=True)
class PlanetSettings(PluginSettings):
    """Validated, typed view of the ``PLANET_*`` settings (an unknown one is an error)."""

    PREFIX = "PLANET_"

    store_path: str = setting(
        "PLANET_STORE_PATH",
        "data/planet",
        text(),
        "the store, relative to the project root (the folder holding `PATH`)",
    )
    # a fetch is mostly waiting on the network: with 16, a 300-feed planet needed ~19
    # round trips of latency
    concurrency: int = setting(
        "PLANET_CONCURRENCY",
        64,
        _COUNT,
        "feeds downloaded at once (a fetch mostly waits on the network)",
    )
    host_concurrency: int = setting(
        "PLANET_HOST_CONCURRENCY",
        4,
        _COUNT,
        "requests to one host (name and port) at once: politeness to blog platforms "
        "hosting many participants",
    )
    timeout: float = setting(
        "PLANET_TIMEOUT", 15.0, seconds(), "connect and read timeout of one request"
    )
    feed_timeout: float = setting(
        "PLANET_FEED_TIMEOUT", 60.0, seconds(), "limit for one feed, redirects and body included"
    )
    deadline: float = setting(
        "PLANET_DEADLINE", 600.0, seconds(), "limit for the whole run; feeds not done by then fail"
    )
    max_bytes: int = setting(
        "PLANET_MAX_BYTES",
        10 * 1024 * 1024,
        integer(minimum=1024),
        "largest body, on the wire and after decompression",
    )
    max_redirects: int = setting("PLANET_MAX_REDIRECTS", 5, _WHOLE, "redirects followed per feed")
    max_freshness: int = setting(
        "PLANET_MAX_FRESHNESS",
        3600,
        integer(minimum=0, kind="int (s)"),
        "longest time a feed the server declared fresh (`Cache-Control: max-age`, "
        "`Expires`) is not asked for again; `0` asks every run",
    )
    max_retry_after: int = setting(
        "PLANET_MAX_RETRY_AFTER",
        86400,
        integer(minimum=0, kind="int (s)"),
        "longest wait honoured from a `429`/`503` answer's `Retry-After`",
    )
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = setting(
        "PLANET_ALLOWED_NETWORKS",
        [],
        _NETWORKS,
        "loopback/private/link-local networks allowed anyway",
    )
    user_agent: str = setting(
        "PLANET_USER_AGENT",
        None,
        text(none=True),
        "User-Agent header; `None` builds it from the site's URL: "
        "`blogcon-planet/1.0 (+<site_url>/; feed aggregator)`",
    )
    parse_workers: int = setting(
        "PLANET_PARSE_WORKERS",
        None,
        integer(minimum=1, none=True),
        "parser processes; `1` parses in the main process",
        default_doc="`None` (one per CPU)",
    )
    parse_pool_min_feeds: int = setting(
        "PLANET_PARSE_POOL_MIN_FEEDS",
        200,
        _COUNT,
        "bodies to parse that start a process pool (fewer are parsed in one thread: the pool's "
        "start, a fork server importing the parser, costs about 0.2 s of CPU, which a "
        "smaller run does not win back in time on two cores)",
    )
    new_feed_days: int | None = setting(
        "PLANET_NEW_FEED_DAYS",
        14,
        integer(minimum=0, none=True),
        "on a feed's first fetch, only its last N days reach the front page; `None` for all "
        "(the sample site, an archive, sets `None`)",
    )
    embed_hosts: frozenset[str] = setting(
        "PLANET_EMBED_HOSTS",
        [
            "www.youtube.com",
            "www.youtube-nocookie.com",
            "youtube.com",
            "player.vimeo.com",
            "player.bilibili.com",
        ],
        _HOSTS,
        "hosts whose https `<iframe>` embeds are kept (sandboxed)",
        default_doc="YouTube, youtube-nocookie, Vimeo player, Bilibili player",
    )
    per_page: int = setting(
        "PLANET_PER_PAGE",
        25,
        _COUNT,
        "entries per planet page: the first page stays at `planet/index.html` (and "
        "`planet/{lang}/index.html`), later ones are `planet/page/N.html`, linked "
        "newer/older in the page's language",
    )
    feed_max_entries: int = setting(
        "PLANET_FEED_MAX_ENTRIES", 50, _COUNT, "entries in `/planet/feed.atom`"
    )
    max_entries_per_feed: int = setting(
        "PLANET_MAX_ENTRIES_PER_FEED",
        1000,
        _COUNT,
        "newest entries of one feed a build reads from the store (the store keeps them "
        "all): bounds what one feed can add to the site",
    )
    person_max_entries: int = setting(
        "PLANET_PERSON_MAX_ENTRIES", 25, _WHOLE, "newest entries of a person's feed on their page"
    )
    media_enabled: bool = setting(
        "PLANET_MEDIA_ENABLED",
        True,
        boolean(),
        "`invoke fetch` also downloads the images of stored entries and archived copies",
    )
    media_path: str = setting(
        "PLANET_MEDIA_PATH",
        "data/media",
        text(),
        "the media archive, content-addressed, relative to the project root",
    )
    media_max_bytes: int = setting(
        "PLANET_MEDIA_MAX_BYTES",
        5 * 1024 * 1024,
        _COUNT,
        "largest image accepted, in bytes (on the wire and decompressed)",
        default_doc="`5242880` (5 MiB)",
    )
    media_feed_max_bytes: int = setting(
        "PLANET_MEDIA_FEED_MAX_BYTES",
        50 * 1024 * 1024,
        _COUNT,
        "most bytes of images stored for one feed (or one edition's archived copies)",
        default_doc="`52428800` (50 MiB)",
    )
    media_total_max_bytes: int = setting(
        "PLANET_MEDIA_TOTAL_MAX_BYTES",
        1024 * 1024 * 1024,
        _COUNT,
        "most bytes the whole media archive may hold",
        default_doc="`1073741824` (1 GiB)",
    )
    media_max_pixels: int = setting(
        "PLANET_MEDIA_MAX_PIXELS",
        40_000_000,
        _COUNT,
        "largest image in pixels (width × height); more is refused as a decompression bomb",
    )

    #: the site's URL names the aggregator in the default User-Agent
    USES = ("CONFERENCE_SITE_URL", "FEED_DOMAIN", "SITEURL")

    @classmethod
    def derive(cls, values: dict[str, Any], uses: dict[str, Any]) -> dict[str, Any]:
        """``PLANET_PARSE_WORKERS = None``: one parser process per CPU."""
        if values["parse_workers"] is None:
            values["parse_workers"] = os.cpu_count() or 1
        if values["user_agent"] is None:
            site_url = next((str(v) for v in uses.values() if v), None)
            values["user_agent"] = default_user_agent(site_url)
        return values

    def store_dir(self, project_root: str | os.PathLike) -> Path:
        """The store folder; a relative ``PLANET_STORE_PATH`` is taken from ``project_root``."""
        path = Path(self.store_path).expanduser()
        return path if path.is_absolute() else Path(project_root) / path

    def media_dir(self, project_root: str | os.PathLike) -> Path:
        """The media archive; a relative ``PLANET_MEDIA_PATH`` is taken from ``project_root``."""
        path = Path(self.media_path).expanduser()
        return path if path.is_absolute() else Path(project_root) / path


def default_user_agent(site_url: str | None) -> str:
    """``blogcon-planet/1.0 (+<site URL>; feed aggregator)``: a feed's owner who sees the
    requests in a log can find the site that makes them (without a URL, none is named)."""
    if site_url and site_url.startswith(("https://", "http://")):
        return f"blogcon-planet/1.0 (+{site_url.rstrip('/')}/; feed aggregator)"
    return "blogcon-planet/1.0 (feed aggregator)"


DEFAULTS: dict[str, Any] = PlanetSettings.defaults()
