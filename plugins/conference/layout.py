"""Content the site would never read: a folder or file in a place no reader looks.

Pelican reads posts and pages from ``ARTICLE_PATHS`` and ``PAGE_PATHS``, and this plugin
reads ``conference.yaml``, ``people/`` and ``editions/<id>/`` (``edition.yaml``,
``coverage.yaml``, ``moderation.yaml``, ``people-map.yaml``, ``roundup.<lang>.md``,
``sessions/`` and the roundup's ``archive/``). Anything else holding Markdown or YAML is a
mistake that would otherwise make content vanish without a word: a misspelt ``session/``
folder, a ``post/`` for ``posts/``, an edition without its ``edition.yaml``. Each is one
problem on the folder (or file), with a suggestion when a known name is close.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from plugins.core.errors import ProblemCollector

from .fields import suggest

#: Files whose content a reader of this site takes (others, such as images, are left be).
CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mdown", ".yaml", ".yml"})
#: What an edition folder may hold besides its files (``archive/``: ``invoke
#: archive-coverage``, read by the roundup plugin).
EDITION_FOLDERS = ("archive", "sessions")
EDITION_FILES = ("coverage.yaml", "edition.yaml", "moderation.yaml", "people-map.yaml")


def check_layout(settings: dict[str, Any], facts: Any, problems: ProblemCollector) -> None:
    """Record a problem for every folder or file under ``content/`` the site does not read."""
    content = Path(settings["PATH"])
    if not content.is_dir():
        return
    known = _top_level(settings, facts, content)
    people = facts.people_path.name
    read_all = any(
        str(p).strip("/") in ("", ".")
        for p in [*(settings.get("ARTICLE_PATHS") or []), *(settings.get("PAGE_PATHS") or [])]
    )  # Pelican's default ARTICLE_PATHS = [""]: it reads every folder
    for entry in [] if read_all else _entries(content):
        if entry.name in known:
            continue
        unread = _unread(entry, sorted(known), "a folder or file of content/", problems)
        if unread and entry.is_dir() and suggest(entry.name, [people]):  # a misspelt people/
            for path in entry.rglob("*.y*ml"):
                problems.broken("person", path.stem, str(entry))
    if facts.people_path.is_dir():  # people/<id>.yaml only: not .yml, not a subfolder
        for entry in _entries(facts.people_path):
            misplaced = entry.is_dir() or entry.suffix != ".yaml"
            if misplaced and _unread(entry, ["<person-id>.yaml"], "a file of people/", problems):
                problems.broken("person", entry.name.split(".")[0], str(entry))
    editions = facts.editions_path
    if editions.is_dir() and editions.resolve().parent == content.resolve():
        for folder in _entries(editions):
            if folder.is_dir():
                _check_edition(folder, problems)
            else:
                _unread(folder, ["<id>/edition.yaml"], "an edition folder", problems)


def _check_edition(folder: Path, problems: ProblemCollector) -> None:
    if not (folder / "edition.yaml").is_file():
        count = _content_files(folder)
        if count:
            close = [e.name for e in _entries(folder) if suggest(e.name, ["edition.yaml"])]
            hint = f" (is {close[0]!r} meant to be it?)" if close else ""
            problems.add(
                str(folder),
                f"edition folder {folder.name!r} has no edition.yaml{hint}, so its "
                f"{_files(count)} are not read; expected "
                f"content/editions/{folder.name}/edition.yaml",
                "folder",
            )
            problems.broken("edition", folder.name, str(folder))
        return
    for entry in _entries(folder):
        if entry.is_dir():
            if entry.name not in EDITION_FOLDERS:
                if not _unread(entry, list(EDITION_FOLDERS), "a folder of an edition", problems):
                    continue
                for path in entry.rglob("*.md"):  # sessions, likely: not unknown elsewhere
                    problems.broken(
                        "session", f"{folder.name}/{path.name.split('.')[0]}", str(entry)
                    )
        elif entry.name not in EDITION_FILES and not _is_roundup(entry.name):
            names = [*EDITION_FILES, "roundup.<lang>.md"]
            _unread(entry, names, "a file of an edition", problems)


def _is_roundup(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 3 and parts[0] == "roundup" and parts[2] == "md"


def _unread(entry: Path, known: list[str], expected: str, problems: ProblemCollector) -> bool:
    """One problem for ``entry`` when it holds anything the site would read (True)."""
    count = _content_files(entry)
    if not count:
        return False
    what = "folder" if entry.is_dir() else "file"
    held = f"its {_files(count)} are" if entry.is_dir() else "it is"
    problems.add(
        str(entry),
        f"{what} {entry.name!r} is in no place the site reads{suggest(entry.name, known)}, "
        f"so {held} not published; expected {expected}: {', '.join(known)}",
        "folder",
    )
    return True


def _top_level(settings: dict[str, Any], facts: Any, content: Path) -> set[str]:
    """First components of every path under ``content/`` that something reads."""
    paths = [
        *(settings.get("ARTICLE_PATHS") or []),
        *(settings.get("PAGE_PATHS") or []),
        *(settings.get("STATIC_PATHS") or []),
        *(settings.get("EXTRA_PATH_METADATA") or {}),
    ]
    for path in (facts.conference_file, facts.editions_path, facts.people_path):
        try:
            paths.append(os.path.relpath(path, content))
        except ValueError:
            continue
    parts = (PurePosixPath(str(p).replace(os.sep, "/")).parts for p in paths if p)
    return {first[0] for first in parts if first and first[0] not in ("", ".", "..")}


def _entries(folder: Path) -> list[Path]:
    """The folder's entries, hidden ones (``.import-manifest.json``, ``.git``) left out."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _content_files(entry: Path) -> int:
    """How many Markdown or YAML files ``entry`` is or holds."""
    if entry.is_file():
        return int(entry.suffix.lower() in CONTENT_SUFFIXES)
    count = 0
    for _, folders, files in os.walk(entry):
        folders[:] = [f for f in folders if not f.startswith(".")]
        count += sum(Path(f).suffix.lower() in CONTENT_SUFFIXES for f in files)
    return count


def _files(count: int) -> str:
    return f"{count} Markdown or YAML file{'s' if count != 1 else ''}"
