"""Map a :class:`~.model.SourceSchedule` onto content files for one edition.

Real schedules break rules our model enforces; the importer drops such events and says
why instead of writing files that would stop the build:

- an event with no length, or one longer than 24 hours, is dropped;
- an event whose source key repeats one already taken is dropped (merged schedules);
- an event that overlaps an earlier one *in the same room* is dropped (the earlier one,
  by start time then source order, is kept);
- the edition's days are widened to cover every kept event, so none falls outside them.

Rooms are only those with a kept event. People get no consent flags (``listed: false``):
no consent, no listing. Speakers are linked to existing person files only on explicit
evidence (:mod:`.people`); talk languages are decided by :mod:`.talklang`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml

from plugins.core.langtags import LanguageSet

from .folders import Folders
from .manifest import Manifest
from .model import SourceError, SourceEvent, SourceSchedule
from .people import Linker, People
from .talklang import TalkLanguage, assign_languages
from .texts import (
    local_time,
    make_id,
    plain,
    session_body,
    session_markdown,
    session_title,
    session_type,
    speakers_as_text,
    unique,
    web_url,
    yaml_document,
)

MAX_MINUTES = 24 * 60
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "media.ccc.de")


@dataclass
class Plan:
    """Files to write (path relative to content/ -> text) and what was dropped."""

    files: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    linked_people: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    languages: list[TalkLanguage] = field(default_factory=list)
    sessions: int = 0
    rooms: int = 0
    people: int = 0
    tracks: int = 0
    days: int = 0


def _media(event: SourceEvent) -> dict[str, str]:
    """Slides, Video and Audio links recognised among the event's (http(s) only)."""
    found: dict[str, str] = {}
    for link in event.links:
        web = web_url(link.url)
        if not web:
            continue
        url, title = web.lower(), link.title.lower()
        host = urlsplit(url).netloc
        if "slide" in title or url.endswith((".pdf", ".odp", ".pptx", ".key")):
            found.setdefault("Slides", web)
        elif url.endswith((".mp3", ".ogg", ".opus", ".m4a")) or "audio" in title:
            found.setdefault("Audio", web)
        elif (
            url.endswith((".mp4", ".webm", ".mkv"))
            or "video" in title
            or any(host.endswith(h) for h in _VIDEO_HOSTS)
        ):
            found.setdefault("Video", web)
    return found


def _keep(events: list[tuple[SourceEvent, Any]], plan: Plan) -> list[tuple[SourceEvent, Any]]:
    """Drop events the content model forbids; notes say which and why."""
    kept, keys, last_end = [], set(), {}
    for event, start in sorted(events, key=lambda pair: pair[1]):
        label = f"{event.title!r} ({local_time(start)}, room {event.room!r})"
        if event.minutes <= 0 or event.minutes > MAX_MINUTES:
            plan.dropped.append(f"{label}: length {event.minutes} min; expected 1 min to 24 h")
            continue
        if event.key in keys:
            plan.dropped.append(f"{label}: repeats event {event.key!r}")
            continue
        previous = last_end.get(event.room)
        if previous is not None and start < previous[0]:
            plan.dropped.append(f"{label}: overlaps {previous[1]!r} in the same room")
            continue
        keys.add(event.key)
        last_end[event.room] = (start + timedelta(minutes=event.minutes), event.title)
        kept.append((event, start))
    return kept


def _edition_number(
    content_dir: Path, edition_id: str, wanted: int | None, folders: Folders
) -> int:
    if wanted:
        return wanted
    numbers = {}
    for path in sorted((content_dir / folders.editions).glob("*/edition.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("number"), int):
            numbers[path.parent.name] = data["number"]
    if edition_id in numbers:
        return numbers[edition_id]
    return max(numbers.values(), default=0) + 1


@dataclass(frozen=True)
class ImportTarget:
    """Where and how a schedule is imported: the edition, its site, and the options."""

    #: the edition's id (its folder under the editions folder)
    edition_id: str
    #: the edition's time zone: events without an offset are in it
    zone: ZoneInfo
    #: the site's content folder
    content_dir: Path
    languages: LanguageSet
    #: the ids chosen by earlier imports (updated with the new ones)
    manifest: Manifest
    #: tells a text's language (None when unsure)
    detect: Callable[[str], str | None]
    #: ``--number``, ``--city``, ``--language``
    number: int | None = None
    city: str | None = None
    language: str | None = None
    #: the schedule's qualifier of people ids (see :class:`.people.Linker`)
    qualifier: str = ""
    #: the site's editions and people folders (default: the default ones)
    folders: Folders | None = None


def plan_import(schedule: SourceSchedule, target: ImportTarget) -> Plan:
    """Every file the import of ``schedule`` would write; ``target.manifest`` gets the ids
    chosen."""
    edition_id, zone, content_dir = target.edition_id, target.zone, target.content_dir
    manifest, number, city = target.manifest, target.number, target.city
    folders = target.folders or Folders()
    plan = Plan()
    located = [
        (e, (e.start.astimezone(zone) if e.start.tzinfo else e.start.replace(tzinfo=zone)))
        for e in schedule.events
    ]
    kept = _keep(located, plan)
    speakers_as_text(kept)
    plan.languages = assign_languages(
        [e for e, _ in kept], target.languages, target.language, target.detect
    )
    base = folders.edition(edition_id)
    session_dir = content_dir / base / "sessions"
    taken_sessions = set(manifest.sessions.values()) | (
        {p.name.split(".")[0] for p in session_dir.glob("*.md")} if session_dir.is_dir() else set()
    )
    _rebind_sessions(manifest, kept)
    taken_rooms = set(manifest.rooms.values())
    linker = Linker(
        People.load(content_dir, edition_id, folders),
        manifest,
        target.qualifier,
        f"{base}/people-map.yaml",
        folders,
    )
    used_rooms: dict[str, str] = {}
    written_people: dict[str, str] = {}
    tracks = set()
    for (event, start), talk in zip(kept, plan.languages, strict=True):
        if event.room not in manifest.rooms:
            manifest.rooms[event.room] = unique(make_id(plain(event.room), "room"), taken_rooms)
        used_rooms[event.room] = manifest.rooms[event.room]
        title = session_title(event)
        if event.key not in manifest.sessions:
            fallback = f"session-{make_id(event.number or event.key, 'x')}"
            manifest.sessions[event.key] = unique(make_id(title, fallback), taken_sessions)
        session_id = manifest.sessions[event.key]
        speakers = []
        for person in event.persons:
            person_id = linker.person_id(person)
            speakers.append(person_id)
            relative = folders.person(person_id)
            if person_id not in linker.people.existing or relative in manifest.files:
                written_people[person_id] = _person_yaml(person, schedule, linker.source_id(person))
        meta = [
            ("Title", title),
            ("Start", local_time(start)),
            ("End", local_time(start + timedelta(minutes=event.minutes))),
            ("Room", used_rooms[event.room]),
            ("Type", session_type(event.type)),
            ("Track", event.track),
            ("Speakers", ", ".join(dict.fromkeys(speakers))),
            ("Language", talk.spoken),
            *sorted(_media(event).items()),
        ]
        tracks.add(event.track)
        plan.files[f"{base}/sessions/{session_id}.{talk.tree}.md"] = session_markdown(
            meta, session_body(event)
        )
    plan.linked_people, plan.suggestions = linker.linked, linker.suggested
    for person_id, text in written_people.items():
        plan.files[folders.person(person_id)] = text
    days = sorted({start.date() for _, start in kept})
    if not days and not schedule.start:
        raise SourceError("has no event that could be imported and no conference start date")
    first = min(d for d in (schedule.start, *days[:1]) if d)
    last = max(d for d in (schedule.end, *days[-1:], first) if d)
    plan.files[f"{base}/edition.yaml"] = _edition_yaml(
        schedule,
        zone,
        first,
        last,
        _edition_number(content_dir, edition_id, number, folders),
        city,
        [(name, used_rooms[name]) for name in schedule.rooms if name in used_rooms],
    )
    plan.sessions, plan.rooms, plan.people = (
        len(kept),
        len(used_rooms),
        len({p for e, _ in kept for p in (manifest.people[x.key] for x in e.persons)}),
    )
    plan.tracks, plan.days = len(tracks - {""}), (last - first).days + 1
    return plan


def _rebind_sessions(manifest: Manifest, kept: list[tuple[SourceEvent, Any]]) -> None:
    """A talk whose source id changed keeps its session id (so its file) when the new id's
    title gives the id an event no longer in the source had: no stale copy is left."""
    keys = {event.key for event, _ in kept}
    orphans = {sid: key for key, sid in manifest.sessions.items() if key not in keys}
    for event, _ in kept:
        if event.key in manifest.sessions:
            continue
        session_id = make_id(plain(event.title), "")
        if session_id and session_id in orphans:
            del manifest.sessions[orphans.pop(session_id)]
            manifest.sessions[event.key] = session_id


def _person_yaml(person, schedule: SourceSchedule, source_id: str | None) -> str:
    data: dict[str, Any] = {"name": plain(person.name), "listed": False, "aggregate": False}
    if person.biography:
        data["bio"] = plain(person.biography)
    if source_id:
        data["source_ids"] = [source_id]
    return yaml_document(
        f"Imported from the schedule of {_named(schedule)} by invoke "
        "import-schedule. No consent is recorded: set listed/aggregate only with it. "
        "source_ids links this person to their id in that schedule.",
        data,
    )


def _edition_yaml(
    schedule: SourceSchedule,
    zone: ZoneInfo,
    first: date,
    last: date,
    number: int,
    city: str | None,
    rooms: list[tuple[str, str]],
) -> str:
    data: dict[str, Any] = {
        "number": number,
        "start": first,
        "end": last,
        "timezone": zone.key,
        "city": city or plain(schedule.city or schedule.venue or schedule.title) or "-",
    }
    if plain(schedule.venue):
        data["venue"] = plain(schedule.venue)
    data["rooms"] = [{"id": room_id, "name": plain(name) or room_id} for name, room_id in rooms]
    url = web_url(schedule.url)
    if url:
        data["links"] = [{"type": "website", "url": url, "title": plain(schedule.title) or url}]
    return yaml_document(
        f"Imported from the schedule of {_named(schedule)} by invoke "
        "import-schedule; edit freely (a later import then leaves this file alone).",
        data,
    )


def _named(schedule: SourceSchedule) -> str:
    """The schedule's title for a comment line of a YAML file: one line, at most 80
    characters (the title is the source's, not ours)."""
    return plain(schedule.title)[:80] or "an event"
