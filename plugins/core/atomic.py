"""Write files so that a reader or a crash never sees half of one.

The temporary file is created with ``os.open(..., 0o666)``, so the kernel applies the
process umask exactly as it does for a plain ``open(path, "w")``: the renamed file gets
the normal mode (0644 under umask 022) and a web server can read it. ``tempfile.mkstemp``
is not used because it creates files 0600 whatever the umask, and the rename keeps that
private mode. Reading the umask with ``os.umask`` (set, then restore) is avoided too: it
changes process-wide state and races with other threads.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

#: Flags of the temporary file: new (never reuse a name), write-only, not inherited by
#: child processes, binary on Windows.
_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def write_atomic(
    path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8", durable: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    ``os.replace`` is atomic on POSIX and Windows when both names are on one file system,
    which holds because the temporary file is created beside the target. The file gets
    the mode a normal write would give it (``0o666 & ~umask``).

    ``durable`` flushes the file to the disk (``fsync``) before the rename, so a power cut
    never leaves the new name on an empty file: what the store and content need. A build's
    output is made again by the next build, and thousands of fsyncs (one per session
    calendar) were a tenth of a large schedule's build: :func:`~.outputs.write_output`
    passes ``durable=False``, and readers still never see half a file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = _create_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _create_temporary(target: Path) -> tuple[int, Path]:
    """Open a new file beside ``target``, named ``.<name>.<random>.tmp``, mode 0666 & ~umask.

    The random part makes a clash unlikely; ``O_EXCL`` makes one harmless (another name
    is drawn), as ``tempfile.mkstemp`` does.
    """
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")
