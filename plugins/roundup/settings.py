"""Settings of the roundup plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``ROUNDUP_DAYS_BEFORE`` | int | ``7`` | days before an edition's first day in which posts can match |
| ``ROUNDUP_DAYS_AFTER`` | int | ``60`` | days after its last day in which posts can match |
| ``ROUNDUP_EXCERPT_LENGTH`` | int | ``180`` | characters of each matched post's excerpt |
| ``ROUNDUP_PER_PAGE`` | int | ``50`` | matched posts per roundup page (later pages at ``roundup/page/N.html``); also the most posts a session page lists |
| ``ROUNDUP_FEED_MAX_ENTRIES`` | int | ``50`` | newest items (curated and matched) in each ``roundup.atom`` |
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    "ROUNDUP_DAYS_BEFORE": 7,
    "ROUNDUP_DAYS_AFTER": 60,
    "ROUNDUP_EXCERPT_LENGTH": 180,
    "ROUNDUP_PER_PAGE": 50,
    "ROUNDUP_FEED_MAX_ENTRIES": 50,
}
#: Settings that must be at least 1 (the others may be 0).
_POSITIVE = {"ROUNDUP_PER_PAGE", "ROUNDUP_FEED_MAX_ENTRIES"}


@dataclass(frozen=True)
class RoundupSettings:
    """Validated settings (read from Pelican's settings, never mutated)."""

    days_before: int
    days_after: int
    excerpt_length: int
    per_page: int
    feed_max_entries: int


def read_settings(settings: dict[str, Any]) -> RoundupSettings:
    """Validate the ROUNDUP_* settings; a bad one raises ValueError naming it."""
    values = {}
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        minimum = 1 if key in _POSITIVE else 0
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"setting {key} must be an integer >= {minimum}, got {value!r}")
        values[key] = value
    return RoundupSettings(
        days_before=values["ROUNDUP_DAYS_BEFORE"],
        days_after=values["ROUNDUP_DAYS_AFTER"],
        excerpt_length=values["ROUNDUP_EXCERPT_LENGTH"],
        per_page=values["ROUNDUP_PER_PAGE"],
        feed_max_entries=values["ROUNDUP_FEED_MAX_ENTRIES"],
    )
