"""The child processes of an indexing (:mod:`.runs`): Pagefind runs and the copy child,
each waited for by a thread that reports on the indexing's event queue, and killed
without a race when the indexing ends early."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import queue
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from .copies import CopyCache
from .schedule import Run, high_water
from .shards import Page

#: The entry file Pagefind writes last: a run without it failed.
ENTRY = "pagefind-entry.json"


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


class Child:
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


class PagefindRun:
    """One Pagefind process over ``job``'s index copy; a thread waits for it and reports
    ``("ran", name, exit status, ru_maxrss in bytes)`` on ``events``."""

    def __init__(self, job: Job, binary: str, options: dict, events: queue.SimpleQueue) -> None:
        self.job, self.binary, self.options, self.events = job, binary, options, events
        self.child: Child | None = None
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
        self.child = Child(process.pid)
        running[job.name] = self
        process.returncode = 0  # reaped by Child, not by Popen (nor its __del__)
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


class Copier:
    """Makes the index copies of the jobs, in order, and reports on ``events``:
    ``("copied", name)`` for each, ``("copies", made, reused)`` at the end (or
    ``("copy-failed", exception)``), then ``("copier-ended", ru_maxrss, status)``."""

    def __init__(self, output: Path, jobs: list[Job], kept: CopyCache, events) -> None:
        self.output, self.jobs, self.kept, self.events = output, jobs, kept, events
        self.alive = False
        self.child: Child | None = None
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
        self.child = Child(pid)
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
