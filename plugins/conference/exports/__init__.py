"""Standard schedule files written beside the HTML: frab XML and JSON, iCalendar.

:func:`write_exports` is the one entry point the generator calls. Every language tree has
its own files (``/{lang}/editions/<id>/...``: titles, abstracts, room and calendar names
and page links in that language, each session falling back to its original text), and
the language-neutral ``/editions/<id>/...`` files are the default language's, for apps
that subscribed to them before. UIDs and GUIDs are the same in every language. Files are
written with :func:`plugins.core.outputs.write_output` (atomically, once per path);
absolute links use the conference ``site_url`` and fall back to site-relative paths when
it is empty (in tests).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from plugins.core.outputs import write_output_of

from . import frab_json, frab_xml, ical
from .common import ExportContext

logger = logging.getLogger(__name__)


def files_base(edition: Any, language: Any = None) -> str:
    """Folder of an edition's files: ``editions/2009``, or ``en/editions/2009`` inside the
    tree of ``language``."""
    base = f"editions/{edition.id}"
    return language.path(base) if language is not None else base


def export_paths(edition: Any, language: Any = None) -> dict[str, str]:
    """Output paths (relative to the output folder) of an edition's standard files, in the
    tree of ``language`` (the language-neutral ones when None)."""
    base = files_base(edition, language)
    return {
        "frab_xml": f"{base}/schedule.xml",
        "frab_json": f"{base}/schedule.json",
        "ical": f"{base}/{edition.id}.ics",
    }


def session_ics_path(session: Any, language: Any = None) -> str:
    """Output path of one session's iCalendar file (in the tree of ``language``)."""
    return f"{files_base(session.edition, language)}/sessions/{session.id}.ics"


def files_language(language: Any, languages: Any) -> Any:
    """The language whose schedule files a page in ``language`` links to: its own, or for
    a derived language (zh-Hant converted by OpenCC after rendering) its source's, since
    the files are not converted."""
    if getattr(language, "is_derived", False):
        return languages.get(language.source) or languages.default
    return language


def write_exports(
    writer: Any, conference: Any, editions: list[Any], languages: Any, context: dict
) -> None:
    """Write frab XML/JSON and iCalendar files for every edition, in every language, into
    ``writer``'s output. A session's calendar shows only the session (its texts, speakers
    as names), its edition and the conference, so the render cache keeps it when none of
    them changed (the edition's files and the conference are in its site digest); the
    edition-wide files, when none of the edition's sessions changed."""
    source = "the conference plugin's schedule export"
    cache = getattr(writer, "render_cache", None)

    def events(tag: str | None) -> Any:
        """The events of an edition's calendar in language ``tag``, each kept from the
        last build while its session's inputs are the same (None: no cache)."""
        if cache is None:
            return None
        return lambda session, make: cache.fragment(
            "ical-event",
            context,
            {
                "session": session,
                "language": tag,
                "revision": [str(v) for v in ical.revision(session)],
            },
            make,
        )

    own = [language for language in languages if not language.is_derived]
    for edition in editions:
        for language in (None, *own):
            ctx = ExportContext(
                conference, edition, languages, language, files_base(edition, language)
            )
            paths = export_paths(edition, language)
            tag = language.tag if language is not None else None
            # every session (texts, speakers' files) and its changes; the edition's files,
            # the conference and the snapshots are in the render cache's site digest
            inputs = {
                "edition": edition,
                "sessions": list(edition.sessions),
                "language": tag,
                "revisions": [[str(v) for v in ical.revision(s)] for s in edition.sessions],
            }
            for kind, render in (
                ("frab_xml", frab_xml.render),
                ("frab_json", frab_json.render),
                ("ical", functools.partial(ical.edition_calendar, events=events(tag))),
            ):
                write_output_of(
                    writer,
                    paths[kind],
                    functools.partial(render, ctx),
                    source,
                    context=context,
                    inputs=inputs,
                )
            for session in edition.sessions:
                write_output_of(
                    writer,
                    session_ics_path(session, language),
                    functools.partial(ical.session_calendar, ctx, session),
                    "the conference plugin's session calendar",
                    context=context,
                    inputs={
                        "session": session,
                        "edition": edition,
                        "language": tag,
                        "revision": [str(v) for v in ical.revision(session)],
                    },
                )
        logger.debug(
            "conference: wrote schedule files of edition %s (%d sessions, %d languages)",
            edition.id,
            len(edition.sessions),
            len(languages),
        )
