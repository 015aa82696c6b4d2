"""Public API of the conference plugin for code that runs outside a Pelican build.

``invoke fetch`` (planet), the roundup's archive task and the schedule importer read
people and editions through these functions instead of parsing ``content/`` themselves.
Another plugin adds a schedule file format with :func:`register_exporter`.
``settings`` is Pelican's settings, or any mapping with ``PATH`` (and, when the site moves
them, the ``CONFERENCE_*`` paths): the folders come from
:func:`plugins.core.siteconfig.site`, as in the build.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from plugins.core.siteconfig import site

from .changes import changes_since, describe, read_snapshots, restore_snapshots
from .exports.common import ExportContext
from .exports.registry import Exporter, SessionExporter
from .loader import load_editions
from .loader import load_people as _load_people
from .model import Edition, Person
from .settings import ConferenceSettings
from .stages import conference_exporters, conference_generator_finalized

__all__ = [
    "Edition",
    "ExportContext",
    "Exporter",
    "Person",
    "SessionExporter",
    "conference_exporters",
    "conference_generator_finalized",
    "load_edition_index",
    "load_people",
    "outside_inputs",
    "publication",
    "register_exporter",
]


class SchedulePublication:
    """A publishing build's schedule snapshots (see :mod:`.changes`): ``setting`` is the
    ``-e`` argument that makes the build record them, dated ``at``; :meth:`failed` puts
    the snapshots back, :meth:`summary` says what the build recorded."""

    def __init__(self, settings: Mapping[str, Any], at: datetime | None = None):
        self.folder = ConferenceSettings.read(settings).snapshot_dir(settings)
        self.saved = read_snapshots(self.folder)
        moment = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.at = moment.isoformat()
        self.setting = f"CONFERENCE_PUBLISH_TIME={json.dumps(self.at)}"

    def failed(self) -> None:
        """The build or upload failed: the snapshots are as they were."""
        restore_snapshots(self.folder, self.saved)

    def changes(self) -> list[dict[str, Any]]:
        """The changes the build recorded."""
        return changes_since(self.folder, self.saved)

    def summary(self) -> str:
        """``2 schedule changes (1 moved, 1 cancelled) recorded``, or ``schedule
        unchanged``."""
        changes = self.changes()
        return f"{describe(changes)} recorded" if changes else "schedule unchanged"


def publication(settings: Mapping[str, Any], at: datetime | None = None) -> SchedulePublication:
    """Start publishing the schedules (before the build that publishes them)."""
    return SchedulePublication(settings, at)


def outside_inputs(settings: Mapping[str, Any]) -> list[str]:
    """What a build reads from outside the project's folders: the share cards' font
    (fontconfig's choice, or ``CONFERENCE_CARD_FONT``), by its identity."""
    from .cards import find_font, font_identity

    config = ConferenceSettings.read(settings)
    return font_identity(find_font(config.card_font)) if config.share_cards else []


def load_people(settings: Mapping[str, Any]) -> dict[str, Person]:
    """Every person of the site, by id. Raises ContentError on invalid files."""
    facts = site(settings)
    return _load_people(facts.people_path, facts.languages)


def load_edition_index(settings: Mapping[str, Any]) -> dict[str, Edition]:
    """Every edition (without sessions), by id. Raises ContentError on invalid files."""
    facts = site(settings)
    people = _load_people(facts.people_path, facts.languages)
    return load_editions(facts.editions_path, people, facts.languages)


def register_exporter(cls: type[Exporter]) -> type[Exporter]:
    """Add the format ``cls`` (an :class:`Exporter` or :class:`SessionExporter` subclass)
    to every build from now on, after the built-in ones; call it from a plugin's
    ``register()`` (usable as a class decorator). The same as connecting a receiver of
    :data:`conference_exporters` that returns ``cls``."""

    def exporter(sender: object) -> type[Exporter]:
        return cls

    conference_exporters.connect(exporter, weak=False)
    return cls
