"""What changed in a schedule since it was last published.

Each edition's published schedule is kept as a snapshot, ``data/schedule/<edition>.json``
(committed with the site; ``CONFERENCE_SCHEDULE_SNAPSHOTS`` moves the folder): every
session's start, end, rooms, titles, ``sequence`` (how many times it changed after it was
first published) and ``stamp`` (when the publication that last changed it ran), and the
history of published changes. A build only *reads* it, so a rebuild equals a clean build:
it lists the history plus the changes not yet published (the content compared with the
snapshot), each of those dated by the newest modification time of the edition's session
files. ``invoke publish`` and ``invoke live --publish`` (:func:`publish_snapshot`) record
the pending changes with the time of publication and write the snapshot atomically.

Kinds of change: ``moved`` (start or end), ``room``, ``cancelled`` (the session is gone),
``new`` (added after the first publication). The snapshot is untrusted input like all of
``data/``: a malformed one stops the build with one located line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.errors import ProblemCollector

KINDS = ("moved", "room", "cancelled", "new")
#: which of a change's ``before`` and ``after`` hold a session's state, by kind
_SIDES = {
    "moved": (True, True),
    "room": (True, True),
    "cancelled": (True, False),
    "new": (False, True),
}
_MAX_TEXT = 2000


@dataclass(frozen=True)
class Change:
    """One change of one session: ``before``/``after`` hold start, end, rooms, titles."""

    at: datetime
    session: str
    kind: str
    before: dict[str, Any]
    after: dict[str, Any]
    published: bool = True

    def title(self, tag: str, default: str) -> str:
        """The session's title in ``tag`` (else the default language's), after the change
        (before it for a cancelled session)."""
        titles = (self.before if self.kind == "cancelled" else self.after).get("titles", {})
        return str(titles.get(tag) or titles.get(default) or self.session)

    def to_json(self) -> dict[str, Any]:
        """The snapshot's form."""
        return {
            "at": _stamp(self.at),
            "session": self.session,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class ScheduleChanges:
    """An edition's changes (newest first) and each session's calendar revision."""

    changes: list[Change] = field(default_factory=list)
    #: session id -> (SEQUENCE, DTSTAMP) for the calendars; absent: never changed
    revisions: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    #: session id -> when it last changed (for "changed since your last visit")
    changed_at: dict[str, datetime] = field(default_factory=dict)

    def revision(self, session: Any) -> tuple[int, datetime | None]:
        """``(SEQUENCE, DTSTAMP)`` of a session; DTSTAMP None when it never changed."""
        return self.revisions.get(session.id, (0, None))


def state(session: Any) -> dict[str, Any]:
    """What the snapshot keeps of one session."""
    return {
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "rooms": [room.id for room in session.rooms],
        "titles": {tag: str(text.title) for tag, text in sorted(session.texts.items())},
    }


def snapshot_path(folder: Path, edition: Any) -> Path:
    """``<folder>/<edition id>.json``."""
    return folder / f"{edition.id}.json"


def load_snapshot(path: Path) -> dict[str, Any] | None:
    """The snapshot at ``path`` (None when there is none yet); ContentError when it is not
    one this module wrote."""
    if not path.is_file():
        return None
    problems = ProblemCollector()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        problems.add(
            str(path),
            f"unreadable schedule snapshot ({type(error).__name__}); expected the JSON "
            "`invoke publish` writes (restore it from git)",
        )
        problems.raise_if_any()
    _check(data, str(path), problems)
    problems.raise_if_any()
    return data


def _check(data: Any, path: str, problems: ProblemCollector) -> None:
    def bad(where: str, what: str) -> None:
        problems.add(path, f"invalid schedule snapshot; expected {what}", where)

    if not isinstance(data, dict) or not isinstance(data.get("sessions"), dict):
        return bad("sessions", "an object with a `sessions` mapping")
    if not isinstance(data.get("changes", []), list):
        return bad("changes", "a list of changes")
    for sid, item in data["sessions"].items():
        if not (isinstance(item, dict) and _valid_state(item)):
            return bad(f"sessions.{sid[:60]}", "start, end (ISO 8601), rooms, titles")
        if not isinstance(item.get("sequence", 0), int) or _time(item.get("stamp")) is None:
            return bad(f"sessions.{sid[:60]}", "an integer sequence and an ISO 8601 stamp")
    for number, change in enumerate(data.get("changes", [])):
        if not (
            isinstance(change, dict)
            and change.get("kind") in KINDS
            and isinstance(change.get("session"), str)
            and _time(change.get("at")) is not None
            and isinstance(change.get("before"), dict)
            and isinstance(change.get("after"), dict)
            and all(
                _valid_state(c) if needed else not c
                for c, needed in zip(
                    (change["before"], change["after"]), _SIDES[change["kind"]], strict=True
                )
            )
        ):
            return bad(f"changes[{number}]", f"at, session, kind (one of {', '.join(KINDS)})")
    return None


def _valid_state(item: dict) -> bool:
    rooms, titles = item.get("rooms"), item.get("titles")
    return (
        _time(item.get("start")) is not None
        and _time(item.get("end")) is not None
        and isinstance(rooms, list)
        and all(isinstance(r, str) and len(r) < 200 for r in rooms)
        and isinstance(titles, dict)
        and all(isinstance(t, str) and len(t) <= _MAX_TEXT for t in titles.values())
    )


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def diff(edition: Any, snapshot: dict[str, Any], at: datetime) -> list[Change]:
    """The changes from ``snapshot`` to the edition's sessions now, dated ``at``."""
    old = snapshot["sessions"]
    now = {s.id: state(s) for s in edition.sessions}
    found = []
    for sid in sorted(old.keys() | now.keys()):
        before = {
            k: v for k, v in old.get(sid, {}).items() if k in ("start", "end", "rooms", "titles")
        }
        after = now.get(sid, {})
        if not after:
            found.append(Change(at, sid, "cancelled", before, {}, False))
        elif not before:
            found.append(Change(at, sid, "new", {}, after, False))
        else:
            if _time(before["start"]) != _time(after["start"]) or _time(before["end"]) != _time(
                after["end"]
            ):
                found.append(Change(at, sid, "moved", before, after, False))
            if before["rooms"] != after["rooms"]:
                found.append(Change(at, sid, "room", before, after, False))
    return found


def pending_time(sessions_folder: Path) -> datetime:
    """When the edition's sessions last changed on disk: the newest modification time of
    the folder (a deleted file changes it) and its files, to the second, in UTC."""
    paths = [sessions_folder, *sessions_folder.glob("*.md")] if sessions_folder.is_dir() else []
    newest = max((p.stat().st_mtime for p in paths), default=0.0)
    return datetime.fromtimestamp(int(newest), UTC)


def schedule_changes(
    edition: Any, snapshot: dict[str, Any] | None, at: datetime
) -> ScheduleChanges:
    """The edition's published and pending changes (pending ones dated ``at``) and each
    session's revision; nothing when the edition was never published."""
    result = ScheduleChanges()
    if snapshot is None:
        return result
    for sid, item in snapshot["sessions"].items():
        if item.get("sequence", 0):
            result.revisions[sid] = (item["sequence"], _time(item["stamp"]))
    history = [
        Change(_time(c["at"]), c["session"], c["kind"], c["before"], c["after"])
        for c in snapshot.get("changes", [])
    ]
    pending = diff(edition, snapshot, at)
    # a new session starts at SEQUENCE 0 (as it is recorded when published)
    for sid in {c.session for c in pending if c.kind in ("moved", "room")}:
        sequence = snapshot["sessions"][sid].get("sequence", 0)
        result.revisions[sid] = (sequence + 1, at)
    result.changes = sorted(
        history + pending, key=lambda c: (c.at, c.session, KINDS.index(c.kind)), reverse=True
    )
    for change in result.changes:
        result.changed_at.setdefault(change.session, change.at)
    return result


def publish_snapshot(edition: Any, path: Path, at: datetime) -> list[Change]:
    """Record the edition's schedule as published at ``at``: the pending changes join the
    history, changed sessions get the next sequence and ``at`` as stamp; the file is
    written atomically (created on the first publication, with no changes). Returns the
    changes recorded."""
    snapshot = load_snapshot(path)
    if snapshot is None:
        snapshot = {"edition": edition.id, "sessions": {}, "changes": []}
        found: list[Change] = []
        first = True
    else:
        found = diff(edition, snapshot, at)
        first = False
    sessions = {}
    for session in edition.sessions:
        old = snapshot["sessions"].get(session.id)
        changed = any(c.session == session.id for c in found)
        sequence = (old or {}).get("sequence", 0) + (1 if changed and old else 0)
        stamp = _stamp(at) if changed or first or old is None else old["stamp"]
        sessions[session.id] = {**state(session), "sequence": sequence, "stamp": stamp}
    if not found and not first and sessions == snapshot["sessions"]:
        return []
    data = {
        "edition": edition.id,
        "published": _stamp(at),
        "sessions": sessions,
        "changes": [*snapshot.get("changes", []), *(c.to_json() for c in found)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return found


def read_snapshots(folder: Path) -> dict[str, bytes]:
    """The bytes of every snapshot in ``folder``, by file name (to restore or compare)."""
    if not folder.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.json"))}


def restore_snapshots(folder: Path, saved: dict[str, bytes]) -> None:
    """Put the snapshots back as ``saved`` held them (a publication that failed)."""
    for name, data in saved.items():
        if (folder / name).read_bytes() != data:
            write_atomic(folder / name, data)
    for path in folder.glob("*.json") if folder.is_dir() else []:
        if path.name not in saved:
            path.unlink()


def changes_since(folder: Path, saved: dict[str, bytes]) -> list[dict[str, Any]]:
    """The changes recorded in ``folder``'s snapshots since they held ``saved``."""
    found = []
    for name, data in read_snapshots(folder).items():
        if saved.get(name) == data:
            continue
        before = json.loads(saved[name]).get("changes", []) if name in saved else []
        after = json.loads(data).get("changes", [])
        found += after[len(before) :]
    return found


def describe(changes: list[dict[str, Any]]) -> str:
    """``3 schedule changes (2 moved, 1 cancelled)``, for a status line."""
    if not changes:
        return "no schedule changes"
    counts = {kind: sum(1 for c in changes if c.get("kind") == kind) for kind in KINDS}
    kinds = ", ".join(f"{n} {'room changed' if k == 'room' else k}" for k, n in counts.items() if n)
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} schedule {noun} ({kinds})"
