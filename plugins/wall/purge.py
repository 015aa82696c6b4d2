"""``invoke planet-purge --edition ID``: remove from the store the posts an edition's
``moderation.yaml`` hides (by id, URL or author's handle).

Moderation alone only hides: the store keeps the post, so a rule taken back shows it
again. Purging is for what must leave the archive too (a takedown request, spam): it is
the one way an entry leaves ``data/planet/`` (see :mod:`plugins.planet.purge`: under the
fetch lock, atomic rewrites, and the next fetch does not store the post again). Posts
hidden for want of consent (``aggregate: false``) are not purged: consent may come later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plugins.planet.api import PurgeResult, purge_entries, store_of

from .moderation import Visibility


class UnknownEdition(ValueError):
    """``--edition`` names no edition."""


def purge_edition(
    root: Path, settings: dict[str, Any], edition_id: str, *, dry_run: bool = False
) -> tuple[PurgeResult, dict[str, str]]:
    """Purge what ``edition_id``'s moderation hides; returns the result and, by entry id,
    the reason of the rule that removed it."""
    from plugins.conference.api import load_edition_index

    content = Path(settings.get("PATH") or root / "content")
    editions = load_edition_index({**settings, "PATH": str(content)})
    edition = editions.get(edition_id)
    if edition is None:
        raise UnknownEdition(
            f"unknown edition {edition_id!r}; expected one of: "
            f"{', '.join(sorted(editions)) or 'none'}"
        )
    streams = {stream.feed_id: stream for stream in edition.streams}
    rules = Visibility(edition.moderation, {}, streams)  # no people: consent is not purged
    reasons: dict[str, str] = {}

    def doomed(feed_id: str, entry: dict) -> bool:
        handle = entry.get("handle") if isinstance(entry.get("handle"), str) else None
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        verdict = rules.verdict(feed_id, entry["id"], link, handle)
        if verdict is not None:
            reasons[entry["id"]] = verdict.reason
        return verdict is not None

    result = purge_entries(store_of(root, settings), sorted(streams), doomed, dry_run=dry_run)
    return result, reasons
