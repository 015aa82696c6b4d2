"""Parser worker processes: started warm, and never outliving the fetch that started them.

Parsing is CPU-bound, so a large run parses in a process pool (see :mod:`.fetch`). When
``invoke fetch`` dies without cleaning up (``kill -9``, the OOM killer, a cancelled CI
job), ``ProcessPoolExecutor`` gets no chance to stop its workers, and they wait forever
for work (each holds the write end of its own task queue, so no end of file ever comes).
So every worker watches the fetch process from its start (:func:`_die_with`, the pool's
initializer) and ends itself with ``os._exit`` when the fetch process ends. A worker
holds nothing to clean up: it only returns parsed data; the store is written by the
fetch process.

Why not ``prctl(PR_SET_PDEATHSIG)``: with the ``forkserver`` start method a worker's
parent is the fork server, not the fetch process, and the fork server only exits when
every holder of its "alive" pipe is gone, which includes the workers themselves; the
signal would never come (the test kills a fetch process and checks). So the workers
watch the fetch process itself:

- On Linux, through a pidfd (``os.pidfd_open``): a daemon thread blocks in ``select``
  until the kernel reports the exit. Nothing polls, the answer is immediate, and a pidfd
  names one process, so a reused process id cannot fool it.
- Elsewhere, a daemon thread checks once a second that the process still exists.

The watcher is a thread, so it runs between bytecodes: a worker inside one long C call
that holds the GIL ends when that call returns.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

from .settings import PlanetSettings

logger = logging.getLogger(__name__)

#: Seconds between two checks of the fetch process by the portable watcher.
WATCH_INTERVAL = 1.0


def parse_pool(cfg: PlanetSettings, feeds: int, *, poll: bool = False) -> Executor | None:
    """A process pool of ``PLANET_PARSE_WORKERS``, every worker started and warmed up now.

    Workers come from a fork server that has already imported the parser (feedparser,
    nh3, ...), so each starts in milliseconds; the warm-up tasks make the executor start
    them all at once, while the downloads go on, not one per feed. When no pool can be
    started, None: the feeds are parsed in threads. ``poll`` makes the workers watch the
    fetch process the portable way even where pidfds exist (tests).
    """
    from .parse import parse_feed

    methods = multiprocessing.get_all_start_methods()
    # fork would copy the running event loop and its threads; start clean processes.
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Workers only parse: preloading the parser (not the fetcher) keeps their imports
        # to feedparser and nh3.
        context.set_forkserver_preload([parse_feed.__module__, __name__])
    else:
        context = multiprocessing.get_context("spawn")
    workers = min(cfg.parse_workers, feeds)
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_die_with,
            initargs=(os.getpid(), poll),
        )
        for _ in range(workers):
            pool.submit(_warm_up)
    except (OSError, RuntimeError) as exc:
        logger.warning("planet: cannot start parser processes (%s); parsing in threads", exc)
        return None
    return pool


def _die_with(fetch_pid: int, poll: bool = False) -> None:
    """Pool initializer: end this worker when the fetch process ends (see the module).
    ``poll`` uses the portable watcher even where pidfds exist (tests)."""
    pidfd = None if poll else _pidfd(fetch_pid)
    if pidfd is None and not _alive(fetch_pid):
        os._exit(1)  # the fetch process is already gone
    target, args = (_wait_for_exit, (pidfd,)) if pidfd is not None else (_poll, (fetch_pid,))
    threading.Thread(target=target, args=args, name="planet-fetch-watch", daemon=True).start()


def _pidfd(pid: int) -> int | None:
    """A pidfd of ``pid`` (Linux 5.3+); -1 when that process is already gone; None
    where pidfds do not exist (then the watcher polls)."""
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return -1
    except (AttributeError, OSError):
        return None


def _wait_for_exit(pidfd: int) -> None:
    if pidfd >= 0:
        select.select([pidfd], [], [])  # readable once the process has exited
    os._exit(1)


def _poll(pid: int) -> None:
    while _alive(pid):
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _warm_up() -> None:
    """Runs in each new worker: importing the parser is what a worker's first feed waits on."""
    from . import parse  # noqa: F401
