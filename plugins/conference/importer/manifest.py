"""Remember what an import wrote, so a re-import never overwrites a person's edits.

``content/editions/<id>/.import-manifest.json`` keeps the SHA-256 of every file the
importer wrote (paths relative to ``content/``) and the ids it chose for the source's
events, people and rooms, so those ids stay stable when titles change. A file is updated
only if it still has the hash the importer recorded; a file edited since, or one the
importer never wrote, is skipped unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core.atomic import write_atomic

MANIFEST_NAME = ".import-manifest.json"
VERSION = 1


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
    def load(cls, path: Path) -> Manifest:
        """Read the manifest at ``path`` (an empty one when there is none)."""
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: unreadable import manifest ({exc}); remove it to start "
                             "over (every existing file will then be left alone)") from None
        return cls(
            path,
            files=dict(data.get("files", {})),
            sessions=dict(data.get("sessions", {})),
            people=dict(data.get("people", {})),
            rooms=dict(data.get("rooms", {})),
            source=str(data.get("source", "")),
        )

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


@dataclass
class Outcome:
    """What happened to each planned file."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def apply(content_dir: Path, planned: dict[str, str], manifest: Manifest, force: bool,
          keep: set[str] | None = None) -> Outcome:
    """Write ``planned`` files (relative path -> text) as the manifest allows."""
    outcome = Outcome()
    for relative, text in planned.items():
        path = content_dir / relative
        data = text.encode("utf-8")
        new_hash = digest(data)
        if not path.exists():
            write_atomic(path, data)
            manifest.files[relative] = new_hash
            outcome.created.append(relative)
            continue
        current = digest(path.read_bytes())
        recorded = manifest.files.get(relative)
        if current == new_hash:
            manifest.files[relative] = new_hash
            outcome.unchanged.append(relative)
        elif force or (recorded is not None and recorded == current):
            write_atomic(path, data)
            manifest.files[relative] = new_hash
            outcome.updated.append(relative)
        elif recorded is None:
            outcome.skipped.append((relative, "exists and was not written by an import"))
        else:
            outcome.skipped.append((relative, "edited since the last import"))
    for relative in sorted(set(manifest.files) - set(planned) - (keep or set())):
        if (content_dir / relative).exists():
            outcome.stale.append(relative)
    return outcome
