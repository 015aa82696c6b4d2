"""Read a frab/pentabarf XML schedule (``<schedule><day><room><event>``) leniently.

Giggity-era files (FOSDEM, wafer, merged congress schedules) all break the XSD somewhere;
only a document without ``<day>`` elements, or not XML at all, stops the import.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from .model import SourceError, SourceEvent, SourceLink, SourcePerson, SourceSchedule
from .timeparse import parse_clock, parse_date, parse_datetime, parse_minutes, start_on_day

EXPECTED = "a frab/pentabarf schedule: <schedule> with <day><room><event> elements"


def _text(element: ET.Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None and found.text else ""


def read_xml(data: bytes) -> SourceSchedule:
    """The schedule in ``data``; raises SourceError when it is not XML or not a schedule."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(f"is not well-formed XML ({exc}); expected {EXPECTED}") from None
    if root.tag != "schedule" or root.find("day") is None:
        raise SourceError(f"expected {EXPECTED}; found <{root.tag}> without <day>")
    conference = root.find("conference")
    result = SourceSchedule(
        title=_text(conference, "title"),
        acronym=_text(conference, "acronym"),
        start=parse_date(_text(conference, "start")),
        end=parse_date(_text(conference, "end")),
        timezone=_text(conference, "time_zone_name"),
        url=_text(conference, "url") or _text(conference, "base_url"),
        city=_text(conference, "city"),
        venue=_text(conference, "venue"),
    )
    for day_index, day in enumerate(root.findall("day")):
        for room in day.findall("room"):
            room_name = (room.get("name") or "").strip()
            for index, event in enumerate(room.findall("event")):
                where = f"day {day_index + 1}, room {room_name!r}, event {index + 1}"
                parsed = _event(event, day, room_name, where, result.notes)
                if parsed is not None:
                    result.add_room(parsed.room)
                    result.events.append(parsed)
    return result


def _start(event: ET.Element, day: ET.Element) -> datetime | None:
    start = parse_datetime(_text(event, "date"))
    if start is not None and "T" in _text(event, "date"):
        return start
    return start_on_day(
        parse_date(day.get("date")),
        parse_clock(_text(event, "start")),
        parse_datetime(day.get("start")),
    )


def _event(
    event: ET.Element, day: ET.Element, room: str, where: str, notes: list[str]
) -> SourceEvent | None:
    title = _text(event, "title")
    start = _start(event, day)
    minutes = parse_minutes(_text(event, "duration"))
    if not title or start is None or minutes is None:
        missing = "title" if not title else "start time" if start is None else "duration"
        notes.append(f"{where}: no usable {missing}; skipped")
        return None
    number = (event.get("id") or "").strip()
    key = (event.get("guid") or event.get("code") or number or _text(event, "slug")).strip()
    persons = []
    for person in event.iter("person"):
        name = (person.text or "").strip()
        if name:
            persons.append(
                SourcePerson((person.get("guid") or person.get("id") or name).strip(), name)
            )
    links = []
    for tag in ("link", "attachment"):
        for link in event.iter(tag):
            href = (link.get("href") or "").strip()
            if href:
                links.append(SourceLink(href, (link.text or "").strip()))
    return SourceEvent(
        where=where,
        key=key or where,
        number=number,
        title=title,
        start=start,
        minutes=minutes,
        room=_text(event, "room") or room,
        slug=_text(event, "slug"),
        subtitle=_text(event, "subtitle"),
        abstract=_text(event, "abstract"),
        description=_text(event, "description"),
        track=_text(event, "track"),
        type=_text(event, "type"),
        language=_text(event, "language"),
        url=_text(event, "url"),
        persons=persons,
        links=links,
    )
