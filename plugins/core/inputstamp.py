"""Everything a build reads, stamped before it starts: a round with nothing new skips it.

``invoke live`` builds the site every few minutes, mostly with nothing new. Even with the
render cache (:mod:`.buildcache`), such a build starts Python and Pelican, reads every
content file and writes every listing, feed and export: about a third of a full build.
A build is a function of its inputs, so when none of them changed since the last
successful build into the same folder, its output is that build's, and the round need
not run it. :func:`input_stamp` is the digest of those inputs, taken cheaply enough
(the status of files, no reading) to be taken before each round:

- the render cache's own recipe version, Python's and the rendering libraries' versions
  (:func:`.buildcache._libraries`), and Pagefind's;
- the settings by value, functions by their code, and the bytes of the settings files
  (:mod:`.settingsdigest`, as the caches key them), run-only settings left out;
- the status (size, modification and change times, inode: what any write changes,
  :func:`.cachekeys.stat_key`) of every file of the project folder, of the content,
  theme and catalog folders and of the plugins' code, wherever they are; the output,
  staging and cache folders, ``__pycache__`` and the project's hidden entries (version
  control, virtual environments) are not inputs;
- ``extra``: what lies outside those folders and a plugin reads (the share cards' font,
  found through fontconfig), as the caller names it.

It errs on the side of work: a file only touched counts as changed (and the render cache
then re-renders nothing). ``tests/wall/test_live_inputs.py`` edits a post, a session, a
person and a setting between rounds and compares each round's output with a clean build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .buildcache import VERSION, _libraries, _plugin_folders, _settings
from .cachekeys import stat_key
from .libraries import library_version

#: Folder names never walked: compiled code, JavaScript packages.
_SKIP_NAMES = {"__pycache__", "node_modules"}
#: Distributions of the Pagefind binary the search plugin runs (not a rendering library).
_PAGEFIND = ("pagefind", "pagefind-bin", "pagefind-bin-extended")


def input_stamp(
    root: Path,
    settings: dict,
    *,
    skip: Iterable[Path] = (),
    extra: Any = None,
) -> str:
    """The digest of what a build of ``root`` with ``settings`` reads (module docstring).

    ``skip``: folders that are not inputs (the output, the staging folder, the caches)."""
    return input_stamps(root, settings, skip=skip, extra=extra)[0]


def input_stamps(
    root: Path,
    settings: dict,
    *,
    skip: Iterable[Path] = (),
    extra: Any = None,
) -> tuple[str, str]:
    """:func:`input_stamp`, and the digest of its part that is Python code: the libraries'
    versions, the settings (their values and the files they were read from, wherever
    those are) and the status of every ``.py`` file among the inputs (the plugins, a
    project's own modules). A process that imported that code once (the warm builder of
    :mod:`plugins.wall.livebuild`) is up to date while the second is the same."""
    skipped = {os.path.realpath(folder) for folder in skip}
    skipped.add(os.path.realpath(root / str(settings.get("CACHE_PATH") or "cache")))
    skipped.add(os.path.realpath(str(settings.get("OUTPUT_PATH") or root / "output")))
    folders = [
        settings.get("PATH"),
        settings.get("THEME"),
        settings.get("LANGUAGES_CATALOG_PATH"),
        *_plugin_folders(settings),
    ]
    files: dict[str, str] = {}
    for folder in filter(None, folders):
        # hidden files too: Pelican reads every file of the content folder it does not
        # ignore (IGNORE_FILES), and a theme may ship one
        files.update(_statuses(os.path.realpath(folder), skipped, hidden=True))
    # the rest of the project (settings files, data/), without what version control,
    # virtual environments and tools keep in hidden folders
    walked = {os.path.realpath(folder) for folder in filter(None, folders)}
    files.update(_statuses(os.path.realpath(root), skipped | walked, hidden=False))
    libraries, configured = _libraries(), _settings(settings)
    python = sorted(item for item in files.items() if item[0].endswith(".py"))
    code = [libraries, configured, python]
    payload = [
        VERSION,
        libraries,
        {name: library_version(name) for name in _PAGEFIND},
        configured,
        sorted(files.items()),
        extra,
    ]
    return _digest(payload), _digest(code)


def _digest(payload: Any) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=lambda o: type(o).__name__).encode()
    ).hexdigest()


def _statuses(folder: str, skipped: set[str], hidden: bool) -> dict[str, str]:
    """Path -> status of every file below ``folder`` (or of ``folder``, a file), but
    those in ``skipped`` folders (and hidden ones unless ``hidden``)."""
    if os.path.isfile(folder):
        return {folder: stat_key(os.stat(folder))}
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [
            name
            for name in dirnames
            if (hidden or not name.startswith("."))
            and name not in _SKIP_NAMES
            and os.path.realpath(os.path.join(dirpath, name)) not in skipped
        ]
        for name in filenames:
            if (name.startswith(".") and not hidden) or name.endswith(".pyc"):
                continue
            path = os.path.join(dirpath, name)
            try:
                found[path] = stat_key(os.stat(path))
            except OSError:  # a dangling link, or gone meanwhile
                found[path] = "-"
    return found


def tree_state(folder: Path) -> str:
    """The digest of the status of every file below ``folder``: whether anything wrote
    there since (``""`` when it is missing)."""
    if not folder.is_dir():
        return ""
    statuses = _statuses(os.path.realpath(folder), set(), hidden=True)
    return hashlib.sha256(json.dumps(sorted(statuses.items())).encode()).hexdigest()
