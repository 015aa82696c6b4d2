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
    return {
        "@type": "Place",
        "name": f"{ctx.room_names(session)}, {name}" if session is not None else name,
        "address": _address(edition, language),
    }


def _address(edition: Any, language: Any) -> dict[str, Any]:
    """A PostalAddress from the edition's ``address`` (the city when it gives none)."""
    given = edition.address
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for ours, theirs in (
        ("street", "streetAddress"),
        ("locality", "addressLocality"),
        ("region", "addressRegion"),
    ):
        if given.get(ours):
            address[theirs] = given[ours].localized(language)
    address.setdefault("addressLocality", edition.city.localized(language))
    if given.get("postal_code"):
        address["postalCode"] = given["postal_code"]
    if given.get("country"):
        address["addressCountry"] = given["country"]
    return address


def _status(data: dict[str, Any]) -> dict[str, Any]:
    """What Google's event results require of every Event: status and attendance mode."""
    data["eventStatus"] = "https://schema.org/EventScheduled"
    data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    return data


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
        "location": _place(ctx, language),
        "url": ctx.page_url(edition.page_path, str(language)),
    }
    if edition.theme:
        data["alternateName"] = edition.theme.localized(language)
    if edition.summary:
        data["description"] = edition.summary.localized(language)
    data["organizer"] = _edition_organizer(ctx, language)
    if ctx.image():
        data["image"] = ctx.image()
    return _status(data)


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
    if ctx.image(session):
        data["image"] = ctx.image(session)
    data["organizer"] = _edition_organizer(ctx, language)
    return _status(data)


def _edition_organizer(ctx: ExportContext, language: Any) -> Any:
    """The edition's organizers, else the series as an Organization."""
    if ctx.edition.organizers:
        return [_person(ctx, p, language) for p in ctx.edition.organizers]
    return {
        "@type": "Organization",
        "name": ctx.conference.name.localized(language),
        "url": ctx.page_url("index.html", str(language)),
    }


def edition_data(ctx: ExportContext, language: Any, sub_events: bool = True) -> dict[str, Any]:
    """EventSeries → Event (the edition) → subEvent (its sessions, unless ``sub_events`` is
    false: each session's page carries its own Event, with the edition as superEvent)."""
    edition = _edition(ctx, language)
    if sub_events:
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
