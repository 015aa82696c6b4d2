"""Public API of the planet plugin for code outside it (the roundup plugin and its archive
task): the planet as the build reads it, and the planet's stage signal."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plugins.core.errors import display_path

from .model import Planet, entry_atom_id
from .settings import PlanetSettings
from .sources import aggregated_ids
from .stages import planet_generator_finalized
from .store import Store

__all__ = ["entry_atom_id", "load_planet", "planet_generator_finalized", "project_root"]


def project_root(settings: Mapping[str, Any]) -> Path:
    """The folder holding the content folder (``PATH``); the store path is relative to it."""
    return Path(settings["PATH"]).resolve().parent


def load_planet(settings: Mapping[str, Any], people: Mapping[str, Any]) -> Planet:
    """The planet as the build sees it: the store, filtered to consenting ``people``."""
    config = PlanetSettings.read(settings)
    store = Store(config.store_dir(project_root(settings)))
    return Planet(
        store.load_all(), people, aggregated_ids(people), config.embed_hosts,
        config.new_feed_days, where=lambda feed_id: display_path(str(store.path(feed_id))),
        max_entries_per_feed=config.max_entries_per_feed,
        person_max_entries=config.person_max_entries,
    )
