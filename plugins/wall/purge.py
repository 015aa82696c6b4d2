"""``invoke planet-purge --edition ID``: remove from ``data/`` exactly what the edition's
wall hides, and its pictures.

Moderation alone only hides: the store keeps the post, so a rule taken back shows it
again. Purging is for what must leave the archive too (a takedown request, spam): it is
the one way an entry leaves ``data/planet/`` (see :mod:`plugins.planet.purge`: under the
fetch lock, atomic rewrites, and the next fetch does not store the post again). What is
purged is decided by the build's own decision (:meth:`.moderation.Visibility.verdict`),
so it is exactly what the wall hides: posts ``moderation.yaml`` names (by id, any address
form, or the author's account) and posts of people without consent (``aggregate:
false``). Their pictures then leave ``data/media/`` (file and index record), unless a
post or archived copy still shown uses the same picture
(:func:`plugins.planet.api.purge_media`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.planet.api import MediaPurge, PurgeResult, purge_entries, purge_media, store_of

from .moderation import Visibility


class UnknownEdition(ValueError):
    """``--edition`` names no edition."""


@dataclass
class EditionPurge:
    """What ``planet-purge`` removed (or, with ``--dry-run``, would remove)."""

    entries: PurgeResult
    #: by entry id, the reason of the rule (or ``consent``) that removed it
    reasons: dict[str, str] = field(default_factory=dict)
    media: MediaPurge = field(default_factory=MediaPurge)


def edition_visibility(root: Path, settings: dict[str, Any], edition_id: str) -> Visibility:
    """The wall's decision for ``edition_id`` (raises UnknownEdition, ContentError)."""
    from plugins.conference.api import load_edition_index, load_people

    local = {**settings, "PATH": str(_content(root, settings))}
    editions = load_edition_index(local)
    edition = editions.get(edition_id)
    if edition is None:
        raise UnknownEdition(
            f"unknown edition {edition_id!r}; expected one of: "
            f"{', '.join(sorted(editions)) or 'none'}"
        )
    streams = {stream.feed_id: stream for stream in edition.streams}
    return Visibility(edition.moderation, load_people(local), streams)


def purge_edition(
    root: Path, settings: dict[str, Any], edition_id: str, *, dry_run: bool = False
) -> EditionPurge:
    """Purge what ``edition_id``'s wall hides, then the pictures only those posts used."""
    from .api import stream_visibility

    rules = edition_visibility(root, settings, edition_id)
    reasons: dict[str, str] = {}

    def doomed(feed_id: str, entry: dict) -> bool:
        verdict = rules.stored_verdict(feed_id, entry)
        if verdict is not None:
            reasons[entry["id"]] = verdict.reason
        return verdict is not None

    def traces(feed_id: str, entry: dict) -> list[str]:
        post = rules.stored_post(feed_id, entry)
        return post.traces() if post is not None else []

    result = purge_entries(
        store_of(root, settings), sorted(rules.streams), doomed, dry_run=dry_run, traces=traces
    )
    media = purge_media(
        root,
        settings,
        [entry for _feed_id, entry in result.entries],
        stream_visibility(root, settings),
        dry_run=dry_run,
    )
    return EditionPurge(result, reasons, media)


def _content(root: Path, settings: dict[str, Any]) -> Path:
    content = Path(settings.get("PATH") or root / "content")
    return content if content.is_absolute() else root / content
