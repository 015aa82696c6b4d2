"""Settings of the roundup plugin, declared once (see :mod:`plugins.core.settings`)."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.core.settings import PluginSettings, integer, setting


@dataclass(frozen=True, kw_only=True)
class RoundupSettings(PluginSettings):
    """Validated settings (read from Pelican's settings, never mutated)."""

    days_before: int = setting(
        "ROUNDUP_DAYS_BEFORE",
        7,
        integer(minimum=0),
        "days before an edition's first day in which posts can match",
    )
    days_after: int = setting(
        "ROUNDUP_DAYS_AFTER",
        60,
        integer(minimum=0),
        "days after its last day in which posts can match",
    )
    excerpt_length: int = setting(
        "ROUNDUP_EXCERPT_LENGTH",
        180,
        integer(minimum=0),
        "characters of each matched post's excerpt",
    )
    per_page: int = setting(
        "ROUNDUP_PER_PAGE",
        50,
        integer(minimum=1),
        "matched posts per roundup page (later pages at `roundup/page/N.html`), and the most "
        "a session page lists",
    )
    feed_max_entries: int = setting(
        "ROUNDUP_FEED_MAX_ENTRIES",
        50,
        integer(minimum=1),
        "newest items (curated and matched) in each `roundup.atom`",
    )


DEFAULTS = RoundupSettings.defaults()
