"""A purge's second part: the pictures of purged entries leave the media archive.

``invoke planet-purge`` removes posts from the store (:mod:`.purge`); their pictures must
go too, or a takedown would stay in ``data/media/`` and be published again. A picture
is removed (its index record, and its file when no remaining record is the same file)
unless something still shown uses it: an image of a stored entry that a page shows, or
of an edition's archived copies (the same documents the media fetch archives,
:func:`project_sources`). Under the store's fetch lock; the index is rewritten
atomically before any file is deleted, so an interrupted purge never leaves a record
without its file (at worst a file no record names, which is never published).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core.errors import ContentError
from plugins.core.media import attached_images, image_urls
from plugins.core.sanitize import clean_html

from .lock import fetch_lock
from .mediafetch import MediaSource, sources_from_store
from .mediastore import MediaStore
from .mediawants import MediaWants, collect_wants
from .settings import PlanetSettings
from .sources import load_sources
from .store import Store

logger = logging.getLogger(__name__)


@dataclass
class MediaPurge:
    """What a media purge removed: ``(url, file path or None)`` per index record (the
    path when the file went too), and the URLs kept because something shown uses them."""

    removed: list[tuple[str, str | None]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def project_sources(
    root: Path,
    settings: Mapping[str, Any],
    feeds: Iterable[Any],
    shown: Callable[[str, dict], bool] | None,
    wants: MediaWants | None = None,
) -> list[MediaSource]:
    """The documents whose images the archive keeps: the stored entries of ``feeds``
    that ``shown`` and the other plugins let through, then the documents they hand over
    (an edition's archived copies): ``wants``, or asked now (:mod:`.mediawants`), when a
    problem that kept a plugin from deciding is raised, so a purge never deletes what a
    broken moderation file made look unused."""
    feeds = list(feeds)
    if wants is None:
        wants = collect_wants(root, settings, feeds)
        if wants.problems:
            raise ContentError(list(wants.problems))
    tests = [test for test in (shown, wants.shown) if test is not None]

    def keep(feed_id: str, entry: dict) -> bool:
        return all(test(feed_id, entry) for test in tests)

    cfg = PlanetSettings.read(settings)
    found = sources_from_store(Store(cfg.store_dir(root)), feeds, keep if tests else None)
    return found + [MediaSource(name, documents) for name, documents in wants.documents]


def entry_images(entry: dict) -> set[str]:
    """The image URLs of a stored entry: in its HTML and its attached pictures."""
    documents = [entry["content"]] if isinstance(entry.get("content"), str) else []
    documents.append(attached_images(entry.get("media") or []))
    return {url for document in documents for url in image_urls(clean_html(document))}


def purge_media(
    root: Path,
    settings: Mapping[str, Any],
    entries: Iterable[dict],
    shown: Callable[[str, dict], bool] | None,
    *,
    dry_run: bool = False,
) -> MediaPurge:
    """Remove from the media archive the pictures of ``entries`` (purged from the store)
    that no shown entry or archived copy uses (``shown`` as for the media fetch)."""
    cfg = PlanetSettings.read(settings)
    result = MediaPurge()
    candidates = set().union(*(entry_images(e) for e in entries if isinstance(e, dict)))
    media = MediaStore(cfg.media_dir(root))
    if not candidates or not media.index_path.exists():
        return result
    used = {
        url
        for source in project_sources(root, settings, load_sources(root, settings), shown)
        for document in source.documents
        for url in image_urls(clean_html(document))
    }
    store = Store(cfg.store_dir(root))
    store.folder.mkdir(parents=True, exist_ok=True)
    with fetch_lock(store.folder):
        index = media.read_index()
        records = {record.url: record for record in media.records(index)}
        doomed = sorted(url for url in candidates - used if url in index["images"])
        doomed += sorted(url for url in candidates - used if url in index["refused"])
        result.kept = sorted(candidates & used & set(index["images"]))
        if not doomed:
            return result
        for url in doomed:
            index["images"].pop(url, None)
            index["refused"].pop(url, None)
        remaining = {record.sha256 for record in media.records(index)}
        files = {
            url: media.file(records[url])
            for url in doomed
            if url in records and records[url].sha256 not in remaining
        }
        result.removed = [(url, str(files[url]) if url in files else None) for url in doomed]
        if dry_run:
            return result
        media.write_index(index)
        for path in sorted(set(files.values())):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                logger.error("planet: %s: not deleted: %s", path, exc.strerror or exc)
    return result
