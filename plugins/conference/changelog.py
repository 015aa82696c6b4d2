"""The changes page and Atom feed of an edition's schedule, in each language tree.

``/{lang}/editions/<id>/changes.html`` and ``changes.atom`` list the changes
:mod:`.changes` found (published and pending), newest first: a session moved, its room
changed, cancelled, or new. Times are shown in the edition's zone, rooms by their names in
the page's language, titles in that language (else the session's original). Every text
comes from content (untrusted): the page escapes it (Jinja autoescape), the feed carries
it as plain text, which feedgenerator escapes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from babel import dates
from markupsafe import escape

from plugins.core import keys
from plugins.core.feeds import AtomFeed
from plugins.core.lists import join_list
from plugins.core.sanitize import strip_controls

from .changes import Change

#: the kinds' labels (msgids of the theme's catalogs; ``changes.html`` uses the same)
LABELS = {
    "moved": "Moved",
    "room": "Room changed",
    "cancelled": "Cancelled",
    "new": "New",
}


def changes_path(edition: Any, extension: str = "html") -> str:
    """``editions/<id>/changes.html`` (or ``.atom``) inside a language tree."""
    return f"editions/{edition.id}/changes.{extension}"


def when(edition: Any, item: dict[str, Any], language: Any) -> str:
    """``14 Nov 2009, 09:30–10:30`` in the edition's zone, for ``language``."""
    zone = edition.timezone
    start = datetime.fromisoformat(item["start"]).astimezone(zone)
    end = datetime.fromisoformat(item["end"]).astimezone(zone)
    day = dates.format_date(start, "medium", locale=language.locale)
    times = [
        dates.format_time(t, "short", tzinfo=zone, locale=language.locale) for t in (start, end)
    ]
    return f"{day}, {times[0]}\u2013{times[1]}"


def rooms(edition: Any, item: dict[str, Any], language: Any) -> str:
    """The rooms of a session state by name (an id no longer in the edition as it is)."""
    names = [
        edition.rooms[rid].localized(language) if rid in edition.rooms else rid
        for rid in item.get("rooms", [])
    ]
    return join_list(names, language.locale)


def row(edition: Any, change: Change, language: Any, default: str) -> dict[str, Any]:
    """What the page and the feed show of one change."""
    sessions = {s.id: s for s in edition.sessions}
    session = sessions.get(change.session)
    before = change.before
    after = change.after
    if change.kind == "moved":
        old, new = when(edition, before, language), when(edition, after, language)
    elif change.kind == "room":
        old, new = rooms(edition, before, language), rooms(edition, after, language)
    else:
        shown = before if change.kind == "cancelled" else after
        old, new = "", f"{when(edition, shown, language)} · {rooms(edition, shown, language)}"
    return {
        "at": change.at,
        "at_local": change.at.astimezone(edition.timezone),
        "kind": change.kind,
        "label": LABELS[change.kind],
        "session": change.session,
        "title": strip_controls(change.title(language.tag, default)),
        "page_path": "" if session is None or change.kind == "cancelled" else session.page_path,
        "before": strip_controls(old),
        "after": strip_controls(new),
        "published": change.published,
    }


def change_rows(edition: Any, language: Any, default: str) -> list[dict[str, Any]]:
    """Every change of the edition, newest first, for ``language``."""
    found = getattr(edition, "schedule_changes", None)
    return [row(edition, c, language, default) for c in (found.changes if found else [])]


def changes_feed(
    conference: Any, edition: Any, language: Any, rows: list[dict[str, Any]], context: dict
) -> AtomFeed:
    """The Atom feed of ``rows`` (one entry per change), titled in ``language``."""
    catalog = (context.get(keys.LANGUAGES_CATALOGS) or {}).get(language.tag)

    def _(message: str) -> str:
        return catalog.gettext(message) if catalog is not None else message

    base = conference.site_url or ""
    page = f"{base}/{language.path(changes_path(edition))}"
    feed_url = f"{base}/{language.path(changes_path(edition, 'atom'))}"
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, conference.site_url or str(conference.name))
    first = datetime.combine(edition.start, datetime.min.time(), edition.timezone)
    feed = AtomFeed(
        title=strip_controls(
            f"{_('Schedule changes')} · {conference.name.localized(language)} {edition.year}"
        ),
        link=page,
        feed_url=feed_url,
        description="",
        language=language.tag,
        feed_guid=f"urn:uuid:{uuid.uuid5(namespace, f'changes/{edition.id}')}",
        stable_date=first,  # no change yet: dated by the edition, not the clock
    )
    for item in rows:
        detail = " \u2192 ".join(p for p in (item["before"], item["after"]) if p)
        link = f"{base}/{language.path(item['page_path'])}" if item["page_path"] else page
        ident = f"changes/{edition.id}/{item['session']}/{item['kind']}/{item['at'].isoformat()}"
        feed.add_item(
            title=f"{_(item['label'])}: {item['title']}",
            link=link,
            # Atom <summary type="html">: the untrusted text escaped, read back as text
            description=str(escape(detail)),
            pubdate=item["at"],
            updateddate=item["at"],
            unique_id=f"urn:uuid:{uuid.uuid5(namespace, ident)}",
        )
    return feed
