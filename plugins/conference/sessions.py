"""Turn session Markdown files into :class:`~.model.Session` objects and check them.

A session is one id with one time, its rooms and a text per language. Times, rooms, type,
speakers, language and media links are read from the *original* file (the default
language's, else the first); translations may repeat them but must not contradict them.
``Room`` is one room id, a comma-separated list, or ``all`` (a plenary, a break).
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from plugins.core.errors import ProblemCollector, shown
from plugins.core.metadata import metadata_line

from .addresses import is_web_url, no_scheme_hint
from .fields import ID_RE, is_language_tag, suggest
from .loader import unknown_person
from .model import Edition, Person, Session
from .times import check_times, read_time

SESSION_TYPES = {"talk", "keynote", "panel", "workshop", "lightning", "social", "break"}
SHARED_KEYS = (
    "start",
    "end",
    "room",
    "type",
    "speakers",
    "language",
    "slides",
    "video",
    "audio",
    "image",
)
#: ``Room: all``: the session takes every room of the edition
ALL_ROOMS = "all"


class _Located:
    """Records problems against one session file, finding the line of each key."""

    def __init__(self, text: Any, problems: ProblemCollector):
        self.text = text
        self.path = text.source_path
        self.problems = problems

    def fail(self, key: str, message: str, line: int | None = None) -> None:
        line = line or metadata_line(self.path, key)
        self.problems.add(self.path, message, key.capitalize(), line)

    def get(self, key: str) -> str | None:
        value = self.text.metadata.get(key)
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value)
        return str(value).strip() if value not in (None, "") else None


def session_id_of(text: Any) -> str:
    """The session id: ``Session`` metadata, else the file name before ``.<lang>.md``."""
    explicit = text.metadata.get("session")
    if explicit:
        return str(explicit).strip()
    return Path(text.source_path).name.split(".")[0]


def build_sessions(
    edition: Edition,
    texts: list[Any],
    people: dict[str, Person],
    default_tag: str,
    problems: ProblemCollector,
    site_tags: frozenset[str] = frozenset(),
) -> list[Session]:
    """Group the edition's session texts by id, validate them and return sessions in order.

    ``site_tags`` are the site's language tags: a session given in another language has
    its original text marked as written in that language."""
    groups: dict[str, dict[str, Any]] = {}
    for text in texts:
        located = _Located(text, problems)
        session_id = session_id_of(text)
        if problems.is_broken("session", f"{edition.id}/{session_id}"):
            continue  # another file of this session could not be read: that is the problem
        if not ID_RE.match(session_id):
            located.fail(
                "session",
                f"session id {shown(session_id)} must be lower-case letters, "
                "digits and '-' (it is the URL segment)",
            )
            # its translations would seem to lack their original: this is the root cause
            named = Path(text.source_path).name.split(".")[0]
            problems.broken("session", f"{edition.id}/{named}", text.source_path)
            continue
        if not getattr(text, "title", None):
            located.fail("title", "missing required key 'Title'")
            problems.broken("session", f"{edition.id}/{session_id}", text.source_path)
            continue
        group = groups.setdefault(session_id, {})
        if text.lang in group:
            located.fail(
                "lang",
                f"session {shown(session_id)} has two files in {text.lang}: "
                f"{group[text.lang].source_path} and this one",
            )
            continue
        group[text.lang] = text
    sessions = []
    for session_id, group in sorted(groups.items()):
        if problems.is_broken("session", f"{edition.id}/{session_id}"):
            continue
        session = _build_one(
            edition, session_id, group, people, default_tag, problems, site_tags or frozenset(group)
        )
        if session is not None:
            sessions.append(session)
        else:
            original = group.get(default_tag) or group[sorted(group)[0]]
            problems.broken("session", f"{edition.id}/{session_id}", original.source_path)
    room_order = {room_id: index for index, room_id in enumerate(edition.rooms)}
    sessions.sort(key=lambda s: (s.start, room_order.get(s.room.id, 0), s.id))
    check_overlaps(sessions, problems)
    return sessions


def _build_one(
    edition, session_id, group, people, default_tag, problems, site_tags
) -> Session | None:
    original = default_tag if default_tag in group else sorted(group)[0]
    main = _Located(group[original], problems)
    if original != default_tag and not any(main.get(key) for key in ("start", "end", "room")):
        _without_original(session_id, group, default_tag, problems)
        return None
    count = len(problems.problems)
    start = read_time(main, "start", edition)
    end = read_time(main, "end", edition)
    rooms = _read_rooms(main, edition)
    language = main.get("language") or original
    if not is_language_tag(language):
        main.fail(
            "language",
            f"Language {shown(language)} is not a language tag; expected the "
            "BCP 47 tag of the language the session is given in, e.g. 'en', 'de', "
            "'zh-Hans'",
        )
    kind = main.get("type") or "talk"
    if kind not in SESSION_TYPES:
        main.fail(
            "type",
            f"unknown session type {shown(kind)}"
            f"{suggest(kind, sorted(SESSION_TYPES))}; "
            f"expected one of: {', '.join(sorted(SESSION_TYPES))}",
        )
    speakers = []
    for person_id in filter(None, (p.strip() for p in (main.get("speakers") or "").split(","))):
        if person_id in people and people[person_id] in speakers:
            main.fail("speakers", f"speaker {shown(person_id)} is listed twice")
        elif person_id in people:
            speakers.append(people[person_id])
        elif not problems.depends_on_broken("person", person_id):
            main.fail("speakers", unknown_person(person_id, people))
    media = {}
    for key in ("slides", "video", "audio", "image"):
        media[key] = main.get(key)
        if media[key] and not is_web_url(media[key]):
            main.fail(
                key,
                f"{key.capitalize()} must be an http(s) URL, got {shown(media[key])}"
                + no_scheme_hint(media[key], bare_host=True),
            )
    if start and end:
        check_times(main, edition, start, end)
    for tag, text in group.items():
        if tag != original:
            _check_agrees(_Located(text, problems), main)
    if len(problems.problems) > count or not (start and end and rooms):
        return None
    session = Session(
        id=session_id,
        edition=edition,
        start=start,
        end=end,
        rooms=rooms,
        texts=dict(group),
        original=original,
        language=language,
        foreign=language not in site_tags,
        all_rooms=(main.get("room") or "").lower() == ALL_ROOMS,
        type=kind,
        speakers=speakers,
        **media,
    )
    for text in group.values():
        text.session = session
    return session


def _without_original(session_id, group, default_tag, problems) -> None:
    """Translations of a session whose original (the file with its time) is missing: one
    problem, on the first of them, since the file to add is the same for all."""
    text = group[sorted(group)[0]]
    problems.add(
        text.source_path,
        f"translation of session {shown(session_id)}, whose original is missing (no file "
        f"of it gives Start, End and Room); expected a file {session_id}.{default_tag}.md "
        "in the same folder, with the session's time and room",
        "Lang",
        metadata_line(text.source_path, "lang") or 1,
    )


def _read_rooms(located: _Located, edition: Edition) -> list[Any]:
    """The rooms of ``Room``: one id, a comma-separated list of ids, or ``all``."""
    value = located.get("room")
    if value is None:
        located.fail(
            "room", "missing required key 'Room' (a room id, a list of ids, or 'all')", line=1
        )
        return []
    if value.lower() == ALL_ROOMS:
        if not edition.rooms:
            located.fail("room", f"Room 'all' but edition {edition.id!r} defines no rooms")
        return list(edition.rooms.values())
    ids = [part.strip() for part in value.split(",") if part.strip()]
    if not ids:
        located.fail("room", f"Room {shown(value)} names no room; expected a room id or 'all'")
        return []
    if ALL_ROOMS in (room_id.lower() for room_id in ids):
        located.fail(
            "room",
            f"Room {shown(value)} names 'all' in a list; expected 'all' alone "
            "(it takes every room) or a list of room ids",
        )
        return []
    known = sorted(edition.rooms)
    rooms = []
    for room_id in ids:
        if room_id not in edition.rooms:
            located.fail(
                "room",
                f"unknown room {shown(room_id)}{suggest(room_id, known)}; "
                f"expected a room id of edition {edition.id!r} "
                f"({', '.join(known) or 'none defined'}), a list of them, or 'all'",
            )
            return []
        if edition.rooms[room_id] in rooms:
            located.fail("room", f"room {shown(room_id)} is listed twice")
            return []
        rooms.append(edition.rooms[room_id])
    # in the edition's order, so the first room is the same however the list is written
    order = list(edition.rooms)
    return sorted(rooms, key=lambda room: order.index(room.id))


def _check_agrees(translation: _Located, main: _Located) -> None:
    for key in SHARED_KEYS:
        value = translation.get(key)
        if value is not None and value != main.get(key):
            translation.fail(
                key,
                f"{key.capitalize()} {shown(value)} differs from "
                f"{shown(main.get(key))} "
                f"in {main.path}; translations inherit it, so remove it or make "
                "them agree",
            )


def check_overlaps(sessions: list[Session], problems: ProblemCollector) -> None:
    """Two sessions in one room may not overlap (touching end to start is fine); a session
    in several rooms (or all) is in each of them."""
    by_room: dict[str, list[Session]] = {}
    for session in sessions:
        for room in session.rooms:
            by_room.setdefault(room.id, []).append(session)
    for room_id, room_sessions in by_room.items():
        room_sessions.sort(key=lambda s: s.start.astimezone(UTC))
        latest = None
        for session in room_sessions:
            if latest is not None and session.start.astimezone(UTC) < latest.end.astimezone(UTC):
                path = session.texts[session.original].source_path
                problems.add(
                    path,
                    f"session {session.id!r} ({session.start:%Y-%m-%d %H:%M}-{session.end:%H:%M})"
                    f" overlaps {latest.id!r} ({latest.start:%Y-%m-%d %H:%M}-{latest.end:%H:%M})"
                    f" in room {room_id!r}; expected sessions in one room one after "
                    "another",
                    "Start",
                    metadata_line(path, "start"),
                )
            if latest is None or session.end.astimezone(UTC) > latest.end.astimezone(UTC):
                latest = session
