"""Every ``SITEMAP_*`` setting: its default, its validation, and the typed view of them all.

| setting | type | default | meaning |
|---|---|---|---|
| ``SITEMAP_SAVE_AS`` | str | ``"sitemap.xml"`` | the sitemap at the output root; ``""`` writes none (nor ``robots.txt``'s ``Sitemap:`` line) |
| ``SITEMAP_ROBOTS_SAVE_AS`` | str | ``"robots.txt"`` | the robots file at the output root; ``""`` writes none |
| ``SITEMAP_MAX_URLS`` | int | ``50000`` | URLs per sitemap file (the protocol's limit); more make ``sitemap.xml`` an index of ``sitemap-1.xml``… |

Both files need the public address (``site_url`` in ``conference.yaml``, which sets
``FEED_DOMAIN``): without it nothing is written.
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "SITEMAP_ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_MAX_URLS": 50000,
}
_FILE_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*$")


class SitemapSettingsError(ValueError):
    """A ``SITEMAP_*`` setting has a wrong type or value; the message names it."""


@dataclass(frozen=True)
class SitemapSettings:
    """Validated settings (read from Pelican's settings, never mutated)."""

    save_as: str
    robots_save_as: str
    max_urls: int
    site_url: str


def read_settings(settings: Mapping[str, Any]) -> SitemapSettings:
    """Validate the SITEMAP_* settings; a bad one raises :class:`SitemapSettingsError`."""
    value = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for key in ("SITEMAP_SAVE_AS", "SITEMAP_ROBOTS_SAVE_AS"):
        name = value[key]
        if not isinstance(name, str) or (name and not _FILE_NAME.match(name)):
            raise SitemapSettingsError(
                f"setting {key} = {name!r}: expected a file name at the output root "
                "(letters, digits, '-', '_', '.'), or '' for none")
    limit = value["SITEMAP_MAX_URLS"]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50000:
        raise SitemapSettingsError(
            f"setting SITEMAP_MAX_URLS = {limit!r}: expected a whole number from 1 to 50000")
    site_url = str(settings.get("FEED_DOMAIN") or "")
    siteurl = str(settings.get("SITEURL") or "")
    if "://" in siteurl:
        site_url = siteurl
    return SitemapSettings(value["SITEMAP_SAVE_AS"], value["SITEMAP_ROBOTS_SAVE_AS"], limit,
                           site_url.rstrip("/"))
