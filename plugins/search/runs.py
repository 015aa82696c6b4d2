"""The Pagefind runs of one indexing, pipelined with their index copies.

The index copies (:mod:`.copies`) are made one run after the other, in the order of
:func:`.schedule.order`, by a forked child (OpenCC's dictionaries leave with it; a process
with threads, such as Pelican's, makes them in a thread instead), which reports each
finished run's copy over a pipe. A run starts as soon as its copy is made and the schedule
admits it (:func:`.schedule.admit`), so the small runs index while the copies of the
large ones are still being made. Each run's peak memory (``os.wait4``'s ``ru_maxrss``)
is recorded for the next indexing's schedule (:class:`.schedule.PeakRecord`).

What each run writes depends only on its input, so the bundle is the same whatever the
order and overlap of the runs (tested). A failed run logs an error and the indexing
returns None, once every run has ended; past ``SEARCH_TIMEOUT`` the runs are killed.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
from itertools import takewhile
from pathlib import Path

from .copies import CopyCache
from .processes import ENTRY, Copier, Job, PagefindRun
from .schedule import COPIER_EXTRA, MIB, admit, budget, cores, high_water

logger = logging.getLogger(__name__)

#: The copy child's name in the peak record (run names are ``<language>-<number>``).
COPIER = "copies"


class Indexing:
    """Runs ``jobs`` (in order) over the index copies of ``output``'s pages.

    ``config.index_jobs`` (``SEARCH_INDEX_JOBS``; None: as many at once as the memory of
    the largest run and the cores allow; a number: at most that many). ``apart``: make
    the copies in a forked child (and stop on SIGTERM). ``done(job)`` is called as each
    run succeeds. After a failed run no other starts; those running end and are kept.
    """

    def __init__(
        self, *, output, kept: CopyCache, binary, options, config, deadline, record, apart
    ) -> None:
        self.output, self.kept, self.binary, self.options = output, kept, binary, options
        self.config, self.deadline, self.record, self.apart = config, deadline, record, apart
        self.peak = 0  # the largest sum of expected peaks the schedule ran at once

    def copier_peak(self) -> int:
        """The copy child's expected peak: measured last time, else estimated."""
        if not self.apart:
            return 0  # the copies are made in this process, whose memory is there anyway
        return self.record.get(COPIER) or high_water() + COPIER_EXTRA

    def run(self, jobs: list[Job], done) -> bool:
        """Index every job; whether all succeeded (errors are logged)."""
        # a SimpleQueue: its put() may interrupt its get() in one thread (the handler)
        events: queue.SimpleQueue = queue.SimpleQueue()
        copier = Copier(self.output, jobs, self.kept, events)
        copier_peak = self.copier_peak()
        limit = self.config.index_jobs
        most = budget((job.run for job in jobs), copier_peak) if limit is None else None
        cap = limit if limit is not None else cores()
        previous = _on_sigterm(lambda *_: events.put(("stopped",))) if self.apart else None
        waiting, copied, running = list(jobs), set(), {}
        failed = killed = stopped = False
        failure: BaseException | None = None

        def halt() -> None:  # the timeout, SIGTERM or a broken copier: end everything
            nonlocal killed
            killed = True
            for process in running.values():
                process.kill()
            copier.stop()

        try:
            copier.start(apart=self.apart)  # forked before any thread of ours starts
            while True:
                if not (killed or failed):  # after a failed run, none starts
                    load = copier_peak if copier.alive else 0
                    self._start(waiting, copied, running, events, most, cap, load)
                if not running and not copier.alive:
                    break
                timeout = max(self.deadline - time.monotonic(), 0) if not killed else None
                try:
                    kind, *rest = events.get(timeout=timeout)
                except queue.Empty:
                    logger.error(
                        "search: pagefind did not finish within %s s (SEARCH_TIMEOUT)",
                        self.config.timeout,
                    )
                    failed = True
                    halt()
                    continue
                if kind == "stopped":
                    stopped = True
                    halt()
                elif kind == "copied":
                    copied.add(rest[0])
                elif kind == "copies":
                    self.kept.made, self.kept.reused = rest
                elif kind == "copy-failed":
                    failure = rest[0]
                    halt()
                elif kind == "copier-ended":
                    maxrss, status = rest
                    copier.alive = False
                    logger.debug("search: the copies are made: %.0f MiB", maxrss / MIB)
                    if status == 0 and self.apart:  # a child's memory (a thread's is ours)
                        self.record.measure(COPIER, maxrss, 0)
                    elif status != 0 and not killed:
                        logger.error("search: the index copy process ended with status %s", status)
                        failed = True
                        halt()
                elif kind == "ran":
                    process = running.pop(rest[0])
                    if not killed:  # a killed run is neither kept nor reported
                        failed |= not self._ended(process, *rest[1:], done)
        finally:
            for process in running.values():
                process.kill()
            copier.stop()
            for process in running.values():
                process.join()
            copier.join()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        if stopped:
            raise Stopped
        if failure is not None:
            raise failure
        self.record.save()
        return not (failed or waiting)

    def _start(self, waiting, copied, running, events, most, cap, load) -> None:
        """Start the runs the schedule admits now (:func:`.schedule.admit`)."""
        ready = [job.run for job in takewhile(lambda job: job.name in copied, waiting)]
        now = [process.job.run for process in running.values()]
        for run in admit(ready, now, budget=most, cap=cap, copier=load):
            job = waiting.pop(0)
            PagefindRun(job, self.binary, self.options, events).start(running)
            now.append(run)
            logger.debug(
                "search: run %s started, %.0f MiB expected (%d pages, %d bytes)",
                job.name,
                job.peak / MIB,
                len(job.pages),
                sum(page.size for page in job.pages),
            )
        self.peak = max(self.peak, load + sum(run.peak for run in now))

    def _ended(self, process: PagefindRun, status: int, maxrss: int, done) -> bool:
        """Note a run's end: its peak and bundle when it succeeded; whether it did."""
        logger.debug(
            "search: run %s ended: %.0f MiB (ru_maxrss; the parent's %.0f)",
            process.job.name,
            maxrss / MIB,
            process.floor / MIB,
        )
        if not self._finished(process, status):
            return False
        self.record.measure(process.job.name, maxrss, process.floor)
        done(process.job)
        return True

    def _finished(self, process: PagefindRun, status: int) -> bool:
        """Whether the run wrote its index; logs its output (and an error when not)."""
        job = process.job
        out, err = (_read(job.work / name) for name in ("stdout.txt", "stderr.txt"))
        for line in (out + err).splitlines():
            if line.strip():
                logger.debug("search: pagefind: %s", line)
        if status == 0 and (job.bundle / ENTRY).is_file():
            return True
        tail = "\n".join((err or out).strip().splitlines()[-10:])
        logger.error(
            "search: pagefind failed (exit status %s) writing %s:\n%s",
            status,
            job.bundle,
            tail,
        )
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


class Stopped(BaseException):
    """The indexing was stopped by SIGTERM (``invoke regenerate`` stops the indexing of
    an older build): its runs and copy child were killed, and the exception unwinds the
    rest (temporary folders); ``python -m plugins.search`` then ends as terminated."""


def _on_sigterm(handler):
    """Install ``handler`` for SIGTERM while the runs go (the indexing's own process, in
    its main thread only); the handler it replaces, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler)
