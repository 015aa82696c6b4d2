"""Public API of the planet plugin for code outside it (the roundup plugin and its archive
task, the wall's purge and live loop): the planet as the build reads it, the store's
fetch and lock, the planet's stage signal, and :data:`media_wanted`, the signal through
which other plugins tell the media archive what to keep."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core.errors import display_path

from .fetch import run_fetch
from .lock import LockError, fetch_lock
from .mediapurge import MediaPurge, purge_media
from .mediastore import MediaLibrary, MediaStore
from .mediawants import MediaWants, media_wanted
from .model import Planet, PlanetEntry, entry_atom_id, record_entries
from .policy import normalize_link
from .purge import PurgeResult, purge_entries, store_of
from .settings import PlanetSettings
from .sources import aggregated_ids, edition_stream_ids, load_sources
from .stages import planet_generator_finalized
from .store import FeedRecord, Store, StoreError, purge_digest
from .xmlout import atom_feed

if TYPE_CHECKING:
    from plugins.conference.api import Person

logger = logging.getLogger(__name__)

__all__ = [
    "LockError",
    "MediaPurge",
    "MediaWants",
    "PlanetEntry",
    "PurgeResult",
    "atom_feed",
    "edition_stream_ids",
    "entry_atom_id",
    "fetch_lock",
    "load_feeds",
    "load_media",
    "load_planet",
    "load_sources",
    "media_wanted",
    "normalize_link",
    "planet_generator_finalized",
    "project_root",
    "purge_digest",
    "purge_entries",
    "purge_media",
    "run_fetch",
    "store_of",
]


def project_root(settings: Mapping[str, Any]) -> Path:
    """The folder holding the content folder (``PATH``); the store path is relative to it."""
    return Path(settings["PATH"]).resolve().parent


def load_planet(settings: Mapping[str, Any], people: Mapping[str, Person]) -> Planet:
    """The planet as the build sees it: the store, filtered to consenting ``people``."""
    config = PlanetSettings.read(settings)
    store = Store(config.store_dir(project_root(settings)))
    aggregated = aggregated_ids(people)
    return Planet(
        store.iter_all(aggregated),
        people,
        aggregated,
        config.embed_hosts,
        config.new_feed_days,
        where=lambda feed_id: display_path(str(store.path(feed_id))),
        max_entries_per_feed=config.max_entries_per_feed,
        person_max_entries=config.person_max_entries,
    )


def load_media(settings: Mapping[str, Any]) -> MediaLibrary:
    """The media archive's verified images, as the build serves them: ``find(url)`` for
    the local copy, ``records[url]`` for type, size and fetch date, ``file(url)`` for
    the stored file."""
    config = PlanetSettings.read(settings)
    return MediaStore(config.media_dir(project_root(settings))).load_library()


def load_feeds(
    settings: Mapping[str, Any], feed_ids: list[str]
) -> dict[str, tuple[FeedRecord, list[PlanetEntry]]]:
    """Some feeds of the store (an edition's streams) as the build sees them: each
    record with its entries checked and sanitized, newest first, at most
    ``PLANET_MAX_ENTRIES_PER_FEED``. A feed never fetched, or unreadable (logged), is
    left out."""
    config = PlanetSettings.read(settings)
    store = Store(config.store_dir(project_root(settings)))
    feeds = {}
    for feed_id in feed_ids:
        try:
            record = store.load(feed_id)
        except StoreError as exc:
            logger.error("planet: skipping store file of %s: %s", feed_id, exc)
            continue
        if record is None:
            continue
        where = display_path(str(store.path(feed_id)))
        feeds[feed_id] = (
            record,
            record_entries(
                record, None, config.embed_hosts, None, where, config.max_entries_per_feed
            ),
        )
    return feeds
