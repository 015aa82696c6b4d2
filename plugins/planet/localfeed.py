"""Local feed files: a ``feed:`` that is a path, confined to the project.

A people file may name a feed by a path relative to the project root (the sample site's
``data/sample-feeds/``). People files are contributed by participants, so the path is
untrusted: it must name a **regular file inside the project** once every symlink is
resolved. Absolute paths, ``..`` escapes, symlinks leading out of the project,
directories, FIFOs, sockets and devices are refused before anything is opened for
reading, with an error saying what was expected, which ``invoke fetch`` prints on the
person file and the line of its ``feed`` key (a stream's: its ``url`` line in
``edition.yaml``). A path that looks like a web address without its scheme
(``blog.example.org/feed.xml``) is named as such.

The file is opened without blocking (``O_NONBLOCK``: a FIFO swapped in after the check
cannot stall the open), checked again on the open descriptor (``fstat``), and read in a
worker thread, under the same size cap (``PLANET_MAX_BYTES``) and wall-clock limit
(``PLANET_FEED_TIMEOUT``, within ``PLANET_DEADLINE``) as a download. As only regular files
are ever read, the thread always ends on its own, soon (at most ``PLANET_MAX_BYTES`` bytes).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import stat
from pathlib import Path

from .download import Download
from .settings import PlanetSettings

EXPECTED = "expected a regular file inside the project, as a path relative to its root"
#: a host name: labels of letters, digits and hyphens, the last one letters (a TLD)
_HOST = re.compile(r"^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::[0-9]+)?$")
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".rdf")


class LocalFeedRefused(Exception):
    """The configured path is not a regular file inside the project."""


def confine(url: str, project_root: Path) -> Path:
    """The resolved path of the local feed ``url``, or :class:`LocalFeedRefused`.

    ``url`` must be relative; once resolved (symlinks followed) it must lie inside
    ``project_root`` and be a regular file. Nothing is opened here.
    """
    if "\x00" in url:
        raise LocalFeedRefused("path contains a NUL character")
    relative = Path(url)
    if relative.is_absolute() or relative.drive:
        raise LocalFeedRefused(f"absolute path {url!r} refused{_scheme_hint(url)}")
    root = project_root.resolve()
    try:
        path = (root / relative).resolve(strict=True)
    except FileNotFoundError:
        raise LocalFeedRefused(f"no file at {url!r}{_scheme_hint(url)}") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise LocalFeedRefused(f"cannot resolve {url!r}: {_reason(exc)}") from None
    if not path.is_relative_to(root):
        raise LocalFeedRefused(f"{url!r} leads outside the project")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise LocalFeedRefused(f"cannot read {url!r}: {_reason(exc)}") from None
    if not stat.S_ISREG(mode):
        raise LocalFeedRefused(f"{url!r} is {_kind(mode)}, not a regular file")
    return path


def read_confined(path: Path, url: str, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes of the regular file ``path`` (blocking; run it in
    a thread). The open neither blocks nor follows a symlink put in place since
    :func:`confine`, and the descriptor is checked to be a regular file again."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise LocalFeedRefused(f"cannot open {url!r}: {_reason(exc)}") from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise LocalFeedRefused(f"{url!r} is {_kind(mode)}, not a regular file")
        return handle.read(limit + 1)


async def read_local(
    url: str,
    project_root: Path,
    etag: str | None,
    cfg: PlanetSettings,
    timeout: float,
) -> Download:
    """Read a local feed off the event loop, confined, capped and timed like a download.

    The file's SHA-256 plays the part of an ETag, so an unchanged file is "not modified"
    and costs no parsing, and the answer does not depend on checkout times.
    """
    loop = asyncio.get_running_loop()
    try:
        path = confine(url, project_root)
        reading = loop.run_in_executor(None, read_confined, path, url, cfg.max_bytes)
        body = await asyncio.wait_for(reading, timeout)
    except LocalFeedRefused as exc:
        return Download(error=refused(str(exc)))
    except TimeoutError:
        return Download(error=f"timed out after {timeout:.0f} s reading {url}")
    except OSError as exc:
        return Download(error=f"cannot read {url}: {_reason(exc)}")
    if len(body) > cfg.max_bytes:
        return Download(error=f"too large: over {cfg.max_bytes} bytes")
    digest = '"sha256-' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if digest == etag:
        return Download(status=304, etag=etag, final_url=url)
    return Download(status=200, body=body, etag=digest, final_url=url)


def refused(message: str) -> str:
    """``message; expected …``: ``invoke fetch`` prints it located where the feed is
    configured (:meth:`~.sources.FeedSource.problem`)."""
    return f"{message}; {EXPECTED}"


def web_address(url: str) -> str | None:
    """``https://…`` when the missing local path ``url`` looks like a web address written
    without its scheme (``blog.example.org/feed.xml``), else None."""
    host, _, rest = url.removeprefix("//").partition("/")
    if not _HOST.match(host) or (not rest and host.lower().endswith(_FEED_SUFFIXES)):
        return None  # a file name such as feed.xml, not a host
    return "https://" + url.removeprefix("//")


def _scheme_hint(url: str) -> str:
    address = web_address(url)
    return f" (a web address needs its scheme: did you mean {address!r}?)" if address else ""


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
