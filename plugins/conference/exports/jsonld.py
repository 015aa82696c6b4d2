"""schema.org JSON-LD for edition, session, post and person pages.

The series is an ``EventSeries``; an edition is an ``Event`` whose ``superEvent`` is the
series and whose ``subEvent`` lists its sessions; a session is an ``Event`` whose
``superEvent`` is its edition. Speakers are ``Person`` objects with their blog as ``url``.
Texts are in the page's language (with the usual fallback); ``inLanguage`` is the language
a session is given in. ``@id`` names the thing, not the page, so it is the same in every
language tree (the default language's URL). A post is a ``BlogPosting`` (the fields
Google's article results read: headline, dates, authors as ``Person`` with their page,
image); a person's page is a ``ProfilePage`` of a ``Person`` whose ``sameAs`` are their
blog, feed and links.
Every page's JSON-LD is built here (a converted tree converts the page it is in). The
result is safe to place inside ``<script type="application/ld+json">``: ``<``, ``>`` and
``&`` are escaped.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from plugins.core.sanitize import is_http_url
from plugins.core.text import html_to_text

from ..cards import card_path
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


def _absolute(conference: Any, path: str) -> str:
    return f"{(conference.site_url or '').rstrip('/')}/{path.lstrip('/')}"


def _person_id(conference: Any, person: Any, languages: Any) -> str:
    """The person's ``@id``: their page in the default language's tree, ``#person``."""
    return _absolute(conference, languages.default.path(person.page_path)) + "#person"


def _same_as(person: Any) -> list[str]:
    """The person's own addresses elsewhere: blog, public feed, links (http(s) only)."""
    found = [person.blog, person.feed, *(link.url for link in person.links)]
    return list(dict.fromkeys(url for url in found if is_http_url(url)))


def person_data(conference: Any, person: Any, language: Any, languages: Any) -> dict[str, Any]:
    """A person's page: a ``ProfilePage`` (what Google's profile results read) whose
    ``mainEntity`` is the ``Person``: name in ``language``, the others as
    ``alternateName``, the page as ``url``, blog, feed and links as ``sameAs``."""
    name = person.name.localized(language)
    url = _absolute(conference, language.path(person.page_path))
    data: dict[str, Any] = {
        "@type": "Person",
        "@id": _person_id(conference, person, languages),
        "name": name,
        "url": url,
    }
    others = [text for text in dict.fromkeys(person.name.texts.values()) if text != name]
    if others:
        data["alternateName"] = others
    if person.bio:
        data["description"] = person.bio.localized(language)
    if is_http_url(person.avatar):
        data["image"] = person.avatar
    same_as = _same_as(person)
    if same_as:
        data["sameAs"] = same_as
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "inLanguage": language.tag,
        "mainEntity": data,
    }


def _author(conference: Any, person: Any, language: Any, languages: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person.name.localized(language)}
    if person.has_page:
        data["@id"] = _person_id(conference, person, languages)
        data["url"] = _absolute(conference, language.path(person.page_path))
    elif is_http_url(person.blog):
        data["url"] = person.blog
    return data


def post_data(
    conference: Any,
    article: Any,
    language: Any,
    languages: Any,
    share_cards: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """``BlogPosting`` of a post's page in ``language``'s tree."""
    url = _absolute(conference, article.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url + "#post",
        "headline": article.title,
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
        "inLanguage": article.lang,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {
            "@type": "Organization",
            "name": conference.name.localized(language),
            "url": _absolute(conference, language.path("index.html")),
        },
    }
    people = getattr(article, "people", None) or []
    if people:
        data["author"] = [_author(conference, p, language, languages) for p in people]
    summary = html_to_text(getattr(article, "summary", "") or "")
    if summary:
        data["description"] = summary
    image = _post_image(conference, article, language, share_cards)
    if image:
        data["image"] = image
    tags = [str(tag) for tag in getattr(article, "tags", None) or []]
    if tags:
        data["keywords"] = tags
    return data


def _post_image(conference: Any, article: Any, language: Any, share_cards: frozenset[str]) -> str:
    """The post's edition's picture, else the share card its page shows, else ''."""
    edition = getattr(article, "edition", None)
    if edition is not None and getattr(edition, "image", None):
        return edition.image
    card = card_path(language, edition)
    if card in share_cards and is_http_url(conference.site_url):
        return _absolute(conference, card)
    return ""


def script_json(data: dict[str, Any]) -> Markup:
    """JSON that cannot close the ``<script>`` element it sits in."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)
