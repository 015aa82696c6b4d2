"""Make one folder's files equal another's, touching only the files that differ.

``invoke live`` builds each round into a staging folder that it keeps between rounds (so
the build caches hit), then mirrors it onto the output folder: a file whose bytes are
unchanged keeps its inode and modification time, so ``rsync``'s quick check (size and
time) and any web server or CDN see only what really changed. A changed file is replaced
through a temporary file and a rename (:func:`~plugins.core.atomic.write_atomic`), so a
reader never sees half of one; files and folders the source no longer has are removed.

``rsync`` itself could do this locally (``rsync -a --checksum --delete``), but it is not
installed everywhere (a build machine without it, Windows) and it would not tell us what
it changed without parsing its log; the walk below is short and reports exactly that.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomic


@dataclass
class MirrorResult:
    """What :func:`mirror` changed, as paths relative to the target (``/``-separated)."""

    changed: list[str] = field(default_factory=list)  # written: new or different bytes
    removed: list[str] = field(default_factory=list)  # files the source no longer has


def mirror(source: Path, target: Path) -> MirrorResult:
    """Make ``target``'s regular files and folders those of ``source``.

    Only regular files are copied (a symbolic link in ``source`` is neither followed nor
    copied); a file with the same bytes in ``target`` is left alone. Paths are strings
    joined by ``os.path``: a Path object per file was most of a round's mirror (7,600
    files)."""
    result = MirrorResult()
    target.mkdir(parents=True, exist_ok=True)
    src, dst = os.fspath(source), os.fspath(target)
    wanted: set[str] = set()
    for folder, dirs, files in os.walk(src):
        prefix = _prefix(folder, src)
        for name in sorted(dirs):
            if os.path.islink(os.path.join(folder, name)):
                continue
            rel = prefix + name
            wanted.add(rel)
            _make_folder(Path(dst, rel))
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                continue
            rel = prefix + name
            wanted.add(rel)
            other = os.path.join(dst, rel)
            if not _same_file(path, info, other):
                _clear(Path(other))
                write_atomic(Path(other), Path(path).read_bytes(), durable=False)
                result.changed.append(rel)
    for folder, dirs, files in os.walk(dst, topdown=True):
        prefix = _prefix(folder, dst)
        for name in sorted(files):
            rel = prefix + name
            if rel not in wanted:
                os.unlink(os.path.join(folder, name))
                result.removed.append(rel)
        for name in list(dirs):
            rel = prefix + name
            if rel not in wanted:
                dirs.remove(name)  # not walked into: removed whole
                gone = Path(folder, name)
                if gone.is_symlink():
                    gone.unlink()
                    continue
                for below, _, names in os.walk(gone):
                    rel_below = _prefix(below, dst)
                    result.removed.extend(rel_below + n for n in sorted(names))
                shutil.rmtree(gone)
    return result


def _prefix(folder: str, root: str) -> str:
    """``folder``'s path relative to ``root``, ``/``-separated, with a trailing ``/``
    (empty for ``root`` itself): what the names in it are prefixed with."""
    relative = os.path.relpath(folder, root)
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def _same_file(path: str, info: os.stat_result, other: str) -> bool:
    """Whether ``other`` is a regular file with ``path``'s bytes (sizes compared first)."""
    try:
        theirs = os.lstat(other)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(theirs.st_mode) or theirs.st_size != info.st_size:
        return False
    with open(path, "rb") as mine, open(other, "rb") as their:
        while True:
            block = mine.read(1 << 20)
            if block != their.read(1 << 20):
                return False
            if not block:
                return True


def _make_folder(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    path.mkdir(exist_ok=True)


def _clear(path: Path) -> None:
    """Remove a folder or link standing where a regular file must go."""
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
