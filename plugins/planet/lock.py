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

The store folder is committed, so whatever sits at ``.fetch.lock`` may come from a pull:
the file is opened with ``O_NOFOLLOW`` (a symlink there is refused, never followed to
truncate its target) and without blocking, and it must be a regular file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".fetch.lock"


class LockError(Exception):
    """The store's fetch lock cannot be taken; nothing has been touched."""


class FetchBusy(LockError):
    """Another fetch holds the store's lock."""


class LockRefused(LockError):
    """The lock path is a symlink or not a regular file."""


@contextlib.contextmanager
def fetch_lock(folder: Path, name: str = LOCK_NAME) -> Iterator[None]:
    """Hold the store's fetch lock while the block runs, or raise :class:`FetchBusy`
    (another run holds it) or :class:`LockRefused` (the path is not a plain file).
    ``name`` locks another file of ``folder`` the same way (``invoke live``'s)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path = Path(folder) / name
    handle = _open_lock(path)
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read(100).strip() or "another process"
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


def _open_lock(path: Path):
    """Open (creating it with a normal mode) the lock file, never through a symlink."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as exc:
        if path.is_symlink():
            raise LockRefused(
                f"{path} is a symbolic link; expected a regular file (delete the link, "
                "then fetch again)"
            ) from None
        raise LockRefused(f"cannot open {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise LockRefused(f"{path} is not a regular file; expected a regular file")
    return os.fdopen(descriptor, "r+", encoding="utf-8")
