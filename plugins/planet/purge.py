"""``invoke planet-purge``: the one way an entry leaves the store.

The store is an archive: a fetch never deletes an entry, and moderation only hides one
from the site. A post that must be gone from the archive too (a takedown request, a
post published by mistake) is purged: its entry is removed from its feed's file, and a
digest of its id (never the id, which may be the URL taken down) is remembered in the
file's ``purged`` list, so that the next fetch does not store it again. The caller may
name other traces of the entry to remember the same way (the wall: its addresses and
account, so that a moderation rule naming a purged post is known to have matched).

Purging takes the store's fetch lock (no fetch runs meanwhile) and rewrites each changed
file atomically (:func:`plugins.core.atomic.write_atomic` through :meth:`.Store.save`):
an interrupted purge leaves each file either as it was or purged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .lock import fetch_lock
from .store import Store, StoreError, purge_digest

logger = logging.getLogger(__name__)


@dataclass
class PurgeResult:
    """What a purge removed: ``(feed id, entry id, link)`` of each entry."""

    removed: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: the removed entries themselves, ``(feed id, entry)`` (their pictures go too)
    entries: list[tuple[str, dict]] = field(default_factory=list)


def purge_entries(
    store: Store,
    feed_ids: Iterable[str],
    doomed: Callable[[str, dict], bool],
    *,
    dry_run: bool = False,
    traces: Callable[[str, dict], Iterable[str]] | None = None,
) -> PurgeResult:
    """Remove from the feeds ``feed_ids`` every stored entry for which
    ``doomed(feed_id, entry)`` is true; with ``dry_run`` only say which. The digests of
    its id and of each of ``traces(feed_id, entry)`` are remembered in ``purged``."""
    result = PurgeResult()
    store.folder.mkdir(parents=True, exist_ok=True)
    with fetch_lock(store.folder):
        for feed_id in feed_ids:
            try:
                record = store.load(feed_id)
            except StoreError as exc:
                logger.error("planet: %s: %s; not purged", feed_id, exc)
                continue
            if record is None or not isinstance(record.entries, list):
                continue
            kept, gone = [], []
            for entry in record.entries:
                if (
                    isinstance(entry, dict)
                    and isinstance(entry.get("id"), str)
                    and doomed(feed_id, entry)
                ):
                    gone.append(entry)
                else:
                    kept.append(entry)
            if not gone:
                continue
            result.removed += [(feed_id, e["id"], e.get("link")) for e in gone]
            result.entries += [(feed_id, e) for e in gone]
            if dry_run:
                continue
            purged = record.purged if isinstance(record.purged, list) else []
            record.entries = kept
            remembered = {purge_digest(e["id"]) for e in gone}
            for entry in gone if traces is not None else []:
                remembered.update(purge_digest(trace) for trace in traces(feed_id, entry))
            record.purged = sorted(set(purged) | remembered)
            store.save(record)
    return result


def store_of(root: Path, settings) -> Store:
    """The store of the project at ``root`` with ``settings``."""
    from .settings import PlanetSettings

    return Store(PlanetSettings.read(settings).store_dir(root))
