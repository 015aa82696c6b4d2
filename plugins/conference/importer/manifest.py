"""Remember what an import wrote, so a re-import never overwrites a person's edits.

``content/editions/<id>/.import-manifest.json`` keeps the SHA-256 of every file the
importer wrote (paths relative to ``content/``) and the ids it chose for the source's
events, people and rooms, so those ids stay stable when titles change. :mod:`.changes`
uses the hashes to tell files still as written from files edited by hand; ``--undo``
(:mod:`.undo`) uses them to remove only what an import wrote.
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
            raise ValueError(
                f"{path}: unreadable import manifest ({exc}); remove it to start "
                "over (every existing file will then be left alone)"
            ) from None
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
