"""Markdown converted in a worker process while the build goes on reading.

Reading is a third of a full build, and turning Markdown into HTML (building a
``markdown.Markdown`` for every file, then ``convert``) half of that. When a generator
starts reading posts or pages (``article_generator_preread`` / ``page_generator_preread``,
sent before each file: the first one counts), the files it is going to read, and that
Pelican's reader cache does not hold, are handed to a worker process forked from the
build, which converts them in the order Pelican reads them. The build meanwhile does the
rest of reading on its own core (our checks, metadata, Pelican's ``Content`` objects),
and :class:`~.reader.CheckingMarkdownReader` takes each file's HTML and metadata lines
from the worker instead of converting it itself.

The conference generator does the same for each edition's sessions.
The worker does only what Pelican's ``MarkdownReader.read`` does with the file's text
(the same ``MARKDOWN`` settings, forked, so the same extensions), and returns plain
strings. A file it fails on is converted by the build as if there were no worker, so an
error is the build's own, located as always. Small sites (under :data:`MIN_FILES`
files) and one-core machines read as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from typing import Any

from markdown import Markdown
from pelican.utils import pelican_open

#: Fewer files than this are read without a worker: forking would cost more.
MIN_FILES = 200
#: Files converted per task (one answer of the worker).
CHUNK = 16
#: Seconds to wait for one task's answer before reading on without the worker (a worker
#: that died leaves its task unanswered).
WAIT = 120.0
#: The attribute of a reader that holds its :class:`Prefetch` for the run.
ATTRIBUTE = "_prefetch"

logger = logging.getLogger(__name__)

_markdown_settings: dict[str, Any] = {}  # in the worker only: its copy of MARKDOWN


def start(generator: Any) -> None:
    """``*_generator_preread`` handler: on the first file of ``generator``, start the
    worker on every Markdown file it will read that the reader cache lacks."""
    reader = generator.readers.readers.get("md")
    if reader is None or reader.__dict__.get(ATTRIBUTE) is not None:
        return
    kind = "ARTICLE" if "Article" in type(generator).__name__ else "PAGE"
    files = generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    )
    prefetch(generator.readers, [os.path.join(generator.path, f) for f in files])


def prefetch(readers: Any, paths: list[str]) -> None:
    """Have the worker convert ``paths`` (in the order they will be read) for the Markdown
    reader of ``readers``, replacing what it was doing for that reader; the conference
    generator calls it before reading an edition's sessions."""
    reader = readers.readers.get("md")
    if reader is None:
        return
    previous = reader.__dict__.pop(ATTRIBUTE, None)
    if previous is not None:
        previous.close()
    cached = getattr(readers, "_cache", None) or {}
    wanted = [
        path
        for path in map(os.path.abspath, paths)
        if path.rsplit(".", 1)[-1] in reader.file_extensions and path not in cached
    ]
    if len(wanted) < MIN_FILES or (os.cpu_count() or 1) < 2:
        wanted = []  # decided for this reader: read as before
    reader.__dict__[ATTRIBUTE] = Prefetch(wanted, reader.settings["MARKDOWN"])


def stop(generators: list[Any]) -> None:
    """``all_generators_finalized`` handler: end any worker a generator left running."""
    for generator in generators:
        readers = getattr(generator, "readers", None)
        reader = readers.readers.get("md") if readers is not None else None
        prefetch = reader.__dict__.pop(ATTRIBUTE, None) if reader is not None else None
        if prefetch is not None:
            prefetch.close()


class Prefetch:
    """The worker's results for one reader: ``take(path)`` in (about) reading order."""

    def __init__(self, paths: list[str], markdown: dict[str, Any] | None = None):
        self._pending = set(paths)
        self._ready: dict[str, tuple[str, dict] | None] = {}
        self._pool = None
        self._results: Iterator | None = None
        if paths:
            context = multiprocessing.get_context("fork")  # the worker shares the settings
            self._pool = context.Pool(1, initializer=_init, initargs=(markdown,))
            chunks = [paths[n : n + CHUNK] for n in range(0, len(paths), CHUNK)]
            self._results = self._pool.imap(_convert_all, chunks)

    def take(self, path: str) -> tuple[str, dict] | None:
        """``(html, Markdown's metadata lines)`` of ``path``, or None: read it yourself."""
        if path not in self._pending:
            return None
        self._pending.discard(path)
        while path not in self._ready and self._results is not None:
            try:
                self._ready.update(self._results.next(timeout=WAIT))
            except StopIteration:
                self.close()
                break
            except Exception:  # a worker killed or stuck: the build reads the rest itself
                logger.debug("conference: the Markdown worker stopped; reading on without it")
                self.close()
                break
        found = self._ready.pop(path, None)
        if not self._pending:
            self.close()
        return found

    def close(self) -> None:
        """Stop the worker (it is done, or its results are no longer wanted)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool = self._results = None


def _init(markdown: dict[str, Any]) -> None:
    global _markdown_settings
    _markdown_settings = markdown


def _convert_all(paths: list[str]) -> list[tuple[str, tuple[str, dict] | None]]:
    """In the worker: :func:`_convert` each of ``paths``."""
    return [_convert(path) for path in paths]


def _convert(path: str) -> tuple[str, tuple[str, dict] | None]:
    """In the worker: what ``MarkdownReader.read`` converts, or None when it fails (the
    build then reads the file itself and reports what is wrong)."""
    try:
        md = Markdown(**_markdown_settings)
        with pelican_open(path) as text:
            html = md.convert(text)
        return path, (html, getattr(md, "Meta", {}))
    except Exception:  # any failure: the build's own read raises it, located
        return path, None
