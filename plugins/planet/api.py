"""Public API of the planet plugin for code outside it (the roundup's archive task)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plugins.core.errors import display_path

from .model import Planet, entry_atom_id

__all__ = ["entry_atom_id", "load_planet", "project_root"]
from .settings import PlanetSettings
from .sources import aggregated_ids
from .store import Store


def project_root(settings: Mapping[str, Any]) -> Path:
    """The folder holding the content folder (``PATH``); the store path is relative to it."""
    return Path(settings["PATH"]).resolve().parent


def load_planet(settings: Mapping[str, Any], people: Mapping[str, Any]) -> Planet:
    """The planet as the build sees it: the store, filtered to consenting ``people``."""
    config = PlanetSettings.from_settings(settings)
    store = Store(config.store_dir(project_root(settings)))
    aggregated = aggregated_ids(people)
    return Planet(
        store.iter_all(aggregated), people, aggregated, config.embed_hosts,
        config.new_feed_days, where=lambda feed_id: display_path(str(store.path(feed_id))),
        max_entries_per_feed=config.max_entries_per_feed,
        person_max_entries=config.person_max_entries,
    )
