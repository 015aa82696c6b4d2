"""Extra template variables of the conference pages, computed in Python, not in Jinja.

The generator passes these to ``editions.html``, ``edition.html``, ``schedule.html``,
``session.html`` and ``person.html``; templates only format them. Posts, which Pelican
writes, get theirs from the ``post_jsonld`` template function.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from plugins.core import keys
from plugins.core.collation import collate

from .chart import participants_chart
from .exports import Exporters, files_base, files_language
from .exports.common import ExportContext
from .exports.jsonld import edition_data, person_data, post_data, script_json, session_data
from .grid import schedule_grid, zone_label, zone_offsets
from .media import video_embed
from .planner import breakable, day_windows, planner_data, schedule_facets

LINK_GROUPS = ("photos", "video", "press", "website", "other")


def editions_page(editions: list[Any]) -> dict[str, Any]:
    """``chart``: the participants-per-year chart (or None)."""
    return {"chart": participants_chart(editions)}


def edition_page(
    conference: Any,
    edition: Any,
    language: Any,
    languages: Any,
    cards: frozenset[str] = frozenset(),
    list_limit: int | None = None,
    exporters: Exporters | None = None,
) -> dict[str, Any]:
    """JSON-LD, speakers, links grouped by type and the edition's schedule files (``files``:
    a :class:`~.exports.Download` per format of ``exporters``); whether
    the page lists every session (at most ``list_limit`` of them), else each day's count
    (``day_counts``: date, sessions, the schedule's ``#day-N`` anchor)."""
    ctx = ExportContext(conference, edition, languages, language)
    ctx.cards = cards
    speakers: dict[str, Any] = {}
    for session in edition.sessions:
        for person in session.speakers:
            speakers.setdefault(person.id, person)
    listed = list_limit is None or len(edition.sessions) <= list_limit
    return {
        "jsonld": script_json(edition_data(ctx, language, sub_events=listed)),
        "list_sessions": listed,
        "day_counts": [
            (day, len(sessions), f"day-{index}")
            for index, (day, sessions) in enumerate(edition.days(), 1)
        ],
        "speakers": collate(
            speakers.values(), language.locale, lambda p: p.name.localized(language)
        ),
        "link_groups": [
            (kind, [link for link in edition.links if link.type == kind])
            for kind in LINK_GROUPS
            if any(link.type == kind for link in edition.links)
        ],
        "files": _downloads(exporters, edition, language, languages),
    }


def _downloads(
    exporters: Exporters | None, edition: Any, language: Any, languages: Any, session: Any = None
) -> list[Any]:
    """The schedule files a page in ``language`` links to (of ``session`` when given)."""
    if exporters is None:
        return []
    base = files_base(edition, files_language(language, languages))
    return exporters.downloads(base, edition, session)


def schedule_page(
    edition: Any, language: Any, languages: Any, exporters: Exporters | None = None
) -> dict[str, Any]:
    """The grid of each day, the zone's UTC offsets, the schedule files in the page's
    language, the filters and each day's window (for "now")."""
    return {
        "grid_days": schedule_grid(edition),
        "offsets": zone_offsets(edition),
        "files": _downloads(exporters, edition, language, languages),
        "facets": schedule_facets(edition, language),
        "windows": day_windows(edition),
        "breakable": breakable,
        "zone_label": lambda moment: zone_label(moment, language.locale),
    }


def planner_json(
    conference: Any, edition: Any, language: Any, languages: Any, converter: Any = None
) -> str:
    """The edition's ``sessions.json`` for the ``language`` tree (see :mod:`.planner`); a
    derived language's (zh-Hant) texts are its source's, converted by ``converter``."""
    ctx = ExportContext(conference, edition, languages, language)
    data = planner_data(ctx, edition, language)
    if converter is not None:
        data = converter.data(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def planner_path(edition: Any) -> str:
    """Path of an edition's ``sessions.json`` inside a language tree."""
    return f"editions/{edition.id}/sessions.json"


def session_page(
    conference: Any,
    session: Any,
    language: Any,
    languages: Any,
    cards: frozenset[str] = frozenset(),
    exporters: Exporters | None = None,
) -> dict[str, Any]:
    """JSON-LD, the video player link, coverage of this session and its files
    (``session_files``: its calendar)."""
    edition = session.edition
    ctx = ExportContext(conference, edition, languages, language)
    ctx.cards = cards
    return {
        "jsonld": script_json(session_data(ctx, session, language)),
        "video_embed": video_embed(session.video),
        "coverage": [item for item in edition.coverage if item.get("session") == session.id],
        "session_files": _downloads(exporters, edition, language, languages, session),
    }


def programme_path(edition: Any) -> str:
    """Path of an edition's printed programme (HTML) inside a language tree."""
    return f"editions/{edition.id}/programme.html"


def map_path(edition: Any) -> str | None:
    """Site path of the edition's room map (the same file for every language), or None."""
    if not edition.map:
        return None
    suffix = Path(edition.map).suffix.lower().replace(".jpeg", ".jpg")
    return f"editions/{edition.id}/rooms{suffix}"


def programme_page(edition: Any) -> dict[str, Any]:
    """``programme_days``: each day's sessions grouped by room, rooms in the edition's
    order; a session in several rooms (a plenary) is listed once, under its first room."""
    order = {room_id: i for i, room_id in enumerate(edition.rooms)}
    days = []
    for day, sessions in edition.days():
        by_room: dict[str, list[Any]] = {}
        for session in sessions:
            first = min(session.rooms, key=lambda room: order.get(room.id, len(order)))
            by_room.setdefault(first.id, []).append(session)
        rooms = sorted(by_room, key=lambda room_id: order.get(room_id, len(order)))
        days.append((day, [(edition.rooms[r], by_room[r]) for r in rooms]))
    return {
        "programme_days": days,
        "offsets": zone_offsets(edition),
        "room_map": map_path(edition),
    }


def person_page(conference: Any, person: Any, language: Any, languages: Any) -> dict[str, Any]:
    """JSON-LD of a person's page."""
    return {"jsonld": script_json(person_data(conference, person, language, languages))}


@pass_context
def post_jsonld(ctx: Any, article: Any, language: Any) -> Markup:
    """``post_jsonld(article, lang)`` in ``article.html``: the post's ``BlogPosting``."""
    return script_json(
        post_data(
            ctx[keys.CONFERENCE],
            article,
            language,
            ctx[keys.LANGUAGES],
            frozenset(ctx.get(keys.SHARE_CARDS) or ()),
        )
    )


def add_template_functions(generator: Any) -> None:
    """``generator_init`` handler: the template functions of the conference plugin."""
    generator.env.globals["post_jsonld"] = post_jsonld
