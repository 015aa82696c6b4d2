"""Settings of the sitemap plugin, declared once (see :mod:`plugins.core.settings`).

Both files need the public address (``site_url`` in ``conference.yaml``, which sets
``FEED_DOMAIN``): without it nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plugins.core.settings import PluginSettings, custom, derived, integer, setting

_FILE_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")
_FILE = custom(
    "str",
    "a file name at the output root (letters, digits, '-', '_', '.'), or '' for none",
    lambda v: isinstance(v, str) and (not v or bool(_FILE_NAME.match(v))),
)


@dataclass(frozen=True, kw_only=True)
class SitemapSettings(PluginSettings):
    """Validated settings (read from Pelican's settings, never mutated)."""

    USES = ("FEED_DOMAIN", "SITEURL")

    save_as: str = setting(
        "SITEMAP_SAVE_AS", "sitemap.xml", _FILE, 'the sitemap at the output root; `""` for none'
    )
    robots_save_as: str = setting(
        "SITEMAP_ROBOTS_SAVE_AS",
        "robots.txt",
        _FILE,
        'the robots file at the output root; `""` for none',
    )
    max_urls: int = setting(
        "SITEMAP_MAX_URLS",
        50000,
        integer(1, 50000),
        "URLs per sitemap file; more make `sitemap.xml` an index",
    )
    #: the public address: ``SITEURL`` when absolute (publishing), else ``FEED_DOMAIN``
    site_url: str = derived()

    @classmethod
    def derive(cls, values: dict[str, Any], uses: dict[str, Any]) -> dict[str, Any]:
        """``site_url`` from ``SITEURL`` or ``FEED_DOMAIN``."""
        site_url = str(uses["FEED_DOMAIN"] or "")
        siteurl = str(uses["SITEURL"] or "")
        if "://" in siteurl:
            site_url = siteurl
        return {**values, "site_url": site_url.rstrip("/")}


DEFAULTS = SitemapSettings.defaults()
