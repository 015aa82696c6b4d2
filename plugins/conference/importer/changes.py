"""Decide what an import does to each file, then do it (or, for ``--dry-run``, only say it).

Against the manifest (:mod:`.manifest`) and the disk, each planned file is *created*,
*updated* (still as the last import wrote it), *unchanged*, or *skipped* (edited by hand,
or never written by an import; ``--force`` overwrites). A session whose file name changes
(its language, so its tree, changed) is *moved*: the new file is written and the old one
removed, never left as a stale copy. A file the last import wrote that the source no
longer needs is *removed* if it is still as written, else *kept* with the reason; a person
file still referred to elsewhere is kept too. Every file is written atomically.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import write_atomic

from .manifest import Manifest, digest

#: What each action is called in the report, and in a dry run
VERBS = {
    "create": ("created", "would create"),
    "update": ("updated", "would update"),
    "unchanged": ("unchanged", "unchanged"),
    "skip": ("skipped", "would skip"),
    "move": ("moved", "would move"),
    "remove": ("removed", "would remove"),
    "keep": ("kept", "would keep"),
    "forget": ("forgot", "would forget"),
}


@dataclass
class Change:
    """One file's fate: ``path`` (relative to content/), the new ``text`` if written, the
    ``old`` path of a move, and the ``reason`` shown beside skips and keeps."""

    action: str
    path: str
    text: str | None = None
    old: str | None = None
    reason: str = ""

    def line(self, dry_run: bool) -> str:
        """The report line, e.g. ``moved    a.zh-Hans.md -> a.en.md``."""
        verb = VERBS[self.action][1 if dry_run else 0]
        where = f"{self.old} -> {self.path}" if self.old else self.path
        return f"{verb:<8} {where}" + (f" ({self.reason})" if self.reason else "")


def _owner(relative: str) -> str | None:
    """A session file's id with its folder (``editions/x/sessions/talk``), else None."""
    folder, _, name = relative.rpartition("/")
    return f"{folder}/{name.split('.')[0]}" if folder.endswith("/sessions") else None


def plan_changes(
    content_dir: Path,
    planned: dict[str, str],
    manifest: Manifest,
    force: bool = False,
    in_use: dict[str, str] | None = None,
) -> list[Change]:
    """Every change for ``planned`` (relative path -> text); nothing is written.

    ``in_use`` maps files that must not be removed to why (a person still referred to).
    """
    changes: list[Change] = []
    gone = [p for p in manifest.files if p not in planned]
    movable = {_owner(p): p for p in gone if _owner(p)}
    moved: set[str] = set()
    for relative, text in planned.items():
        path = content_dir / relative
        new_hash = digest(text.encode("utf-8"))
        old = movable.pop(_owner(relative), None) if _owner(relative) else None
        if old and (content_dir / old).exists():
            moved.add(old)  # the talk is still in the source: its old file is not "gone"
            if path.exists():
                changes.append(
                    Change(
                        "keep", old, reason=f"the talk moved to {relative}, which exists already"
                    )
                )
            elif force or digest((content_dir / old).read_bytes()) == manifest.files[old]:
                changes.append(Change("move", relative, text, old=old))
                continue
            else:
                changes.append(
                    Change(
                        "skip",
                        relative,
                        reason=f"would move {old}, edited "
                        "since the last import; --force moves and overwrites it",
                    )
                )
                continue
        if not path.exists():
            changes.append(Change("create", relative, text))
            continue
        current = digest(path.read_bytes())
        recorded = manifest.files.get(relative)
        if current == new_hash:
            changes.append(Change("unchanged", relative, text))
        elif force or recorded == current:
            changes.append(Change("update", relative, text))
        elif recorded is None:
            changes.append(
                Change(
                    "skip",
                    relative,
                    reason="exists and was not written by an import; --force overwrites it",
                )
            )
        else:
            changes.append(
                Change(
                    "skip", relative, reason="edited since the last import; --force overwrites it"
                )
            )
    for relative in sorted(set(gone) - moved):
        changes.append(
            leftover(content_dir, relative, manifest, in_use or {}, "no longer in the source")
        )
    return changes


def leftover(
    content_dir: Path, relative: str, manifest: Manifest, in_use: dict[str, str], why: str = ""
) -> Change:
    """What to do with a file the manifest records but nothing needs any more (``why``
    prefixes the reason shown)."""
    path = content_dir / relative
    if not path.exists():
        return Change("forget", relative, reason="already removed")
    prefix = f"{why}; " if why else ""
    if digest(path.read_bytes()) != manifest.files[relative]:
        return Change("keep", relative, reason=f"{prefix}edited since the import")
    if relative in in_use:
        return Change("keep", relative, reason=f"{prefix}{in_use[relative]}")
    return Change("remove", relative, reason=why)


def carry_out(content_dir: Path, changes: list[Change], manifest: Manifest) -> None:
    """Apply ``changes`` file by file, recording each in ``manifest`` as it is done (the
    caller saves the manifest even if this stops half-way)."""
    for change in changes:
        path = content_dir / change.path
        if change.text is not None and change.action in ("create", "update", "move"):
            write_atomic(path, change.text)
        if change.text is not None and change.action != "skip":
            manifest.files[change.path] = digest(change.text.encode("utf-8"))
        if change.action == "move":
            _unlink(content_dir / change.old)
            manifest.files.pop(change.old, None)
        elif change.action == "remove":
            _unlink(path)
            manifest.files.pop(change.path, None)
        elif change.action == "forget":
            manifest.files.pop(change.path, None)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    # leave no empty sessions/ or edition folder behind
    for folder in (path.parent, path.parent.parent):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty


def count(changes: list[Change], action: str) -> int:
    """How many changes have ``action``."""
    return sum(change.action == action for change in changes)
