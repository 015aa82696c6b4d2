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
    copied); a file with the same bytes in ``target`` is left alone.
    """
    result = MirrorResult()
    target.mkdir(parents=True, exist_ok=True)
    wanted: set[str] = set()
    for folder, dirs, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in sorted(dirs):
            path = Path(folder, name)
            if path.is_symlink():
                continue
            rel = (relative / name).as_posix()
            wanted.add(rel)
            _make_folder(target / rel)
        for name in sorted(files):
            path = Path(folder, name)
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue
            rel = (relative / name).as_posix()
            wanted.add(rel)
            if not _same_file(path, info, target / rel):
                _clear(target / rel)
                write_atomic(target / rel, path.read_bytes(), durable=False)
                result.changed.append(rel)
    for folder, dirs, files in os.walk(target, topdown=True):
        relative = Path(folder).relative_to(target)
        for name in sorted(files):
            rel = (relative / name).as_posix()
            if rel not in wanted:
                os.unlink(Path(folder, name))
                result.removed.append(rel)
        for name in list(dirs):
            rel = (relative / name).as_posix()
            if rel not in wanted:
                dirs.remove(name)  # not walked into: removed whole
                gone = Path(folder, name)
                if gone.is_symlink():
                    gone.unlink()
                    continue
                for below, _, names in os.walk(gone):
                    rel_below = Path(below).relative_to(target)
                    result.removed.extend((rel_below / n).as_posix() for n in sorted(names))
                shutil.rmtree(gone)
    return result


def _same_file(path: Path, info: os.stat_result, other: Path) -> bool:
    """Whether ``other`` is a regular file with ``path``'s bytes (sizes compared first)."""
    try:
        theirs = other.lstat()
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
