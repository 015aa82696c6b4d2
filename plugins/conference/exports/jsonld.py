"""schema.org JSON-LD for edition and session pages.

The series is an ``EventSeries``; an edition is an ``Event`` whose ``superEvent`` is the
series and whose ``subEvent`` lists its sessions; a session is an ``Event`` whose
``superEvent`` is its edition. Speakers are ``Person`` objects with their blog as ``url``.
Texts are in the page's language (with the usual fallback); ``inLanguage`` is the language
a session is given in. ``@id`` names the thing, not the page, so it is the same in every
language tree (the default language's URL). The result is safe to place inside
``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` are escaped.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .common import ExportContext, iso


def _person(ctx: ExportContext, person: Any, language: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name.localized(language)}
    if person.blog:
        data["url"] = person.blog
    if person.bio:
        data["description"] = person.bio.localized(language)
    return data


def _place(ctx: ExportContext, language: Any, session: Any = None) -> dict[str, Any]:
    edition = ctx.edition
    name = edition.venue.localized(language) or edition.city.localized(language)
    place: dict[str, Any] = {
        "@type": "Place",
        "name": f"{ctx.room_names(session)}, {name}" if session is not None else name,
        "address": edition.city.localized(language),
    }
    return place


def _series(ctx: ExportContext, language: Any) -> dict[str, Any]:
    return {
        "@type": "EventSeries",
        "@id": ctx.absolute("#series"),
        "name": ctx.conference.name.localized(language),
        "url": ctx.page_url("index.html", str(language)),
    }


def _edition(ctx: ExportContext, language: Any) -> dict[str, Any]:
    edition = ctx.edition
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": ctx.page_url(edition.page_path, ctx.default.tag) + "#event",
        "name": f"{ctx.conference.name.localized(language)} {edition.year}",
        "startDate": edition.start.isoformat(),
        "endDate": edition.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(ctx, language),
        "url": ctx.page_url(edition.page_path, str(language)),
    }
    if edition.theme:
        data["alternateName"] = edition.theme.localized(language)
    if edition.summary:
        data["description"] = edition.summary.localized(language)
    if edition.organizers:
        data["organizer"] = [_person(ctx, p, language) for p in edition.organizers]
    return data


def _session(ctx: ExportContext, session: Any, language: Any) -> dict[str, Any]:
    text = session.text_for(language)
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": ctx.page_url(session.page_path, ctx.default.tag) + "#event",
        "name": text.title,
        "startDate": iso(session.start),
        "endDate": iso(session.end),
        "inLanguage": session.language,
        "location": _place(ctx, language, session),
        "url": ctx.page_url(session.page_path, str(language)),
    }
    if session.speakers:
        data["performer"] = [_person(ctx, p, language) for p in session.speakers]
    return data


def edition_data(ctx: ExportContext, language: Any) -> dict[str, Any]:
    """EventSeries → Event (the edition) → subEvent (its sessions)."""
    edition = _edition(ctx, language)
    edition["subEvent"] = [_session(ctx, s, language) for s in ctx.edition.sessions]
    series = _series(ctx, language)
    series["subEvent"] = [edition]
    return {"@context": "https://schema.org", **series}


def session_data(ctx: ExportContext, session: Any, language: Any) -> dict[str, Any]:
    """Event (the session) → superEvent (edition) → superEvent (series)."""
    edition = _edition(ctx, language)
    edition["superEvent"] = _series(ctx, language)
    data = _session(ctx, session, language)
    text = session.text_for(language)
    abstract = ctx.abstract_of(text)
    if abstract:
        data["description"] = abstract
    data["superEvent"] = edition
    return {"@context": "https://schema.org", **data}


def script_json(data: dict[str, Any]) -> Markup:
    """JSON that cannot close the ``<script>`` element it sits in."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)
