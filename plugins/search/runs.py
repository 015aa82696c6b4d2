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

import contextlib
import json
import logging
import multiprocessing
import os
import queue
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

from .copies import CopyCache
from .schedule import COPIER_EXTRA, MIB, Run, admit, budget, cores, high_water
from .shards import Page

logger = logging.getLogger(__name__)

#: The entry file Pagefind writes last: a run without it failed.
ENTRY = "pagefind-entry.json"
#: The copy child's name in the peak record (run names are ``<language>-<number>``).
COPIER = "copies"


@dataclass
class Job:
    """One Pagefind run to do: its pages, their index copy (``site``), its working folder
    (config file, logs and the ``bundle`` it writes) and its expected peak (bytes)."""

    name: str
    pages: list[Page]
    site: Path
    work: Path
    peak: int

    @property
    def bundle(self) -> Path:
        return self.work / "bundle"

    @property
    def run(self) -> Run:
        return Run(self.name, self.peak)


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
        copier = _Copier(self.output, jobs, self.kept, events)
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
            _Pagefind(job, self.binary, self.options, events).start(running)
            now.append(run)
            logger.debug(
                "search: run %s started, %.0f MiB expected (%d pages, %d bytes)",
                job.name,
                job.peak / MIB,
                len(job.pages),
                sum(page.size for page in job.pages),
            )
        self.peak = max(self.peak, load + sum(run.peak for run in now))

    def _ended(self, process: _Pagefind, status: int, maxrss: int, done) -> bool:
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

    def _finished(self, process: _Pagefind, status: int) -> bool:
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


class _Child:
    """A child process of ours, reaped by one thread (:meth:`wait`) and killed by another
    (:meth:`kill`) without a race: it is waited for without reaping, then reaped under a
    lock, so :meth:`kill` never signals a pid that was reaped (another process's by then).
    :meth:`wait` may be called by two threads; both get the same answer."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.lock = threading.Lock()
        self.reaped = threading.Event()
        self.result = (0, 0)

    def wait(self) -> tuple[int, int]:
        """Its exit status and ``ru_maxrss`` in bytes, once it has ended."""
        if hasattr(os, "waitid"):
            with contextlib.suppress(ChildProcessError):
                os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
            with self.lock:
                if not self.reaped.is_set():
                    self._reaped(*os.wait4(self.pid, 0))
        else:  # macOS before Python 3.13: reaped, then marked (a window of microseconds)
            try:
                reaped = os.wait4(self.pid, 0)
            except ChildProcessError:  # by the other waiter
                pass
            else:
                with self.lock:
                    self._reaped(*reaped)
        self.reaped.wait()
        return self.result

    def _reaped(self, pid: int, status: int, usage) -> None:
        self.result = (os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)  # KiB
        self.reaped.set()

    def kill(self) -> None:
        """End it now (the timeout, or another failure)."""
        with self.lock:
            if not self.reaped.is_set():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)


class _Pagefind:
    """One Pagefind process over ``job``'s index copy; a thread waits for it and reports
    ``("ran", name, exit status, ru_maxrss in bytes)`` on ``events``."""

    def __init__(self, job: Job, binary: str, options: dict, events: queue.SimpleQueue) -> None:
        self.job, self.binary, self.options, self.events = job, binary, options, events
        self.child: _Child | None = None
        self.thread: threading.Thread | None = None
        self.floor = 0

    def start(self, running: dict) -> None:
        """Start the run, and enter it in ``running`` at once: an exception (SIGTERM's,
        see ``__main__``) between the two and the end of this method still kills it."""
        job = self.job
        # A config file in an empty working folder: list settings pass as lists, and no
        # pagefind.yml lying in the caller's folder changes the run.
        job.work.mkdir(parents=True, exist_ok=True)
        Path(job.work, "pagefind.json").write_text(
            json.dumps(
                {"site": str(job.site), "output_path": str(job.bundle.resolve()), **self.options}
            ),
            encoding="utf-8",
        )
        (job.bundle / ENTRY).unlink(missing_ok=True)  # a failed run must not leave one
        with open(job.work / "stdout.txt", "wb") as out, open(job.work / "stderr.txt", "wb") as err:
            # files, not pipes: nobody has to drain them while waiting for the process
            process = subprocess.Popen(
                [self.binary], cwd=job.work, stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
        self.child = _Child(process.pid)
        running[job.name] = self
        process.returncode = 0  # reaped by _Child, not by Popen (nor its __del__)
        self.floor = high_water()  # what the child's ru_maxrss counts from (PeakRecord)
        thread = threading.Thread(target=self._wait, daemon=True)
        thread.start()
        self.thread = thread

    def _wait(self) -> None:
        assert self.child is not None
        code, maxrss = self.child.wait()
        self.events.put(("ran", self.job.name, code, maxrss))

    def kill(self) -> None:
        """End the run now (the timeout, or another failure)."""
        if self.child is not None:
            self.child.kill()

    def join(self) -> None:
        """Return once the run has ended and is reaped."""
        if self.thread is not None:
            self.thread.join()
        elif self.child is not None:  # stopped before its thread started
            self.child.wait()


class _Copier:
    """Makes the index copies of the jobs, in order, and reports on ``events``:
    ``("copied", name)`` for each, ``("copies", made, reused)`` at the end (or
    ``("copy-failed", exception)``), then ``("copier-ended", ru_maxrss, status)``."""

    def __init__(self, output: Path, jobs: list[Job], kept: CopyCache, events) -> None:
        self.output, self.jobs, self.kept, self.events = output, jobs, kept, events
        self.alive = False
        self.child: _Child | None = None
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()

    def start(self, *, apart: bool) -> None:
        self.alive = True
        if not apart:
            self.thread = threading.Thread(target=self._in_thread, daemon=True)
            self.thread.start()
            return
        reader, writer = multiprocessing.Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the child: copies, reports, and never returns
            status = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
                reader.close()
                self._copy(writer.send)
                status = 0
            except BaseException as exc:  # the parent raises it, as if it were its own
                with contextlib.suppress(BaseException):
                    writer.send(("copy-failed", exc))
            finally:
                os._exit(status)
        writer.close()
        self.child = _Child(pid)
        self.thread = threading.Thread(target=self._relay, args=(reader,), daemon=True)
        self.thread.start()

    def _copy(self, send) -> None:
        for job in self.jobs:
            if self.stopping.is_set():
                return
            self.kept.fill(self.output, job.pages, job.site)
            send(("copied", job.name))
        send(("copies", self.kept.made, self.kept.reused))

    def _in_thread(self) -> None:
        status = 1
        try:
            self._copy(self.events.put)
            status = 0
        except BaseException as exc:
            self.events.put(("copy-failed", exc))
        finally:
            self.events.put(("copier-ended", 0, status))

    def _relay(self, reader) -> None:
        """The parent's side of the child: its messages onto ``events``, then its end."""
        with reader, contextlib.suppress(EOFError, OSError):
            while True:
                self.events.put(reader.recv())
        assert self.child is not None
        status, maxrss = self.child.wait()
        self.events.put(("copier-ended", maxrss, status))

    def stop(self) -> None:
        """Stop making copies (the timeout, or a failure)."""
        self.stopping.set()
        if self.child is not None:
            self.child.kill()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
