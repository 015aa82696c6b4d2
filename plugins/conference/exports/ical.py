"""iCalendar files: one per edition (``<id>.ics``) and one per session (``sessions/<id>.ics``).

Times are written with the edition's ``TZID`` and a ``VTIMEZONE`` built from the IANA
zone for the edition's years, so calendar apps show the local time the organizers meant.
``UID`` is the session's UUIDv5 (stable across builds). ``SEQUENCE`` counts the changes of
the session's time or room since the schedule was first published and ``DTSTAMP`` is when
the publication that last changed it ran (see :mod:`..changes`); a session that never
changed has ``SEQUENCE:0`` and its start in UTC as ``DTSTAMP``. No build time goes in, so
two builds of the same content and snapshot are byte-identical.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, timedelta
from typing import Any

from icalendar import Calendar, Event, Timezone

from plugins.core.lists import join_list

from . import icalfold
from .base import Exporter, SessionExporter, _
from .common import ExportContext, revision

icalfold.install()  # the same folding, faster (see the module and the patch ledger)

PRODID = "-//blogcon-site//conference schedule//EN"


def _calendar(ctx: ExportContext, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name, parameters={"LANGUAGE": ctx.language.tag})
    calendar.add("x-wr-timezone", ctx.edition.timezone.key)
    return calendar


def _event(ctx: ExportContext, session: Any) -> Event:
    # RFC 5545 LANGUAGE: the language the text is written in (the original's where the
    # session has no translation into this file's language)
    written_in = {"LANGUAGE": ctx.text_lang(session)}
    event = Event()
    event.add("uid", ctx.session_uid(session))
    sequence, stamp = revision(session)
    event.add("dtstamp", (stamp or session.start).astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", _unambiguous(session.start))
    event.add("dtend", _unambiguous(session.end))
    event.add("summary", ctx.session_title(session), parameters=written_in)
    url = ctx.session_url(session)
    # Speakers go in the description: ATTENDEE would make calendar apps send invitations.
    names = join_list((ctx.person_name(p) for p in session.speakers), ctx.language.locale)
    parts = [names, ctx.abstract(session), url]
    event.add("description", "\n\n".join(p for p in parts if p), parameters=written_in)
    event.add("location", ctx.location(session), parameters={"LANGUAGE": ctx.language.tag})
    if ctx.is_absolute():
        event.add("url", url)
    track = ctx.track(session)
    if track:
        event.add("categories", [track])
    return event


def _finish(ctx: ExportContext, calendar: Calendar, tzids: set[str] | None = None) -> bytes:
    """The calendar with a VTIMEZONE for each zone its events name (``tzids``, when they
    are not among its components)."""
    edition = ctx.edition
    # VTIMEZONE for the edition's zone, covering the years around the edition only.
    # Calendar.add_missing_timezones would build the same VTIMEZONE again for every
    # session's file (half a second each: a 772-session schedule spent minutes there);
    # each zone and span is built once here and inserted where that method puts it.
    first = date(edition.start.year, 1, 1)
    last = date(edition.end.year + 1, 1, 1) + timedelta(days=1)
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids() if tzids is None else tzids - {"UTC"}):
        timezone = _vtimezone(tzid, first, last)
        if timezone is not None:
            calendar.subcomponents.insert(position, timezone)
            position += 1
    return calendar.to_ical()


@functools.lru_cache(maxsize=32)
def _unambiguous(moment):
    """``moment``, or in UTC when it is the second of a local time that happens twice.

    RFC 5545 (3.3.5) reads such a local time with a TZID as its first occurrence.
    """
    if moment.fold and moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(UTC)
    return moment


@functools.lru_cache(maxsize=32)
def _vtimezone(tzid: str, first: date, last: date) -> Timezone | None:
    """The VTIMEZONE of ``tzid`` from ``first`` to ``last`` (None for an unknown zone, which
    add_missing_timezones also leaves out). Calendars only read it, so one is shared."""
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None


def edition_calendar(
    ctx: ExportContext, events: Callable[[Any, Callable[[], list]], list] | None = None
) -> bytes:
    """Every session of the edition.

    ``events(session, make)``: the session's event as :func:`event_text` makes it, from a
    cache (:meth:`plugins.core.buildcache.RenderCache.fragment`): the calendar is then
    assembled from the events' text. A component's lines are the same alone and inside
    its calendar (icalendar flattens them), so both ways give the same bytes."""
    calendar = _calendar(ctx, ctx.title())
    if events is None:
        for session in ctx.edition.sessions:
            calendar.add_component(_event(ctx, session))
        return _finish(ctx, calendar)
    texts, tzids = [], set()
    for session in ctx.edition.sessions:
        text, used = events(session, functools.partial(event_text, ctx, session))
        texts.append(text)
        tzids.update(used)
    end = b"END:VCALENDAR\r\n"
    head = _finish(ctx, calendar, tzids)
    if not head.endswith(end):  # icalendar changed how it ends a calendar
        raise ValueError("iCalendar: a calendar does not end with END:VCALENDAR")
    return head[: -len(end)] + "".join(texts).encode("utf-8") + end


def event_text(ctx: ExportContext, session: Any) -> list:
    """``[text, tzids]``: the session's VEVENT as iCalendar text and the zones it names."""
    event = _event(ctx, session)
    used = {
        value.params.get("tzid")  # icalendar's parameters are case-insensitive
        for _, value in event.property_items(sorted=False)
        if hasattr(value, "params")
    }
    return [event.to_ical().decode("utf-8"), sorted(used - {None})]


def session_calendar(ctx: ExportContext, session: Any) -> bytes:
    """One session, for an "add to calendar" link."""
    calendar = _calendar(ctx, f"{ctx.session_title(session)} · {ctx.title()}")
    calendar.add_component(_event(ctx, session))
    return _finish(ctx, calendar)


class EditionCalendarExporter(Exporter):
    """``<edition>.ics``: every session of the edition."""

    identifier = "ical"
    path = "{edition}.ics"
    media_type = "text/calendar"
    label = _("Calendar (iCalendar)")
    link_text = _("Add the whole schedule to your calendar")

    def render(self, ctx: ExportContext, path: str) -> bytes:
        """The edition's calendar, assembled from the events the render cache kept (each
        made again only when its session changed)."""
        if ctx.fragment is None:
            return edition_calendar(ctx)

        def events(session: Any, make: Callable[[], list]) -> list:
            # its SEQUENCE and DTSTAMP: the revision is one of the piece's inputs
            return ctx.session_piece("ical-event", session, make)

        return edition_calendar(ctx, events=events)


class SessionCalendarExporter(SessionExporter):
    """``sessions/<session>.ics``: one session, for its page's "Add to calendar"."""

    identifier = "session_ical"
    source = "the conference plugin's session calendar"
    path = "sessions/{session}.ics"
    media_type = "text/calendar"
    label = _("Add to calendar")
    link_text = _("Add to calendar")

    def render(self, ctx: ExportContext, path: str, session: Any = None) -> bytes:
        """The session's calendar."""
        return session_calendar(ctx, session)

    def cache_inputs(self, session: Any) -> dict[str, Any]:
        """Its ``SEQUENCE`` and ``DTSTAMP`` come from the edition's schedule changes."""
        return {"revision": [str(v) for v in revision(session)]}
