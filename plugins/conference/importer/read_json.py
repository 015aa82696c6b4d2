"""Read a frab or pretalx JSON schedule (``schedule.conference.days[].rooms{}``) leniently.

Real exports break the JSON Schema in many small ways (string ids, unknown keys, missing
fields); only what the importer cannot do without stops it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .model import SourceError, SourceEvent, SourceLink, SourcePerson, SourceSchedule
from .timeparse import parse_clock, parse_date, parse_datetime, parse_minutes, start_on_day

EXPECTED = "a frab/pretalx schedule: a JSON object with schedule.conference.days"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # a translated text {en: ..., de: ...}: take the first
        value = next((v for v in value.values() if v), "")
    return str(value).strip()


def read_json(data: Any) -> SourceSchedule:
    """The schedule in ``data`` (parsed JSON); raises SourceError when it is not one."""
    if not isinstance(data, dict):
        raise SourceError(f"expected {EXPECTED}, found a JSON {type(data).__name__}")
    schedule = data.get("schedule", data)
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict) or not isinstance(conference.get("days"), list):
        raise SourceError(f"expected {EXPECTED}; 'schedule.conference.days' is missing")
    result = SourceSchedule(
        title=_text(conference.get("title")),
        acronym=_text(conference.get("acronym")),
        start=parse_date(conference.get("start")),
        end=parse_date(conference.get("end")),
        timezone=_text(conference.get("time_zone_name")),
        url=_text(conference.get("url") or schedule.get("base_url")),
    )
    for room in conference.get("rooms") or []:
        if isinstance(room, dict):
            result.add_room(_text(room.get("name")))
    for day_index, day in enumerate(conference["days"]):
        if not isinstance(day, dict) or not isinstance(day.get("rooms"), dict):
            result.notes.append(f"day {day_index + 1}: no 'rooms' mapping; skipped")
            continue
        for room_name, events in day["rooms"].items():
            for index, event in enumerate(events if isinstance(events, list) else []):
                where = f"day {day_index + 1}, room {room_name!r}, event {index + 1}"
                parsed = _event(event, day, str(room_name), where, result.notes)
                if parsed is not None:
                    result.add_room(parsed.room)
                    result.events.append(parsed)
    return result


def _start(event: dict, day: dict) -> datetime | None:
    start = parse_datetime(event.get("date"))
    if start is not None and (start.hour or start.minute or "T" in str(event.get("date"))):
        return start
    day_date = parse_date(day.get("date")) or (start.date() if start else None)
    return start_on_day(
        day_date, parse_clock(event.get("start")), parse_datetime(day.get("day_start"))
    )


def _event(event: Any, day: dict, room: str, where: str, notes: list[str]) -> SourceEvent | None:
    if not isinstance(event, dict):
        notes.append(f"{where}: not an object; skipped")
        return None
    title = _text(event.get("title"))
    start = _start(event, day)
    minutes = parse_minutes(event.get("duration"))
    end = parse_datetime(event.get("end"))
    if minutes is None and start is not None and end is not None:
        try:
            minutes = int((end - start).total_seconds() // 60)
        except TypeError:
            minutes = None
    if not title or start is None or minutes is None:
        missing = "title" if not title else "start time" if start is None else "duration"
        notes.append(f"{where}: no usable {missing}; skipped")
        return None
    number = _text(event.get("id"))
    key = _text(event.get("guid") or event.get("code") or number or event.get("slug"))
    return SourceEvent(
        where=where,
        key=key or where,
        number=number,
        title=title,
        start=start,
        minutes=minutes,
        room=_text(event.get("room")) or room,
        slug=_text(event.get("slug")),
        subtitle=_text(event.get("subtitle")),
        abstract=_text(event.get("abstract")),
        description=_text(event.get("description")),
        track=_text(event.get("track")),
        type=_text(event.get("type")),
        language=_text(event.get("language")),
        url=_text(event.get("url")),
        persons=[p for p in map(_person, event.get("persons") or []) if p is not None],
        links=[
            SourceLink(_text(link.get("url") or link.get("href")), _text(link.get("title")))
            for link in [*(event.get("links") or []), *(event.get("attachments") or [])]
            if isinstance(link, dict) and (link.get("url") or link.get("href"))
        ],
    )


def _person(person: Any) -> SourcePerson | None:
    if isinstance(person, str):
        return SourcePerson(person.strip(), person.strip()) if person.strip() else None
    if not isinstance(person, dict):
        return None
    name = _text(person.get("name") or person.get("public_name") or person.get("full_public_name"))
    if not name:
        return None
    key = _text(person.get("code") or person.get("guid") or person.get("id")) or name
    return SourcePerson(key, name, _text(person.get("biography")))
