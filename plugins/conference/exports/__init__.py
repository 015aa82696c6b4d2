"""Standard schedule files written beside the HTML: frab XML and JSON, iCalendar.

:func:`write_exports` is the one entry point the generator calls. Every file belongs to no
language tree (``/editions/<id>/...``) and is written with
:func:`plugins.core.outputs.write_output` (atomically, once per path). Texts come from
each session's original language file; absolute links use the conference ``site_url``
and fall back to site-relative paths when it is empty (e.g. in tests).
"""

from __future__ import annotations

import logging
from typing import Any

from plugins.core.outputs import write_output

from . import frab_json, frab_xml, ical
from .common import ExportContext

logger = logging.getLogger(__name__)


def export_paths(edition: Any) -> dict[str, str]:
    """Output paths (relative to the output folder) of an edition's standard files."""
    base = f"editions/{edition.id}"
    return {
        "frab_xml": f"{base}/schedule.xml",
        "frab_json": f"{base}/schedule.json",
        "ical": f"{base}/{edition.id}.ics",
    }


def session_ics_path(session: Any) -> str:
    """Output path of one session's iCalendar file."""
    return f"editions/{session.edition.id}/sessions/{session.id}.ics"


def write_exports(writer: Any, conference: Any, editions: list[Any], languages: Any) -> None:
    """Write frab XML/JSON and iCalendar files for every edition into ``writer``'s output."""
    source = "the conference plugin's schedule export"
    for edition in editions:
        ctx = ExportContext(conference, edition, languages)
        paths = export_paths(edition)
        write_output(writer, paths["frab_xml"], frab_xml.render(ctx), source)
        write_output(writer, paths["frab_json"], frab_json.render(ctx), source)
        write_output(writer, paths["ical"], ical.edition_calendar(ctx), source)
        for session in edition.sessions:
            write_output(writer, session_ics_path(session), ical.session_calendar(ctx, session),
                         source)
        logger.debug("conference: wrote schedule files of edition %s (%d sessions)",
                     edition.id, len(edition.sessions))
