"""``/editions/<id>/schedule.xml``: the frab (pentabarf) XML schedule.

Valid against voc/schedule's ``frab-schedule.xml.xsd``. Elements the schema types as
absolute http(s) URLs (``url``, ``base_url``) are left out when the site has no
``site_url``; so is ``slug`` when a short session id cannot meet the schema's pattern, and
so are the optional ``subtitle``, ``language`` and ``description`` when they would be empty
(clients read an empty element differently from a missing one).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from . import validate
from .base import Exporter, _
from .common import GENERATOR_NAME, ExportContext, duration, iso, schedule_version

_XSD_SLUG = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$")
# Characters XML 1.0 cannot carry at all (imported texts sometimes contain them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items() if v is not None}
    )
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def build(
    ctx: ExportContext, path: str = "", add_event: Callable[[ET.Element, Any], Any] | None = None
) -> ET.Element:
    """The ``<schedule>`` element tree of the file at ``path`` (an output path; the
    edition's ``schedule.xml`` unless given); ``add_event(room, session)`` adds each
    session's event to its room's element (the whole ``<event>`` unless given)."""
    add_event = add_event or (lambda room, session: room.append(_event(ctx, session)))
    edition = ctx.edition
    root = ET.Element("schedule")
    _add(root, "generator", name=GENERATOR_NAME)
    if ctx.is_absolute():
        _add(root, "url", ctx.absolute(path or f"{ctx.files_base}/schedule.xml"))
    _add(root, "version", schedule_version(edition))
    conference = _add(root, "conference")
    _add(conference, "acronym", ctx.acronym)
    _add(conference, "title", ctx.title())
    _add(conference, "start", edition.start.isoformat())
    _add(conference, "end", edition.end.isoformat())
    _add(conference, "days", str((edition.end - edition.start).days + 1))
    _add(conference, "timeslot_duration", "00:05")
    if ctx.is_absolute():
        _add(conference, "base_url", ctx.absolute(""))
        _add(conference, "url", ctx.page_url(edition.page_path))
    _add(conference, "time_zone_name", edition.timezone.key)
    for track in sorted({ctx.track(s) for s in edition.sessions} - {""}):
        _add(conference, "track", name=track)
    for day in ctx.days():
        day_element = _add(
            root,
            "day",
            date=day.date.isoformat(),
            start=iso(day.start),
            end=iso(day.end),
            index=str(day.index),
        )
        for room, sessions in day.rooms:
            room_element = _add(
                day_element, "room", name=ctx.text(room.name), guid=ctx.room_uid(room)
            )
            for session in sessions:
                add_event(room_element, session)
    return root


def _event(ctx: ExportContext, session: Any) -> ET.Element:
    # a UUID and a number: nothing for _NOT_XML to take out
    event = ET.Element("event", id=str(ctx.numeric_ids[session.id]), guid=ctx.session_uid(session))
    _add(event, "date", iso(session.start))
    _add(event, "start", f"{session.start:%H:%M}")
    _add(event, "duration", duration(session))
    _add(event, "room", ctx.text(session.room.name))
    slug = ctx.slug(session)
    if _XSD_SLUG.match(slug):
        _add(event, "slug", slug)
    if ctx.is_absolute():
        _add(event, "url", ctx.session_url(session))
    _add(event, "title", ctx.session_title(session))
    _add(event, "track", ctx.track(session))
    _add(event, "type", session.type)
    if session.language:
        _add(event, "language", session.language)
    _add(event, "abstract", ctx.abstract(session))
    # optional elements are left out when empty: an empty <description> makes Giggity
    # drop every abstract without ASCII letters (see ExportContext.description)
    description = ctx.description(session)
    if description:
        _add(event, "description", description)
    persons = _add(event, "persons")
    for person in session.speakers:
        _add(
            persons,
            "person",
            ctx.person_name(person),
            id=str(ctx.person_ids[person.id]),
            guid=ctx.person_uid(person),
        )
    links = _add(event, "links")
    for kind in ("slides", "video", "audio"):
        url = getattr(session, kind)
        if url:
            _add(links, "link", kind.capitalize(), href=url, type=kind)
    return event


#: an ``<event>``'s depth in the tree: schedule, day, room, event
_EVENT_LEVEL = 3
#: the tag of the element that stands for the event numbered N in :func:`render`'s
#: skeleton (texts and attributes are escaped: only our code writes a tag)
_MARK = "frab-event-{}"
_MARKS = re.compile(r"<frab-event-(\d+) />")


def render(ctx: ExportContext, path: str = "") -> bytes:
    """The UTF-8 XML document, indented (``ET.indent`` of :func:`build`'s tree).

    Each event is serialized alone, indented at its depth (``ET.indent`` indents an
    element from its own level: the same text as in the whole tree), and kept by the
    render cache while its session is the same (:meth:`ExportContext.session_piece`);
    the rest is serialized with an empty element in each event's place, replaced by the
    event's text."""
    texts: list[str] = []

    def mark(room: ET.Element, session: Any) -> None:
        texts.append(ctx.session_piece("frab-xml-text", session, lambda: _event_text(ctx, session)))
        ET.SubElement(room, _MARK.format(len(texts) - 1))

    parts = _MARKS.split(_serialize(build(ctx, path, mark)))
    if parts[1::2] != [str(n) for n in range(len(texts))]:  # never: only we write tags
        parts = [_serialize(build(ctx, path))]
    out = [parts[0]]
    for number, after in zip(parts[1::2], parts[2::2], strict=True):
        out += [texts[int(number)], after]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(out) + "\n").encode("utf-8")


def _serialize(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode")


def _event_text(ctx: ExportContext, session: Any) -> str:
    """One ``<event>`` serialized alone, indented as :func:`render` places it."""
    event = _event(ctx, session)
    ET.indent(event, level=_EVENT_LEVEL)
    return ET.tostring(event, encoding="unicode")


class FrabXmlExporter(Exporter):
    """``schedule.xml``, for ConfClerk, Giggity and EventFahrplan."""

    identifier = "frab_xml"
    path = "schedule.xml"
    media_type = "application/xml"
    label = _("Schedule (frab XML)")
    link_text = _("frab XML")

    def render(self, ctx: ExportContext, path: str) -> bytes:
        """The frab XML schedule."""
        return render(ctx, path)

    def validate(self, data: bytes) -> list[str]:
        """Problems against voc/schedule's XSD (needs ``xmlschema``, in the test lock)."""
        return validate.xml_problems(data, validate.SCHEMAS / "frab-schedule.xml.xsd")
