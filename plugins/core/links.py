"""Nothing outside the project is read or published: symlinks are confined.

Pelican walks the content folder following every symlink, copies static files through
them, and the plugins read ``content/`` and ``data/`` the same way; a symlink committed
into one of those folders (``content/images/x -> /etc``) would publish what it points to.

The rule, the one local feeds follow (:func:`plugins.planet.localfeed.confine`):

- **the project** is the folder holding the content folder (the parent of ``PATH``,
  where ``pelicanconf.py`` and ``data/`` are);
- a folder the **settings** name (``PATH``, ``THEME``, ``PLANET_STORE_PATH``,
  ``PLANET_MEDIA_PATH``) is trusted wherever it is, symlinked or not: settings are
  trusted, and a test's fixture project may link its theme to a checkout;
- every symlink found **inside** such a folder, or inside the project's ``data/``, at
  any depth, must resolve (all links
  followed) inside the project or inside that folder; anything else is a located
  ``path: [symlink] …`` problem and the build stops before reading anything, and so is
  a link to a folder that contains it (a loop). Other links that stay inside are
  allowed, and followed by the check.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import Problem, shown

#: The message of each kind of refused link (:func:`refused_links`).
MESSAGES = {
    "outside": "leads outside the project (to {target}); expected a file or folder inside "
    "the project ({root})",
    "loop": "leads to a folder it is in ({target}), a loop that Pelican would follow "
    "forever; expected a file, or a folder that does not hold the link",
}


def refused_links(
    folder: str | os.PathLike, allowed: Iterable[str | os.PathLike]
) -> Iterator[tuple[Path, str, str]]:
    """Every symlink under ``folder`` whose target, resolved, lies in none of ``allowed``,
    or is a folder the walk is in (a loop: Pelican's walk would follow it until the paths
    grow too long), as (link, ``"outside"`` or ``"loop"``, target). Links that stay
    inside are followed: a depth-first walk over real folders, each explored once, which
    meets every loop (a link back to a folder still being explored)."""
    roots = [os.path.realpath(root) for root in allowed]
    start = os.path.realpath(folder)
    stack = [(start, _entries(folder))]
    open_folders, explored = {start}, set()
    while stack:
        real, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            open_folders.discard(real)
            explored.add(real)
            continue
        if entry.is_symlink():
            target = os.path.realpath(entry.path)
            if not any(_within(target, root) for root in roots):
                yield Path(entry.path), "outside", target
                continue
            if not os.path.isdir(target):
                continue
            if target in open_folders:
                yield Path(entry.path), "loop", target
                continue
        elif entry.is_dir(follow_symlinks=False):
            target = os.path.join(real, entry.name)
        else:
            continue
        if target not in explored:
            open_folders.add(target)
            stack.append((target, _entries(entry.path)))


def _entries(path: str | os.PathLike) -> Iterator[os.DirEntry]:
    try:
        with os.scandir(path) as entries:
            found = sorted(entries, key=lambda e: e.name)
    except (NotADirectoryError, FileNotFoundError, PermissionError):
        found = []
    return iter(found)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def symlink_problems(
    project: str | os.PathLike, folders: Iterable[str | os.PathLike]
) -> list[Problem]:
    """One ``[symlink]`` problem per symlink under ``folders`` leading outside ``project``
    (and outside the folder it is found in), or into a folder holding it."""
    root = os.path.realpath(project)
    problems = []
    real = {os.fspath(f): os.path.realpath(f) for f in folders if os.path.isdir(f)}
    for folder, where in real.items():
        if any(_within(where, other) and where != other for other in real.values()):
            continue  # walked with the folder holding it
        for link, kind, target in refused_links(folder, (root, folder)):
            message = MESSAGES[kind].format(target=shown(target), root=root)
            problems.append(Problem(str(link), message, "symlink"))
    return problems
