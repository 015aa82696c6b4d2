"""Posts and pages rendered by two processes, the output the same as one process's.

Writing is half of a full build, and most of it is Pelican's article and page generators
rendering one template per post, page and translation. Once every generator's context is
ready and the writer exists (the first call of ``generate_output``), a worker process is
forked: it runs the leading article and page generators again with the same objects and
renders its share of their writes, while the build renders the rest of them and then
every other generator. Which process renders a write follows from the write's rank among
the writes the generators make after the one-source-per-output check
(:class:`~plugins.core.outputs.ClaimingWriter`): both processes make the same writes in
the same order (the worker is a fork, it starts from the same state), both claim every
output path, and :class:`Share` gives each rank to exactly one of them.

When the build has run its last generator, it reads what the worker sends back through
a pipe (pickled): the render cache's records of the pages it rendered, the problems
Pelican's log reported while it rendered them (:mod:`.report`) and the log records it
would have printed, printed now by the build. ``content_written`` handlers (the zh-Hant
conversion, French typography) rewrite the page just written, in the process that wrote
it, and keep no state. The output paths the build claimed are the same as one process's,
so conflicts are reported once, by the build.

On any failure of the worker (an exception, a ``--fatal`` warning, a crash, an answer
that does not unpickle), the build renders the worker's share itself, so what it reports
is what one process reports. Small sites (under :data:`MIN_PAGES` posts and pages),
one-core machines, platforms without ``fork``, and a build with a thread alive at that
moment (fork copies one thread only) write in one process, as does ``PARALLEL_WRITE =
False`` in the settings, and a rebuild whose site digest is the last build's
(:meth:`~.buildcache.RenderCache.same_site`: an edit of posts, pages, sessions or
people, whose pages alone are rendered again; on the 1,000-post bench site the worker
cost 0.5 s of CPU in such a rebuild of 5.5 s).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

import rich.live
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from .cachekeys import run_only

logger = logging.getLogger(__name__)

#: Fewer posts and pages (translations included) than this are written in one process.
MIN_PAGES = 200
#: The worker's share of the writes of the generators it runs; the build also runs every
#: other generator (a third of writing on the 1,000-post bench site).
WORKER_SHARE = 0.7
#: The generators the worker runs: Pelican's own, whose output is only writes through the
#: writer (no file written beside it, no state kept for the generators that follow).
SPLIT = (ArticlesGenerator, PagesGenerator)
#: The setting that turns the worker off.
SETTING = "PARALLEL_WRITE"


class Share:
    """Which writes a process renders: ranks ``n`` for which ``floor((n + 1) * f)``
    exceeds ``floor(n * f)`` (a fraction ``f`` of them, spread evenly) are the worker's."""

    def __init__(self, worker: bool, fraction: float = WORKER_SHARE):
        self.worker, self.fraction, self.rank = worker, fraction, 0

    def mine(self) -> bool:
        """Whether the next write is this process's to render (counts it)."""
        rank, self.rank = self.rank, self.rank + 1
        theirs = math.floor((rank + 1) * self.fraction) > math.floor(rank * self.fraction)
        return theirs == self.worker


@dataclass
class Answer:
    """What the worker sends back."""

    records: dict[str, str] = field(default_factory=dict)  # render cache: name -> key
    rendered: int = 0
    skipped: int = 0
    problems: list = field(default_factory=list)
    logs: list[logging.LogRecord] = field(default_factory=list)


class _Collect(logging.Handler):
    """In the worker: keep the records the build's handlers would have printed."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        plain = logging.makeLogRecord(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "msg": record.getMessage(),
                "pathname": record.pathname,
                "lineno": record.lineno,
                "created": record.created,
            }
        )
        if record.exc_info:
            plain.exc_text = logging.Formatter().formatException(record.exc_info)
        self.records.append(plain)


def connect() -> None:
    """Connect :func:`split`; the setting changes no output, so no cache key has it."""
    run_only(SETTING)
    signals.all_generators_finalized.connect(split)


def split(generators: list[Any]) -> None:
    """``all_generators_finalized`` handler: have the leading article and page generators
    write in two processes when the site is large enough (see the module's docstring)."""
    shared = []
    for generator in generators:
        if type(generator) not in SPLIT:  # exactly Pelican's, in the order it runs them
            break
        shared.append(generator)
    if not shared or len(shared) == len(generators) or not enabled(shared[0].settings):
        return
    pages = sum(
        len(getattr(g, name, ()))
        for g in shared
        for name in ("articles", "translations", "pages", "hidden_pages", "drafts")
    )
    if pages >= MIN_PAGES:
        ParallelWrite(shared, generators[len(shared) :]).install()


def enabled(settings: dict[str, Any]) -> bool:
    """Whether the settings and the machine allow a worker."""
    return bool(settings.get(SETTING, True)) and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


class ParallelWrite:
    """One run's worker: forked at the first shared generator, joined after the last
    generator of the run."""

    def __init__(self, shared: list[Any], others: list[Any]):
        self.shared, self.others = shared, others
        self.methods = [g.generate_output for g in shared]
        self.pid: int | None = None
        self.pipe: int | None = None

    def install(self) -> None:
        """Replace the generators' ``generate_output`` for this run (instance attributes)."""
        self.shared[0].generate_output = self._first
        for generator in self.shared[1:]:
            generator.generate_output = self._skip
        for generator in self.others:
            generator.generate_output = self._then(generator.generate_output)
        self.last = self.others[-1].generate_output

    def _skip(self, writer: Any) -> None:
        """Run by :meth:`_first` with the others, in order."""

    def _first(self, writer: Any) -> None:
        cache = getattr(writer, "render_cache", None)
        # the site digest, computed once for both processes; when it is the last build's,
        # a rebuild renders only the pages of the sources an edit changed, and a worker
        # would cost more (its start, and walking every write again) than it saves
        if cache is None or not cache.same_site(self.shared[0].context):
            self._fork(writer)
        writer.share = Share(worker=False) if self.pid is not None else None
        wrapped = _share_feeds(writer)
        try:
            for method in self.methods:
                method(writer)
        except BaseException:
            self._stop()
            raise
        finally:
            writer.share = None
            if wrapped:
                del writer.write_feed

    def _then(self, method: Any) -> Any:
        """``method`` of a generator run after the shared ones: the worker is stopped if
        it fails, joined after the last one."""

        def generate_output(writer: Any) -> None:
            try:
                method(writer)
            except BaseException:
                self._stop()
                raise
            if generate_output is self.last:
                self._join(writer)

        return generate_output

    def _stop(self) -> None:
        """End the worker: the build stops (its own error is reported)."""
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        if self.pipe is not None:
            os.close(self.pipe)
        self.pid = self.pipe = None

    def _fork(self, writer: Any) -> None:
        displays = _quiet_displays()
        if displays is None:  # fork copies only the calling thread: no lock may be held
            logger.debug("core: a thread is alive; writing in one process")
            return
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        with contextlib.ExitStack() as held:
            for display in displays:
                held.enter_context(display)
            try:
                pid = os.fork()
            except OSError:
                os.close(read)
                os.close(write)
                return
            if pid == 0:  # the worker
                os.close(read)
                _work(self.methods, writer, write)  # never returns
        os.close(write)
        self.pid, self.pipe = pid, read
        logger.debug("core: posts and pages written by this process and worker %d", pid)

    def _join(self, writer: Any) -> None:
        if self.pid is None or self.pipe is None:
            return
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        self.pid = self.pipe = None
        answer = None
        with contextlib.suppress(Exception):
            answer = pickle.loads(data)
        if isinstance(answer, Answer):
            merge(answer, writer)
        else:
            logger.debug("core: the writing worker failed (%s); writing its share", answer)
            self._write_share(writer)

    def _write_share(self, writer: Any) -> None:
        """Render the worker's share here, as the worker would have (its claims are made:
        the conflicts found again are dropped)."""
        claims = writer.claims
        conflicts = {pair: (a, b, list(paths)) for pair, (a, b, paths) in claims.conflicts.items()}
        writer.share = Share(worker=True)
        wrapped = _share_feeds(writer)
        try:
            for method in self.methods:
                method(writer)
        finally:
            writer.share = None
            claims.conflicts = conflicts
            if wrapped:
                del writer.write_feed


def _quiet_displays() -> list[Any] | None:
    """The locks to hold while forking, or None when a thread may hold one we cannot.

    The one thread a Pelican build has is the refresh thread of its "Generating..."
    status (``rich.live``): it writes to the terminal only while holding its display's
    lock, so with that lock held no thread is inside a write when the worker is forked
    (the worker never writes to the terminal: it sends its log records back).
    """
    refresh = getattr(rich.live, "_RefreshThread", None)
    locks = []
    for thread in threading.enumerate():
        if thread is threading.current_thread():
            continue
        lock = getattr(getattr(thread, "live", None), "_lock", None)
        if refresh is None or not isinstance(thread, refresh) or lock is None:
            return None
        locks.append(lock)
    return locks


def _share_feeds(writer: Any) -> bool:
    """Pelican's feeds (``FEED_*`` settings) go to one process too, by the same ranks."""
    write_feed = getattr(writer, "write_feed", None)
    if write_feed is None:
        return False

    def shared_feed(*args: Any, **kwargs: Any) -> Any:
        share = getattr(writer, "share", None)
        if share is not None and not share.mine():
            return None
        return write_feed(*args, **kwargs)

    writer.write_feed = shared_feed
    return True


def _work(methods: list[Any], writer: Any, pipe: int) -> None:
    """In the worker: render its share, send the :class:`Answer` (or the error's text)
    through ``pipe``, exit without running the build's exit handlers."""
    from . import report

    status = 1
    try:
        root = logging.getLogger()
        collect = _Collect()
        root.handlers = [collect]
        cache = getattr(writer, "render_cache", None)
        known = set(cache.current) if cache is not None else set()
        before = (cache.rendered, cache.skipped) if cache is not None else (0, 0)
        report.take_pending()
        writer.share = Share(worker=True)
        _share_feeds(writer)
        try:
            for method in methods:
                method(writer)
            answer: Any = Answer(problems=report.take_pending(), logs=collect.records)
            if cache is not None:
                answer.records = {n: k for n, k in cache.current.items() if n not in known}
                answer.rendered = cache.rendered - before[0]
                answer.skipped = cache.skipped - before[1]
            data = pickle.dumps(answer)
        except BaseException as error:  # the build writes the share and reports it
            data = pickle.dumps(f"{type(error).__name__}: {error}")
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)


def merge(answer: Answer, writer: Any) -> None:
    """In the build: take what the worker did as if it had been done here."""
    from . import report

    cache = getattr(writer, "render_cache", None)
    if cache is not None:
        cache.current.update(answer.records)
        cache.rendered += answer.rendered
        cache.skipped += answer.skipped
    report.STATE.pending.extend(answer.problems)
    for record in answer.logs:
        logging.getLogger(record.name).callHandlers(record)
