"""What the importer reads from a schedule, independent of its format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


class SourceError(ValueError):
    """The source cannot be imported; the message says what was expected."""


@dataclass
class SourcePerson:
    """A speaker: ``key`` is the source's code, id or name (stable between exports)."""

    key: str
    name: str
    biography: str = ""


@dataclass
class SourceLink:
    """A link or attachment of an event."""

    url: str
    title: str = ""


@dataclass
class SourceEvent:
    """One event (talk, workshop...). ``start`` is zone-aware when the source said so."""

    key: str
    number: str
    title: str
    start: datetime
    minutes: int
    room: str
    slug: str = ""
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    track: str = ""
    type: str = ""
    language: str = ""
    url: str = ""
    persons: list[SourcePerson] = field(default_factory=list)
    links: list[SourceLink] = field(default_factory=list)
    #: where the event is in the source (``day 1, room 'Saal 1', event 3``), for errors
    where: str = ""


@dataclass
class SourceSchedule:
    """A whole schedule; ``notes`` lists what was skipped while reading."""

    title: str = ""
    acronym: str = ""
    start: date | None = None
    end: date | None = None
    timezone: str = ""
    url: str = ""
    city: str = ""
    venue: str = ""
    rooms: list[str] = field(default_factory=list)
    events: list[SourceEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add_room(self, name: str) -> None:
        """Remember a room name in order of first appearance."""
        if name and name not in self.rooms:
            self.rooms.append(name)
