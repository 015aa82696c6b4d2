"""Which files are the sample conference, and whether they are still as shipped.

The sample is the committed ``content/``, ``data/`` and ``docs/screenshots/`` of this
repository. Their SHA-256 digests are listed in ``sample.sha256`` beside this module (the
format of coreutils' ``sha256sum``, so ``sha256sum -c`` reads it too): a fork without git
history, or a download of the repository as an archive, can still tell an untouched sample
from edited content. ``python -m plugins.conference.starter manifest`` writes the list again
after a change to the sample (a test fails while it is out of date).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from plugins.core.atomic import write_atomic

MANIFEST = Path(__file__).with_name("sample.sha256")
#: Folders of the sample, relative to the project root: every file in them is replaced.
SAMPLE_FOLDERS = ("content", "data", "docs/screenshots")
#: Files the tools write while working, never part of the sample nor of anyone's content.
IGNORED_NAMES = frozenset({".fetch.lock"})
#: Made from the content by builds and exports (not committed): removed with the sample.
GENERATED = ("output", "output.live", "output.previous", "cache", "exports")


def sample_files(root: Path) -> list[str]:
    """The files now in the sample folders, as sorted ``/``-separated relative paths."""
    found = []
    for folder in SAMPLE_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.name in IGNORED_NAMES or not (path.is_file() or path.is_symlink()):
                continue
            found.append(path.relative_to(root).as_posix())
    return sorted(found)


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes (a symlink is never followed: it is its own entry)."""
    if path.is_symlink():
        return hashlib.sha256(b"symlink:" + str(path.readlink()).encode()).hexdigest()
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """The shipped list: relative path -> SHA-256."""
    digests = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        value, _, name = line.partition("  ")
        if value and name:
            digests[name] = value
    return digests


def write_manifest(root: Path, path: Path = MANIFEST) -> int:
    """Write the digests of the sample folders of ``root``; returns how many files."""
    names = sample_files(root)
    write_atomic(path, "".join(f"{digest(root / name)}  {name}\n" for name in names))
    return len(names)


def changed_files(root: Path, manifest: dict[str, str] | None = None) -> list[str]:
    """Files of the sample folders that are not the sample as shipped: edited or added.

    A deleted sample file is no change (nothing of anyone's would be lost).
    """
    expected = read_manifest() if manifest is None else manifest
    return [name for name in sample_files(root) if expected.get(name) != digest(root / name)]
