"""Settings of the wall plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``WALL_LATEST_POSTS`` | int | ``5`` | newest wall posts on the edition page (``0``: none) |
| ``WALL_MOST_SHARED`` | int | ``5`` | most-shared posts on the roundup (``0``: none) |
| ``WALL_FEED_MAX_ENTRIES`` | int | ``50`` | newest posts in each ``wall.atom`` |
| ``WALL_TITLE_LENGTH`` | int | ``80`` | characters of a post's text that title it in feeds |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, int] = {
    "WALL_LATEST_POSTS": 5,
    "WALL_MOST_SHARED": 5,
    "WALL_FEED_MAX_ENTRIES": 50,
    "WALL_TITLE_LENGTH": 80,
}
_POSITIVE = {"WALL_FEED_MAX_ENTRIES", "WALL_TITLE_LENGTH"}


@dataclass(frozen=True)
class WallSettings:
    """Validated settings (read from Pelican's settings, never mutated)."""

    latest_posts: int
    most_shared: int
    feed_max_entries: int
    title_length: int


def read_settings(settings: dict[str, Any]) -> WallSettings:
    """Validate the WALL_* settings; a bad one raises ValueError naming it."""
    values = {}
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        minimum = 1 if key in _POSITIVE else 0
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"setting {key} must be an integer >= {minimum}, got {value!r}")
        values[key] = value
    return WallSettings(
        latest_posts=values["WALL_LATEST_POSTS"], most_shared=values["WALL_MOST_SHARED"],
        feed_max_entries=values["WALL_FEED_MAX_ENTRIES"],
        title_length=values["WALL_TITLE_LENGTH"],
    )
