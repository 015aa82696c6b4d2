"""Ctrl-C that works however a long-running loop was started.

Python installs its SIGINT handler (which raises :class:`KeyboardInterrupt`) only when
SIGINT is not ignored at startup. A shell starts its background jobs with SIGINT ignored,
and a child inherits an ignored signal from its parent, so ``invoke dev`` or ``invoke
live`` started that way could not be stopped by Ctrl-C or by ``kill -INT``: a benchmark's
dev servers each waited 30 s for it, then were killed. The loops therefore install
Python's own handler while they run.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def interruptible(*, terminate: bool = False) -> Iterator[None]:
    """SIGINT raises :class:`KeyboardInterrupt` inside the block even when it was ignored;
    with ``terminate``, SIGTERM too (a service manager stopping the loop ends it as Ctrl-C
    does). The handlers before are put back after. Outside the main thread (a test running
    a loop in a thread), nothing changes: only the main thread may set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler)}
    if terminate:
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
