"""One fetch at a time per store.

Two fetches writing one store at once (a scheduled run and an organizer's manual one)
could each merge a feed into the record they read before the other wrote it, so one
run's new entries would be replaced by the other's, and the second run, cleaning up the
temporary files an interrupted run leaves, would delete the first run's files before
their rename. :func:`fetch_lock` takes an exclusive lock on ``.fetch.lock`` in the store
folder for the whole run; a second run stops at once with :class:`FetchBusy`.

The lock is ``flock``: the kernel releases it when the process ends, however it ends, so
a killed fetch never leaves a stale lock behind. The file itself stays (it holds the
process id of the last run, for the error message) and is ignored by git. Where
``fcntl`` does not exist (Windows) runs are not locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".fetch.lock"


class FetchBusy(Exception):
    """Another fetch holds the store's lock."""


@contextlib.contextmanager
def fetch_lock(folder: Path) -> Iterator[None]:
    """Hold the store's fetch lock while the block runs, or raise :class:`FetchBusy`."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path = Path(folder) / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise FetchBusy(
                f"another fetch is writing {folder} (process {holder} holds {path}); "
                "wait for it to finish, then run this one again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock
