"""``/editions/<id>/schedule.json``: the frab/pretalx JSON schedule.

Valid against voc/schedule's ``frab-schedule.schema.json``: persons are written in the
pretalx shape (``name``, ``guid``), events carry both the legacy (``start``,
``duration``, integer ``id``) and the current (``date``, ``end``, ``guid``) fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ..media import link_type
from . import validate
from .base import Exporter, _
from .common import GENERATOR_NAME, ExportContext, duration, iso, schedule_version

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_ZONE_NAME_RE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_ROOM_SLUG_RE = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")


def schedule_data(
    ctx: ExportContext, event_of: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """The schedule as a JSON-ready mapping; each session's event is ``event_of(session)``
    (:func:`event` unless given)."""
    event_of = event_of or (lambda session: event(ctx, session))
    edition = ctx.edition
    conference: dict[str, Any] = {
        "acronym": ctx.acronym,
        "title": ctx.title(),
        "start": edition.start.isoformat(),
        "end": edition.end.isoformat(),
        "daysCount": (edition.end - edition.start).days + 1,
        "timeslot_duration": "00:05",
        "url": ctx.page_url(edition.page_path),
    }
    if edition.theme:
        conference["description"] = ctx.text(edition.theme)
    if _ZONE_NAME_RE.match(edition.timezone.key):
        conference["time_zone_name"] = edition.timezone.key
    if edition.keywords:
        conference["keywords"] = [ctx.converted(word) for word in edition.keywords]
    tracks = sorted({ctx.track(s) for s in edition.sessions} - {""})
    if tracks:
        conference["tracks"] = [{"name": name} for name in tracks]
    # Neither schema allows an integer room id; consumers key rooms on the name, the guid
    # and (JSON only) the slug, which is our room id wherever it fits the schema's pattern.
    conference["rooms"] = [
        {
            "name": ctx.text(room.name),
            "guid": ctx.room_uid(room),
            **({"slug": room.id} if _ROOM_SLUG_RE.match(room.id) else {}),
        }
        for room in edition.rooms.values()
    ]
    conference["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": iso(day.start),
            "day_end": iso(day.end),
            "rooms": {
                ctx.text(room.name): [event_of(s) for s in sessions] for room, sessions in day.rooms
            },
        }
        for day in ctx.days()
    ]
    schedule: dict[str, Any] = {"version": schedule_version(edition), "conference": conference}
    if ctx.is_absolute():
        schedule["base_url"] = ctx.absolute("")
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR_NAME},
        "schedule": schedule,
    }


def event(ctx: ExportContext, session: Any) -> dict[str, Any]:
    """One session as a frab event."""
    return {
        "guid": ctx.session_uid(session),
        "id": ctx.numeric_ids[session.id],
        "date": iso(session.start),
        "start": f"{session.start:%H:%M}",
        "end": iso(session.end),
        "duration": duration(session),
        "room": ctx.text(session.room.name),
        "slug": ctx.slug(session),
        "url": ctx.session_url(session),
        "title": ctx.session_title(session),
        "subtitle": "",
        "track": ctx.track(session) or None,
        "type": session.type,
        "language": session.language,
        "abstract": ctx.abstract(session),
        "description": ctx.description(session),
        "persons": [
            {
                # pretalx's shape with frab's integer id (no public_name: the schema's
                # oneOf must match the pretalx shape alone)
                "id": ctx.person_ids[person.id],
                "name": ctx.person_name(person),
                "guid": ctx.person_uid(person),
                **({"url": person.blog} if person.blog else {}),
                **({"biography": ctx.text(person.bio)} if person.bio else {}),
            }
            for person in session.speakers
        ],
        "links": [
            {"type": link_type(kind), "url": url, "title": kind.capitalize()}
            for kind, url in (
                ("slides", session.slides),
                ("video", session.video),
                ("audio", session.audio),
            )
            if url
        ],
    }


#: a string that stands for the event numbered ``{}`` in the skeleton that :func:`render`
#: dumps (a NUL is always escaped, so only the same string in a text could match it)
_MARK = "\x00frab-event-{}"
_MARKS = re.compile(r'"\\u0000frab-event-(\d+)"')


def render(ctx: ExportContext) -> bytes:
    """The UTF-8 JSON document, ``json.dumps(schedule_data(ctx), indent=2)``.

    Dumping with ``indent`` runs json's pure-Python encoder: for 772 sessions in four trees
    that was 1.9 s of every build. So each event is dumped alone (and kept by the render
    cache while its session is the same, :meth:`ExportContext.session_piece`), the rest is
    dumped with a mark in each event's place, and every mark is replaced by its event's
    text, indented as deep as the mark: a JSON text has no raw line break in a string, so
    indenting each line of an event gives the bytes of the whole dump. A text of the
    skeleton that happens to be a mark makes the count differ: then the whole is dumped."""
    texts: list[str] = []

    def mark(session: Any) -> str:
        texts.append(
            ctx.session_piece("frab-json-text", session, lambda: _event_text(ctx, session))
        )
        return _MARK.format(len(texts) - 1)

    skeleton = _dump(schedule_data(ctx, mark))
    parts = _MARKS.split(skeleton)
    numbers = parts[1::2]
    if numbers != [str(n) for n in range(len(texts))]:
        return (_dump(schedule_data(ctx)) + "\n").encode("utf-8")
    out = [parts[0]]
    for number, after in zip(numbers, parts[2::2], strict=True):
        before = out[-1]
        indent = before[before.rfind("\n") + 1 :]
        out.append(texts[int(number)].replace("\n", "\n" + indent))
        out.append(after)
    return ("".join(out) + "\n").encode("utf-8")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def _event_text(ctx: ExportContext, session: Any) -> str:
    """One event dumped alone, as :func:`render` places it (not yet indented)."""
    return _dump(event(ctx, session))


class FrabJsonExporter(Exporter):
    """``schedule.json``, the frab/pretalx JSON schedule."""

    identifier = "frab_json"
    path = "schedule.json"
    media_type = "application/json"
    label = _("Schedule (frab JSON)")
    link_text = _("frab JSON")

    def render(self, ctx: ExportContext, path: str) -> bytes:
        """The frab JSON schedule."""
        return render(ctx)

    def validate(self, data: bytes) -> list[str]:
        """Problems against voc/schedule's JSON Schema (needs ``jsonschema``)."""
        schema = validate.SCHEMAS / "frab-schedule.schema.json"
        return validate.json_problems(json.loads(data), schema)
