"""Extra template variables of the conference pages, computed in Python, not in Jinja.

The generator passes these to ``editions.html``, ``edition.html``, ``schedule.html`` and
``session.html``; templates only format them.
"""

from __future__ import annotations

import json
from typing import Any

from plugins.core.collation import collate

from .chart import participants_chart
from .exports import export_paths, files_language, session_ics_path
from .exports.common import ExportContext
from .exports.jsonld import edition_data, script_json, session_data
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
) -> dict[str, Any]:
    """JSON-LD, speakers, links grouped by type and the edition's schedule files."""
    ctx = ExportContext(conference, edition, languages, language)
    ctx.cards = cards
    speakers: dict[str, Any] = {}
    for session in edition.sessions:
        for person in session.speakers:
            speakers.setdefault(person.id, person)
    return {
        "jsonld": script_json(edition_data(ctx, language)),
        "speakers": collate(
            speakers.values(), language.locale, lambda p: p.name.localized(language)
        ),
        "link_groups": [
            (kind, [link for link in edition.links if link.type == kind])
            for kind in LINK_GROUPS
            if any(link.type == kind for link in edition.links)
        ],
        "files": export_paths(edition, files_language(language, languages)),
    }


def schedule_page(edition: Any, language: Any, languages: Any) -> dict[str, Any]:
    """The grid of each day, the zone's UTC offsets, the schedule files in the page's
    language, the filters and each day's window (for "now")."""
    return {
        "grid_days": schedule_grid(edition),
        "offsets": zone_offsets(edition),
        "files": export_paths(edition, files_language(language, languages)),
        "facets": schedule_facets(edition, language),
        "windows": day_windows(edition),
        "breakable": breakable,
        "zone_label": lambda moment: zone_label(moment, language.locale),
    }


def planner_json(conference: Any, edition: Any, language: Any, languages: Any) -> str:
    """The edition's ``sessions.json`` for the ``language`` tree (see :mod:`.planner`)."""
    ctx = ExportContext(conference, edition, languages, language)
    data = planner_data(ctx, edition, language)
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
) -> dict[str, Any]:
    """JSON-LD, the video player link, coverage of this session and its .ics file."""
    edition = session.edition
    ctx = ExportContext(conference, edition, languages, language)
    ctx.cards = cards
    return {
        "jsonld": script_json(session_data(ctx, session, language)),
        "video_embed": video_embed(session.video),
        "coverage": [item for item in edition.coverage if item.get("session") == session.id],
        "ics_path": session_ics_path(session, files_language(language, languages)),
    }
