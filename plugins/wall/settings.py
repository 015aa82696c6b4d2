"""Settings of the wall plugin, declared once (see :mod:`plugins.core.settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plugins.core.settings import PluginSettings, integer, setting


@dataclass(frozen=True, kw_only=True)
class WallSettings(PluginSettings):
    """Validated, typed view of the ``WALL_*`` settings."""

    latest_posts: int = setting(
        "WALL_LATEST_POSTS",
        5,
        integer(minimum=0),
        "newest wall posts on the edition page (`0`: none)",
    )
    most_shared: int = setting(
        "WALL_MOST_SHARED", 5, integer(minimum=0), "most-shared posts on the roundup (`0`: none)"
    )
    feed_max_entries: int = setting(
        "WALL_FEED_MAX_ENTRIES", 50, integer(minimum=1), "newest posts in each `wall.atom`"
    )
    title_length: int = setting(
        "WALL_TITLE_LENGTH",
        80,
        integer(minimum=1),
        "characters of a post's text that title it in feeds",
    )


DEFAULTS: dict[str, Any] = WallSettings.defaults()
