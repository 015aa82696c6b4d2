"""Size caps of an import (documented in the README, "Schedule files and imports").

A schedule is untrusted, and each of its texts is copied into several pages, feeds and
exports of every language: one 30 MB abstract once made a 649 MB site. So the source, the
number of events and each field have a cap; the first one exceeded stops the import with
one line naming the event (its place in the source, id and title) and the field.
"""

from __future__ import annotations

from plugins.core.errors import shown

from .model import SourceError, SourceEvent, SourceSchedule

#: bytes of a schedule file or download
MAX_SOURCE_BYTES = 16 * 1024 * 1024
#: events read from one schedule
MAX_EVENTS = 5_000
#: bytes (UTF-8) of all the texts of one import together (titles, abstracts, names,
#: bios...): in bytes, not characters, since the site's size follows them (a Chinese
#: character is 3 bytes) and every text is copied into each language's pages and exports
MAX_TEXT = 4_000_000
#: characters of one abstract, description or biography
MAX_LONG_TEXT = 50_000
#: characters of one title or subtitle, and of the schedule's title, city and venue
MAX_TITLE = 500
#: characters of one name: room, track, type, language, slug, speaker
MAX_NAME = 200
#: characters of one URL
MAX_URL = 2_000
#: speakers, and links, of one event
MAX_PERSONS = 100
MAX_LINKS = 100

_EVENT_FIELDS = {
    "title": MAX_TITLE,
    "subtitle": MAX_TITLE,
    "abstract": MAX_LONG_TEXT,
    "description": MAX_LONG_TEXT,
    "room": MAX_NAME,
    "track": MAX_NAME,
    "type": MAX_NAME,
    "language": MAX_NAME,
    "slug": MAX_NAME,
    "key": MAX_NAME,
    "number": MAX_NAME,
    "url": MAX_URL,
}
_SCHEDULE_FIELDS = {
    "title": MAX_TITLE,
    "acronym": MAX_NAME,
    "timezone": MAX_NAME,
    "url": MAX_URL,
    "city": MAX_TITLE,
    "venue": MAX_TITLE,
}


def check_size(size: int) -> None:
    """Refuse a source of more than :data:`MAX_SOURCE_BYTES` before it is parsed."""
    if size > MAX_SOURCE_BYTES:
        raise SourceError(
            f"has more than {MAX_SOURCE_BYTES:,} bytes; expected at most that (16 MiB) "
            "for one schedule"
        )


def check_limits(schedule: SourceSchedule) -> None:
    """Raise :class:`SourceError` at the first cap ``schedule`` exceeds."""
    for name, cap in _SCHEDULE_FIELDS.items():
        _check(getattr(schedule, name) or "", cap, f"the conference's {name}")
    if len(schedule.events) > MAX_EVENTS:
        raise SourceError(
            f"has {len(schedule.events):,} events; expected at most {MAX_EVENTS:,} in one import"
        )
    total = 0
    for event in schedule.events:
        total += _check_event(event)
        if total > MAX_TEXT:
            raise SourceError(
                f"{event_label(event)}: the texts up to this event have {total:,} bytes "
                f"(UTF-8); expected at most {MAX_TEXT:,} in one import"
            )


def event_label(event: SourceEvent) -> str:
    """``day 1, room 'Saal 1', event 3 (id '42', title 'Opening')``: an event of the source."""
    ids = f"id {shown(event.number or event.key)}, " if (event.number or event.key) else ""
    return f"{event.where or 'event'} ({ids}title {shown(event.title)})"


def _check_event(event: SourceEvent) -> int:
    label = event_label(event)
    size = sum(
        _check(getattr(event, n) or "", cap, f"{label}: {n}") for n, cap in _EVENT_FIELDS.items()
    )
    for what, items, cap in (
        ("speakers", event.persons, MAX_PERSONS),
        ("links", event.links, MAX_LINKS),
    ):
        if len(items) > cap:
            raise SourceError(f"{label}: {len(items):,} {what}; expected at most {cap}")
    for person in event.persons:
        size += _check(person.name, MAX_NAME, f"{label}: speaker name")
        size += _check(person.key, MAX_NAME, f"{label}: speaker id")
        size += _check(
            person.biography,
            MAX_LONG_TEXT,
            f"{label}: biography of {shown(person.name[:MAX_NAME])}",
        )
    for link in event.links:
        size += _check(link.url, MAX_URL, f"{label}: link")
        size += _check(link.title, MAX_TITLE, f"{label}: link title")
    return size


def _check(value: str, cap: int, what: str) -> int:
    """Check ``value`` against ``cap`` characters; returns its size in UTF-8 bytes."""
    if len(value) > cap:
        raise SourceError(f"{what} has {len(value):,} characters; expected at most {cap:,}")
    return len(value.encode("utf-8", "surrogatepass"))
