"""Public API of the wall plugin for code outside it (the planet's media fetch)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core.errors import ContentError
from plugins.planet.api import MediaWants

from .generator import build_wall
from .model import WallPost
from .moderation import Visibility
from .settings import WallSettings

if TYPE_CHECKING:
    from plugins.conference.api import Edition

__all__ = ["media_wants", "stream_visibility", "wall_posts"]


def media_wants(root: Path, *, settings: Mapping[str, Any], feeds: list) -> MediaWants | None:
    """The wall's answer to the media archive (:data:`plugins.planet.api.media_wanted`):
    which stored stream posts a wall shows. With the moderation or people files broken,
    no stream post is shown (their pictures wait for the fix), and the problems say why."""
    if not any(feed.id.startswith("stream.") for feed in feeds):
        return None
    try:
        return MediaWants(shown=stream_visibility(root, settings))
    except ContentError as exc:
        return MediaWants(
            shown=lambda feed_id, entry: not feed_id.startswith("stream."),
            problems=tuple(exc.problems),
            consequence="the streams' pictures are not fetched until these are fixed",
        )


def stream_visibility(root: Path, settings: Mapping[str, Any]) -> Callable[[str, dict], bool]:
    """``shown(feed_id, entry)``: whether a stored stream post may be shown on its
    edition's wall (moderation rules and consent: the build's own decision). The media
    fetch asks it so that a hidden post's pictures (a takedown, spam, no consent) are
    never copied into the archive, and the purge so that it keeps only the pictures
    still shown. Raises ContentError when the content cannot be read."""
    from plugins.conference.api import load_edition_index, load_people

    content = Path(settings.get("PATH") or root / "content")
    content = content if content.is_absolute() else root / content
    local = {**settings, "PATH": str(content)}
    people = load_people(local)
    verdicts: dict[str, Visibility] = {}
    for edition in load_edition_index(local).values():
        streams = {stream.feed_id: stream for stream in getattr(edition, "streams", None) or []}
        rules = Visibility(edition.moderation, people, streams)
        for feed_id in streams:
            verdicts[feed_id] = rules

    def shown(feed_id: str, entry: dict) -> bool:
        rules = verdicts.get(feed_id)
        if rules is None:  # not a stream of any edition: nothing on a wall decides it
            return True
        return rules.stored_verdict(feed_id, entry) is None

    return shown


def wall_posts(edition: Edition, settings: Mapping[str, Any]) -> list[tuple[WallPost, str]]:
    """The posts ``edition``'s wall shows (moderation and consent applied), oldest
    first, each with its title as the wall's feed gives it. Raises ContentError when the
    people files cannot be read."""
    from plugins.conference.api import load_people

    length = WallSettings.read(settings).title_length
    wall = build_wall(edition, load_people(settings), dict(settings))
    return [(post, post.title(length)) for post in wall.posts]
