"""One source per output file: a second write to the same URL is a located content error.

Pelican's ``Writer`` lets a write marked ``override_output`` replace an earlier one at the
same path, and skips (with an INFO line) a later write to a path already overridden; in
both cases one page silently disappears. An author's ``content/pages/search.en.md`` (URL
``en/search.html``) would lose to the search plugin's page, and two posts with one slug in
one language end in a ``FileOverwriteFailedError`` traceback.

:class:`ClaimingWriter` (installed through Pelican's ``get_writer`` signal by
:func:`connect`) records which source wrote each output path. The first write wins (content
is written before plugin pages, so an author's page is never replaced); every later write
to that path is skipped and recorded as a :class:`~plugins.core.errors.Problem` that names
both sources. Files no template renders (feeds, calendars, exports, OPML) are written with
:func:`write_output`, which claims their paths the same way. Once the output is written
(``finalized``), :func:`report_conflicts` raises them together as one
:class:`~plugins.core.errors.ContentError`, so the build fails with exit code 1 even
without ``--fatal``.

The claims of a run live on the writer Pelican creates for that run; the only module
state is a weak map from each Pelican object to its current run's claims, so ``finalized``
(whose sender is the Pelican object) can find them and ``regenerate`` starts afresh.
"""

from __future__ import annotations

import logging
import posixpath
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.writers import Writer

from . import keptpieces, parallel, report
from .atomic import write_atomic
from .buildcache import RenderCache, guard_content_cache, use_bytecode_cache
from .errors import ContentError, Problem, display_path
from .parallel import Share
from .staticoutputs import static_outputs_generator

logger = logging.getLogger(__name__)

#: keyword argument of ``Writer.write_file`` naming the writer of a page that comes from
#: no content file (a plugin page); :func:`plugins.core.render.write_global` sets it.
SOURCE = "output_source"

#: metadata keys that decide a content file's URL, looked up for the error's line.
_URL_KEYS = ("save_as", "url", "slug")

_RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Source:
    """Who writes an output file: a content file (``path``) or a plugin (``label`` only)."""

    label: str
    path: str | None = None

    @classmethod
    def of(cls, template: Any, kwargs: dict[str, Any]) -> Source:
        """The source of one ``write_file`` call, from its keyword arguments."""
        given = kwargs.pop(SOURCE, None)
        for kind in ("article", "page"):
            content = kwargs.get(kind)
            path = getattr(content, "source_path", None) if content is not None else None
            if path:
                return cls(_content_label(content, path), str(path))
        if given:
            return cls(str(given))
        return cls(f"template {getattr(template, 'name', template)}")


def _content_label(content: Any, path: str) -> str:
    shown = display_path(str(path))
    # attributes the languages plugin puts on the versions it writes in other trees
    if getattr(content, "is_fallback", False):
        return f"the untranslated version of {shown}"
    if getattr(content, "converted_from", None) is not None:
        return f"the converted version of {shown}"
    return shown


class OutputClaims:
    """Output paths of one run and who wrote them; conflicts grouped by pair of origins."""

    def __init__(self) -> None:
        self.owners: dict[str, Source] = {}
        #: (kept, skipped) origins -> (kept source, skipped source, paths)
        self.conflicts: dict[tuple[str, str], tuple[Source, Source, list[str]]] = {}

    def claim(self, save_as: str, source: Source) -> bool:
        """Record ``source`` as the writer of ``save_as``; False if another source has it."""
        key = posixpath.normpath(str(save_as).replace("\\", "/")).lstrip("/")
        owner = self.owners.setdefault(key, source)
        if owner == source:
            return True
        # a file and its untranslated versions in other trees are one origin: one problem
        pair = (owner.path or owner.label, source.path or source.label)
        self.conflicts.setdefault(pair, (owner, source, []))[2].append(key)
        logger.debug(
            "core: %s also writes %s, already written by %s; skipped",
            source.label,
            key,
            owner.label,
        )
        return False

    def problems(self) -> list[Problem]:
        """One located problem per pair of origins that wrote the same paths."""
        return [_problem(kept, skipped, paths) for kept, skipped, paths in self.conflicts.values()]


def _problem(kept: Source, skipped: Source, paths: list[str]) -> Problem:
    if len(paths) > 3:
        urls = f"{paths[0]} and {len(paths) - 1} more"
    else:
        urls = " and ".join([", ".join(paths[:-1]), paths[-1]] if len(paths) > 1 else paths)
    if kept.path is None and skipped.path is None:  # two plugins: a bug in our code
        return Problem(
            urls,
            f"written by both {kept.label} and {skipped.label}; "
            "expected one source per output file",
        )
    blamed, other = _blame(kept, skipped)
    assert blamed.path is not None  # _blame picks a content file when there is one
    key, line = _url_key_line(blamed.path)
    outcome = "this file" if blamed is kept else other.label
    return Problem(
        blamed.path,
        f"writes {urls}, which {other.label} also writes (only {outcome} was written); "
        f"expected a URL of its own: change {f'its {key}' if key else 'the file name or its Slug'}",
        where=key,
        line=line,
    )


def _blame(kept: Source, skipped: Source) -> tuple[Source, Source]:
    """The content file to change, and the other source.

    A content file rather than a plugin (the organizer can rename it); of two content
    files, the one whose metadata sets its URL (``Slug``, ``save_as``), else the one that
    was skipped.
    """
    if kept.path is None:
        return skipped, kept
    if skipped.path is None:
        return kept, skipped
    if _url_key_line(kept.path)[1] and not _url_key_line(skipped.path)[1]:
        return kept, skipped
    return skipped, kept


def _url_key_line(path: str) -> tuple[str, int | None]:
    """The metadata key that sets the URL of a Markdown file, and its line, if present."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "", None
    header = re.compile(r"^\s*(" + "|".join(_URL_KEYS) + r")\s*:", re.IGNORECASE)
    for number, text in enumerate(lines, start=1):
        if not text.strip():  # the metadata block ends at the first blank line
            break
        found = header.match(text)
        if found:
            return found.group(1), number
    return "", None


#: A keyword argument of a write: a callable that returns more keyword arguments, called
#: only when the page is rendered, not when the render cache keeps it. They are left out
#: of the page's key, so they must follow from its other arguments and the inputs of the
#: site digest (a page's JSON-LD, made from the session it is about).
DEFERRED = "deferred_arguments"


class ClaimingWriter(Writer):
    """Pelican's writer, refusing a second source for one output path (see module doc)."""

    claims: OutputClaims | None = None
    #: the run's :class:`~plugins.core.buildcache.RenderCache`, when ``RENDER_CACHE`` is on
    render_cache: RenderCache | None = None
    #: which writes this process renders, when two do (:mod:`.parallel`); None: all
    share: Share | None = None

    def __init__(self, output_path: str, settings: dict | None = None):
        super().__init__(output_path, settings=settings)
        if self.claims is None:
            self.claims = OutputClaims()

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Write as Pelican does, unless another source already wrote ``name``."""
        deferred = kwargs.pop(DEFERRED, None)
        source = Source.of(template, kwargs)
        assert self.claims is not None  # set by __init__
        # Pelican writes nothing for an empty name (a disabled *_SAVE_AS)
        if name and not self.claims.claim(name, source):
            return None
        if self.share is not None and not self.share.mine():
            return None  # the other process renders it
        cache, key = self.render_cache, None
        if cache is not None and name and paginated is None:
            key = cache.key(
                name,
                getattr(template, "name", ""),
                context,
                {**kwargs, "url": url, "relative_urls": relative_urls},
            )
            if cache.fresh(name, key):
                return None
        if deferred is not None:
            kwargs.update(deferred())
        if cache is not None:  # pieces of the page kept between builds (.keptpieces)
            kwargs.setdefault(keptpieces.PIECE, keptpieces.for_run(cache, context))
        written = super().write_file(
            name,
            template,
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )
        if key is not None and cache is not None:
            cache.record(name, key)
        return written


def write_output(writer: Writer, save_as: str, data: str | bytes, source: str) -> bool:
    """Write a file no template renders (feed, calendar, export) into the output, atomically,
    unless another source already claimed ``save_as`` (then it is a conflict, and skipped).

    ``source`` names the writer in an error: ``the planet plugin's feed``. Returns whether
    the file was written.
    """
    return write_output_of(writer, save_as, lambda: data, source)


def write_output_of(
    writer: Writer,
    save_as: str,
    render: Callable[[], str | bytes],
    source: str,
    *,
    context: dict | None = None,
    inputs: dict | None = None,
) -> bool:
    """:func:`write_output` of ``render()``; with ``inputs`` (and the generator's
    ``context``), left as it is when the render cache knows ``save_as`` was written from
    the same inputs (see :meth:`~plugins.core.buildcache.RenderCache.output_key`;
    ``source`` tells the kinds of file apart). Returns whether ``save_as`` is this
    source's (written now or kept)."""
    claims = getattr(writer, "claims", None)
    if claims is not None and not claims.claim(save_as, Source(source)):
        return False
    cache = getattr(writer, "render_cache", None) if inputs is not None else None
    key = cache.output_key(save_as, source, context or {}, inputs) if cache is not None else None
    if key is not None and cache is not None and cache.fresh(save_as, key):
        return True
    write_atomic(Path(writer.output_path) / save_as, render(), durable=False)
    if key is not None and cache is not None:
        cache.record(save_as, key)
    return True


def writer_class(pelican: Pelican) -> type[ClaimingWriter]:
    """``get_writer`` handler: a writer class whose claims belong to this run."""
    claims = OutputClaims()
    cache = RenderCache(pelican.settings) if pelican.settings.get("RENDER_CACHE") else None
    _RUNS[pelican] = claims
    _CACHES[pelican] = cache
    return type("ClaimingWriter", (ClaimingWriter,), {"claims": claims, "render_cache": cache})


def report_conflicts(pelican: Pelican) -> None:
    """``finalized`` handler: raise every output conflict of the run as one ContentError."""
    claims = _RUNS.pop(pelican, None)
    problems = claims.problems() if claims else []
    cache = _CACHES.pop(pelican, None)
    if problems:
        raise ContentError(problems)
    if cache is not None:
        cache.save(set(claims.owners) if claims else set())


def start_reporting(pelican: Pelican) -> None:
    """``get_generators`` handler (it returns no generator): reset the problem report for
    this run, ``regenerate`` included, and install its logging filters (:mod:`.report`)."""
    report.start_run(pelican.settings)


def connect() -> None:
    """Connect the handlers (idempotent: a receiver is connected once however often).

    The conflicts are a :class:`ContentError`, reported without a traceback by the
    logging filters of :mod:`.report`, installed here for every plugin that writes output.
    """
    signals.initialized.connect(guard_content_cache)
    signals.generator_init.connect(use_bytecode_cache)
    signals.generator_init.connect(keptpieces.install)
    signals.get_writer.connect(writer_class)
    parallel.connect()  # posts and pages written by two processes
    signals.get_generators.connect(start_reporting)
    signals.get_generators.connect(static_outputs_generator)
    signals.finalized.connect(report_conflicts)
    report.install()
