"""Standard schedule files written beside the HTML, one per registered format.

:func:`write_exports` is the one entry point the generator calls; the formats are the
:class:`~.registry.Exporter` classes of :mod:`.registry` (frab XML and JSON, iCalendar,
and any another plugin adds). Every language tree has its own files
(``/{lang}/editions/<id>/...``: titles, abstracts, room and calendar names and page links
in that language, each session falling back to its original text), and the
language-neutral ``/editions/<id>/...`` files are the default language's, for apps that
subscribed to them before. UIDs and GUIDs are the same in every language. Files are
written with :func:`plugins.core.outputs.write_output` (atomically, once per path);
absolute links use the conference ``site_url`` and fall back to site-relative paths when
it is empty (in tests).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from plugins.core.outputs import write_output, write_output_of
from plugins.languages.api import converter_for

from .common import ExportContext
from .ical import revision
from .registry import Download, Exporter, Exporters, SessionExporter, builtin

__all__ = [
    "Download",
    "Exporter",
    "Exporters",
    "SessionExporter",
    "files_base",
    "files_language",
    "write_exports",
]

logger = logging.getLogger(__name__)


def files_base(edition: Any, language: Any = None) -> str:
    """Folder of an edition's files: ``editions/2009``, or ``en/editions/2009`` inside the
    tree of ``language``."""
    base = f"editions/{edition.id}"
    return language.path(base) if language is not None else base


def files_language(language: Any, languages: Any) -> Any:
    """The language whose schedule files a page in ``language`` links to: its own (a
    derived language's, zh-Hant, are written converted, like its pages)."""
    return language


def write_exports(
    writer: Any,
    conference: Any,
    editions: list[Any],
    languages: Any,
    context: dict,
    exporters: Exporters | None = None,
) -> None:
    """Write every format's files (``exporters``, the built-in ones unless given) for every
    edition, in every language, into ``writer``'s output, each through the render cache:
    a session's file shows only the session (its texts, speakers as names), its edition
    and the conference, and is kept while none of them changed (the edition's files and
    the conference are in the cache's site digest); an edition-wide file, while none of
    the edition's sessions changed (unless its format is not ``cacheable``). The contexts
    get the cache's :meth:`~plugins.core.buildcache.RenderCache.fragment`, so a format may
    keep pieces (the calendar keeps each session's event)."""
    exporters = exporters if exporters is not None else Exporters(builtin())
    cache = getattr(writer, "render_cache", None)
    for edition in editions:
        for language in (None, *languages):
            base = files_base(edition, language)
            # a derived language (zh-Hant): its source's texts, converted
            converter = converter_for(context, language)
            ctx = ExportContext(conference, edition, languages, language, base, converter)
            if cache is not None:
                ctx.fragment = functools.partial(cache.fragment, context=context)
                ctx.inputs_key = functools.partial(cache.inputs_key, context)
            tag = language.tag if language is not None else None
            # every session (texts, speakers' files) and its changes; the edition's files,
            # the conference and the snapshots are in the render cache's site digest
            inputs = {
                "edition": edition,
                "sessions": list(edition.sessions),
                "language": tag,
                "revisions": [[str(v) for v in revision(s)] for s in edition.sessions],
            }
            for exporter in exporters.edition_exporters:
                path = exporter.output_path(base, edition)
                render = functools.partial(exporter.render, ctx, path)
                if not exporter.cacheable:
                    write_output(writer, path, render(), exporter.source)
                    continue
                write_output_of(
                    writer, path, render, exporter.source, context=context, inputs=inputs
                )
            for exporter in exporters.session_exporters:
                for session in edition.sessions:
                    path = exporter.output_path(base, edition, session)
                    write_output_of(
                        writer,
                        path,
                        functools.partial(exporter.render, ctx, path, session),
                        exporter.source,
                        context=context,
                        inputs={
                            "session": session,
                            "edition": edition,
                            "language": tag,
                            **exporter.cache_inputs(session),
                        },
                    )
        logger.debug(
            "conference: wrote schedule files of edition %s (%d sessions, %d languages)",
            edition.id,
            len(edition.sessions),
            len(languages),
        )
