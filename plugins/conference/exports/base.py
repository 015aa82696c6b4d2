"""The classes a schedule file format is made of: one :class:`Exporter` class per format.

Every consumer loops over the registry instead of naming formats: :func:`write_exports`
writes each exporter's files, the edition, schedule and session pages link each one (its
path, media type and translated label), the README's table of files is checked against
it. Adding a format is one module with an :class:`Exporter` subclass, listed in
:func:`.registry.builtin` or, from another plugin, returned by a receiver of the
:data:`~plugins.conference.stages.conference_exporters` signal (see
:func:`plugins.conference.api.register_exporter`). The shape follows pretalx's schedule
exporters (an identifier, a file, a media type, a label, a render method), written for
this site's per-language trees.

An exporter's ``path`` is relative to the edition's files folder (``editions/<id>/`` in
every language tree, and at the site root for the default language). It may use
``{edition}`` and, for a :class:`SessionExporter` (one file per session), ``{session}``;
both are ids checked at load (letters, digits, ``-``, ``_``), so no path leaves the folder.
Labels are English msgids, translated by the templates with the theme's catalogs (marked
here with :func:`_` so ``invoke i18n-extract`` finds them).
"""

from __future__ import annotations

import posixpath
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from .common import ExportContext


def _(message: str) -> str:
    """Mark ``message`` for ``invoke i18n-extract``; the templates translate it."""
    return message


class Exporter:
    """One file per edition in each language tree (frab XML, an edition's calendar...).

    Subclasses set the class attributes and implement :meth:`render`."""

    #: unique name of the format (``frab_xml``), also the key of the pages' ``files``
    identifier: ClassVar[str] = ""
    #: output path inside the edition's files folder; may use ``{edition}``
    path: ClassVar[str] = ""
    #: the media type of the file (the ``type`` of the pages' links)
    media_type: ClassVar[str] = ""
    #: the link's text in the edition page's list of files (an English msgid)
    label: ClassVar[str] = ""
    #: the link's text on the schedule page (a session's page for a SessionExporter)
    link_text: ClassVar[str] = ""
    #: where :meth:`write` writes from, as the one-source-per-output check names it
    source: ClassVar[str] = "the conference plugin's schedule export"
    #: the file shows only the edition's sessions (texts, speakers, changes), its files and
    #: the conference, so the render cache keeps it while they are the same; False: the
    #: file is made anew every build
    cacheable: ClassVar[bool] = True

    def render(self, ctx: ExportContext, path: str) -> bytes:
        """The file's bytes for ``ctx`` (one edition in one language); ``path`` is its
        output path (for a self link)."""
        raise NotImplementedError

    def validate(self, data: bytes) -> list[str]:
        """Every way ``data`` breaks the format's schema, as ``where: what`` lines (none
        when the format has no schema). Used by the tests, not by the build: a schema
        checker is an optional dependency."""
        return []

    def output_path(self, files_base: str, edition: Any, session: Any = None) -> str:
        """The output path of this format's file of ``edition`` (and ``session``) in the
        folder ``files_base``."""
        ids = {"edition": edition.id, "session": getattr(session, "id", "")}
        return f"{files_base}/{self.path.format(**ids)}"


class SessionExporter(Exporter):
    """One file per session in each language tree (a session's calendar); its ``path``
    uses ``{session}``."""

    source: ClassVar[str] = "the conference plugin's session export"

    def render(self, ctx: ExportContext, path: str, session: Any = None) -> bytes:
        """The file of ``session`` for ``ctx``."""
        raise NotImplementedError

    def cache_inputs(self, session: Any) -> dict[str, Any]:
        """What the file of ``session`` shows besides the session, its edition and the
        language (which the render cache always keys on)."""
        return {}


@dataclass(frozen=True)
class Download:
    """One file a page links to: what the templates loop over."""

    identifier: str
    path: str
    media_type: str
    label: str
    link_text: str


_FIELDS = {"edition", "session"}


class Exporters:
    """This run's exporters (the built-in ones, then those other plugins add), checked:
    identifiers and paths unique, paths inside the edition's folder."""

    def __init__(self, classes: Iterable[type[Exporter]]):
        self.all: list[Exporter] = []
        seen_ids: dict[str, str] = {}
        seen_paths: dict[str, str] = {}
        for cls in classes:
            exporter = cls()
            _check(exporter)
            name = type(exporter).__qualname__
            for seen, key in ((seen_ids, exporter.identifier), (seen_paths, exporter.path)):
                if key in seen:
                    raise ValueError(
                        f"conference: exporters {seen[key]} and {name} both use {key!r}; "
                        "expected a unique identifier and path per format"
                    )
                seen[key] = name
            self.all.append(exporter)

    def __iter__(self) -> Iterator[Exporter]:
        return iter(self.all)

    def get(self, identifier: str) -> Exporter | None:
        """The exporter named ``identifier``, or None."""
        return next((e for e in self.all if e.identifier == identifier), None)

    @property
    def edition_exporters(self) -> list[Exporter]:
        """The formats with one file per edition."""
        return [e for e in self.all if not isinstance(e, SessionExporter)]

    @property
    def session_exporters(self) -> list[SessionExporter]:
        """The formats with one file per session."""
        return [e for e in self.all if isinstance(e, SessionExporter)]

    def downloads(self, files_base: str, edition: Any, session: Any = None) -> list[Download]:
        """The files a page links to: the edition's (or ``session``'s) in ``files_base``."""
        chosen = self.session_exporters if session is not None else self.edition_exporters
        return [
            Download(
                e.identifier,
                e.output_path(files_base, edition, session),
                e.media_type,
                e.label,
                e.link_text,
            )
            for e in chosen
        ]


def _check(exporter: Exporter) -> None:
    """Refuse an exporter whose declaration is incomplete or whose path could leave the
    edition's folder (a mistake in code, so a ValueError naming the class)."""
    name = type(exporter).__qualname__
    # (an empty label would be translated to the catalog's header)
    for attribute in ("identifier", "path", "media_type", "label", "link_text"):
        if not isinstance(getattr(exporter, attribute), str) or not getattr(exporter, attribute):
            raise ValueError(f"conference: exporter {name} has no {attribute}")
    fields = {f for _text, f, _spec, _conv in string.Formatter().parse(exporter.path) if f}
    wanted = _FIELDS if isinstance(exporter, SessionExporter) else {"edition"}
    normal = posixpath.normpath(exporter.path)
    if (
        not fields <= wanted
        or (isinstance(exporter, SessionExporter) and "session" not in fields)
        or normal != exporter.path
        or normal.startswith(("/", ".."))
    ):
        raise ValueError(
            f"conference: exporter {name} has the path {exporter.path!r}; expected a "
            f"relative path inside the edition's folder using only {sorted(wanted)}"
        )
