"""What the attendee's schedule tools need, computed at build time.

The schedule page filters sessions by track, room, type and the language a session is given
in; the theme's ``schedule.js`` reads the keys this module puts on each session
(``data-*`` attributes) and the options of each filter (:func:`schedule_facets`). Now &
next, "my schedule" and its ``.ics`` download read a small JSON file per language tree,
``{lang}/editions/{id}/sessions.json`` (:func:`planner_data`): each session's id, the UID of
the site's calendars, title, start and end as ISO 8601 with the edition's UTC offset (so
the browser compares instants, whatever the device's zone), rooms, track and page URL, and
the edition's days as local-midnight windows (outside them nothing is marked "now"), the
speakers' names, and when the session last changed and its calendar ``SEQUENCE``
(``changed``, ``sequence``: only for a session that changed since the schedule was first
published; see :mod:`.changes`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from babel import dates
from markupsafe import Markup, escape

from plugins.core.collation import collate
from plugins.core.langtags import display_name

from .grid import zone_label

#: where a room name without spaces may wrap (``D.declarative.minimalistic``)
_WRAP_AFTER = re.compile(r"(?<=[./_-])(?=\w)")


@dataclass
class Facet:
    """One filter of the schedule: its query parameter and its options (key, label)."""

    name: str
    options: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Facets:
    """The filters of one schedule page and each session's keys for them."""

    filters: list[Facet]
    track_key: dict[str, str]


def track_key(session: Any) -> str:
    """A stable, URL-friendly key of the session's track (from its original text), or ''."""
    track = str(getattr(session.texts[session.original], "track", "") or "").strip()
    if not track:
        return ""
    ascii_text = unicodedata.normalize("NFKD", track).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug
    return "t" + hashlib.sha1(track.encode("utf-8")).hexdigest()[:8]


def schedule_facets(edition: Any, language: Any) -> Facets:
    """The track, room, type and language filters, options in a stable, useful order:
    tracks and languages by label, collated for the page's language (pinyin in Chinese,
    :mod:`plugins.core.collation`), rooms in the edition's order, types by first use."""
    tracks: dict[str, str] = {}
    keys: dict[str, str] = {}
    types: list[str] = []
    spoken: dict[str, str] = {}
    used_rooms: set[str] = set()
    for session in edition.sessions:
        key = track_key(session)
        keys[session.id] = key
        if key and key not in tracks:
            tracks[key] = str(getattr(session.track_source(language), "track", "") or "").strip()
        used_rooms.update(room.id for room in session.rooms)
        if session.type not in types:
            types.append(session.type)
        if session.language and session.language not in spoken:
            spoken[session.language] = display_name(session.language, language.tag, False)
    rooms = [
        (rid, room.localized(language)) for rid, room in edition.rooms.items() if rid in used_rooms
    ]
    filters = [
        Facet("track", collate(tracks.items(), language.locale, key=lambda item: item[1])),
        Facet("room", rooms),
        Facet("type", [(kind, kind) for kind in types]),
        Facet("lang", collate(spoken.items(), language.locale, key=lambda item: item[1])),
    ]
    return Facets([f for f in filters if len(f.options) > 1], keys)


def breakable(name: str) -> Markup:
    """``name`` escaped, with a ``<wbr>`` after dots, hyphens and underscores, so a long
    room name without spaces wraps there rather than in the middle of a word."""
    return Markup("<wbr>").join(escape(part) for part in _WRAP_AFTER.split(str(name)))


def day_windows(edition: Any) -> list[dict[str, str]]:
    """Each day with sessions as an ISO window: local midnight to the next local midnight
    (or to the end of the day's last session, when it runs past midnight)."""
    windows = []
    for day, sessions in edition.days():
        start = datetime.combine(day, time(), edition.timezone)
        end = datetime.combine(day + timedelta(days=1), time(), edition.timezone)
        end = max([end, *(s.end for s in sessions)])
        windows.append(
            {"date": day.isoformat(), "start": start.isoformat(), "end": end.isoformat()}
        )
    return windows


def local_times(session: Any, locale: Any) -> str:
    """``14:00–14:45 GMT+01:00`` in the edition's zone, formatted for ``locale``, the zone
    named as on the schedule page (:func:`.grid.zone_label`)."""
    start, end = (
        dates.format_time(t, "short", tzinfo=t.tzinfo, locale=locale)
        for t in (session.start, session.end)
    )
    return f"{start}\u2013{end} {zone_label(session.start, locale)}"


def planner_data(ctx: Any, edition: Any, language: Any) -> dict[str, Any]:
    """The ``sessions.json`` of one language tree; ``ctx`` is the edition's ExportContext
    (for the UIDs of the site's calendars)."""
    sessions = []
    found = getattr(edition, "schedule_changes", None)
    changed_at = found.changed_at if found is not None else {}
    when: dict[tuple[Any, ...], str] = {}  # many sessions share their times (Babel is slow)
    for session in edition.sessions:
        text = session.text_for(ctx.texts_language)  # a derived language: its source's
        changed = changed_at.get(session.id)
        # aware datetimes of two zones are equal at one instant: the zones are in the key
        times = (session.start, session.end, session.start.tzinfo, session.end.tzinfo)
        if times not in when:
            when[times] = local_times(session, language.locale)
        sessions.append(
            {
                "id": session.id,
                "uid": ctx.session_uid(session),
                "title": text.title,
                "lang": session.text_lang(text),
                "start": session.start.isoformat(),
                "end": session.end.isoformat(),
                "when": when[times],
                "rooms": [room.id for room in session.rooms],
                "track": str(getattr(text, "track", "") or ""),
                "type": session.type,
                "url": f"sessions/{session.id}.html",
                "speakers": [p.name.localized(language) for p in session.speakers],
                **({"changed": changed.isoformat()} if changed else {}),
                **({"sequence": found.revision(session)[0]} if changed and found else {}),
            }
        )
    return {
        "edition": edition.id,
        "timezone": edition.timezone.key,
        "rooms": {rid: room.localized(language) for rid, room in edition.rooms.items()},
        "days": day_windows(edition),
        "sessions": sessions,
    }
