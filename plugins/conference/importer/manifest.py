"""Remember what an import wrote, so a re-import never overwrites a person's edits.

``content/editions/<id>/.import-manifest.json`` keeps the SHA-256 of every file the
importer wrote (paths relative to ``content/``) and the ids it chose for the source's
events, people and rooms, so those ids stay stable when titles change. :mod:`.changes`
uses the hashes to tell files still as written from files edited by hand; ``--undo``
(:mod:`.undo`) uses them to remove only what an import wrote.

The manifest is a committed file that a pull request or a hand edit can change, so it is
validated when loaded (:meth:`Manifest.load` with the content folder): every recorded path
must be a plain relative path (no ``..``, not absolute) inside the edition's own folder, or
a person file ``<people>/<id>.yaml`` directly in the people folder, and no folder or file
on the way from the content folder may be a symlink. Otherwise the load fails, naming the
entry, and neither the import nor the undo changes anything.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plugins.core.atomic import write_atomic
from plugins.core.errors import shown

MANIFEST_NAME = ".import-manifest.json"
VERSION = 1
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")  # plugins.conference.fields.ID_RE


class ManifestError(ValueError):
    """The manifest cannot be read or names something it may not (one line)."""


def digest(data: bytes) -> str:
    """SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """The manifest of one edition's imports."""

    path: Path
    files: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    rooms: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def load(cls, path: Path, content_dir: Path | None = None, people: str = "people") -> Manifest:
        """Read the manifest at ``path`` (an empty one when there is none).

        With ``content_dir`` (the folder the recorded paths are relative to) and ``people``
        (the people folder, relative to it), every entry is checked (:func:`confine`);
        :class:`ManifestError` names the first one that is wrong.
        """
        if content_dir is not None:
            _edition_of(path, content_dir)  # read through no symlink
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ManifestError(
                f"{path}: unreadable import manifest ({exc}); remove it to start "
                "over (every existing file will then be left alone)"
            ) from None
        manifest = cls(path, **_fields(path, data))
        if content_dir is not None:
            confine(manifest, content_dir, people)
        return manifest

    def save(self) -> None:
        """Write the manifest atomically (keys sorted, so diffs stay small)."""
        data = {
            "version": VERSION,
            "source": self.source,
            "files": dict(sorted(self.files.items())),
            "sessions": dict(sorted(self.sessions.items())),
            "people": dict(sorted(self.people.items())),
            "rooms": dict(sorted(self.rooms.items())),
        }
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _fields(path: Path, data: object) -> dict:
    """The manifest's fields, each of the type it must have, else :class:`ManifestError`."""
    if not isinstance(data, dict):
        raise _refused(path, "", "its content is not an object", "a JSON object")
    fields: dict = {}
    for key in ("files", "sessions", "people", "rooms"):
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise _refused(path, key, f"{shown(value)} refused", "an object")
        check = _DIGEST if key == "files" else _ID
        for name, item in value.items():
            if not isinstance(item, str) or not check.match(item):
                wanted = "a SHA-256 in hex" if key == "files" else "an id (a-z, 0-9, - and _)"
                raise _refused(path, key, f"{shown(name)}: {shown(item)} refused", wanted)
        fields[key] = dict(value)
    source = data.get("source", "")
    fields["source"] = source if isinstance(source, str) else ""
    return fields


def confine(manifest: Manifest, content_dir: Path, people: str = "people") -> None:
    """Refuse (:class:`ManifestError`) a recorded path that could lead anywhere but the
    manifest's own edition folder or a person file: the undo and a re-import remove and
    overwrite only what passes. Nothing on the way is followed if it is a symlink."""
    edition_rel = _edition_of(manifest.path, content_dir)
    people_rel = PurePosixPath(people)
    for relative in manifest.files:
        path = PurePosixPath(relative)
        plain = (
            relative == path.as_posix()
            and not path.is_absolute()
            and "\\" not in relative
            and not {"", ".", ".."} & set(relative.split("/"))
        )
        own = (edition_rel, edition_rel / MANIFEST_NAME)
        in_edition = plain and path.is_relative_to(edition_rel) and path not in own
        person = plain and path.parent == people_rel and path.suffix == ".yaml"
        if not in_edition and not (person and _ID.match(path.stem)):
            raise _refused(manifest.path, "files", f"{shown(relative)} refused", _EXPECTED)
        no_symlink(manifest.path, "files", content_dir, path)


def _edition_of(path: Path, content_dir: Path) -> PurePosixPath:
    """The edition folder of the manifest ``path``, relative to ``content_dir``; refused
    when the manifest would be read through a symlink (an edition folder linked to another
    edition's would lend this edition that edition's manifest)."""
    edition = path.parent
    try:
        edition_rel = PurePosixPath(edition.relative_to(content_dir).as_posix())
    except ValueError:
        raise _refused(
            path, "", "is outside the content folder", f"a manifest inside {content_dir}"
        ) from None
    no_symlink(path, "", content_dir, edition_rel / MANIFEST_NAME)
    return edition_rel


_EXPECTED = (
    "a relative path inside the edition's folder, or a person file <people>/<id>.yaml "
    "(a tampered manifest? nothing was changed)"
)


def no_symlink(origin: Path, where: str, content_dir: Path, relative: PurePosixPath) -> None:
    """Refuse ``relative`` when a folder or the file on its way is a symlink, or the file
    exists and is not a regular file."""
    current = content_dir
    for index, part in enumerate(relative.parts):
        current = current / part
        try:
            mode = current.lstat().st_mode
        except FileNotFoundError:
            return  # nothing further exists: nothing to follow
        entry = shown(relative.as_posix())
        if stat.S_ISLNK(mode):
            raise _refused(
                origin,
                where,
                f"{entry} refused: {shown(PurePosixPath(*relative.parts[: index + 1]).as_posix())} "
                "is a symlink",
                "no symlink on the way (a tampered folder? nothing was changed)",
            )
        if index == len(relative.parts) - 1 and not stat.S_ISREG(mode):
            raise _refused(origin, where, f"{entry} refused: not a regular file", "a regular file")


def _refused(path: Path, where: str, message: str, expected: str) -> ManifestError:
    """``path: [where] message; expected …`` (one line: values are shown escaped)."""
    key = f" [{where}]" if where else ""
    return ManifestError(f"{path}:{key} {message}; expected {expected}")
