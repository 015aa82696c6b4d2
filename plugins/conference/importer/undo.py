"""``--undo``: take back an import using its manifest.

Removes every file the manifest records whose content is still what the import wrote;
a file edited since is kept and reported, and so is a person file still referred to by
other content (:mod:`.references`). Nothing the import did not write is touched or
restored. The manifest itself is removed at the end, so the edition's remaining files,
if any, count as hand-written from then on.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .changes import Change, carry_out, leftover
from .folders import Folders
from .manifest import Manifest
from .references import people_in_use


def plan_undo(
    content_dir: Path, manifest: Manifest, folders: Folders | None = None
) -> list[Change]:
    """What undoing ``manifest``'s import would do to each file it recorded."""
    recorded = sorted(manifest.files)
    removable = [r for r in recorded if (content_dir / r).exists()]
    in_use = people_in_use(content_dir, manifest, removable, folders=folders)
    return [leftover(content_dir, relative, manifest, in_use) for relative in recorded]


def undo(content_dir: Path, manifest: Manifest, changes: list[Change]) -> None:
    """Carry out ``changes`` from :func:`plan_undo`, then remove the manifest."""
    try:
        carry_out(content_dir, changes, manifest)
    except BaseException:
        manifest.save()  # stopped half-way: keep what is left to undo
        raise
    with contextlib.suppress(FileNotFoundError):
        manifest.path.unlink()
    with contextlib.suppress(OSError):
        manifest.path.parent.rmdir()  # the edition folder, if nothing else is left
