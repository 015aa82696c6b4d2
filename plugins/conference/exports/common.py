"""What every export needs: stable ids, absolute links, texts and frab-style days.

Identifiers are UUIDv5 under a namespace derived from the conference (its ``site_url``,
else its name), so they never change between builds or machines: a calendar app that
imported a session once recognises it again after the site is rebuilt. They are the same
in every language's files: one event, several renderings.

An :class:`ExportContext` renders one edition in one language: texts, room names and page
links in that language, each session's text falling back to its original.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import Any

from plugins.core.lists import join_list, join_place
from plugins.core.text import html_to_text
from plugins.core.typography import typeset

from ..cards import card_path

GENERATOR_NAME = "blogcon-site"


def conference_namespace(conference: Any) -> uuid.UUID:
    """The UUID namespace of one conference series."""
    anchor = conference.site_url or f"urn:x-blogcon:{conference.name}"
    return uuid.uuid5(uuid.NAMESPACE_URL, anchor)


@dataclass
class FrabDay:
    """One conference day as frab sees it: sessions that *start* on that local date."""

    index: int
    date: date
    start: datetime
    end: datetime
    rooms: list[tuple[Any, list[Any]]] = field(default_factory=list)


class ExportContext:
    """Per-edition helpers shared by the frab, iCalendar and JSON-LD writers."""

    def __init__(
        self,
        conference: Any,
        edition: Any,
        languages: Any,
        language: Any = None,
        files_base: str = "",
        converter: Any = None,
    ):
        self.conference = conference
        self.edition = edition
        self.languages = languages
        self.default = languages.default
        #: the language of the texts and page links (the default language's unless given)
        self.language = language or languages.default
        #: a derived language (zh-Hant) shows its source's texts, converted by
        #: ``converter`` (the languages plugin's :class:`~plugins.languages.convert.Converter`)
        self.converter = converter
        source = getattr(self.language, "source", None)
        self.texts_language = (languages.get(source) if source else None) or self.language
        #: output paths of the share cards this run writes (``og:image`` fallbacks)
        self.cards: frozenset[str] = frozenset()
        #: folder of this rendering's files (``editions/2009`` or ``en/editions/2009``)
        self.files_base = files_base or f"editions/{edition.id}"
        self.namespace = conference_namespace(conference)
        #: the render cache's ``fragment(kind, inputs=..., make=..., key=...)`` (pieces of
        #: a file kept between builds while their inputs are the same) and its
        #: ``inputs_key(inputs)``, or None without a cache
        self.fragment: Any = None
        self.inputs_key: Any = None
        self._days: list[FrabDay] | None = None
        #: each session's inputs and their key (None: not cacheable), by session id
        self._pieces: dict[str, tuple[dict[str, Any], str | None]] = {}

    def session_piece(self, kind: str, session: Any, make: Callable[[], Any]) -> Any:
        """``make()``: the piece of an edition-wide file that shows ``session`` alone (its
        frab event or calendar event, JSON-able), kept by the render cache
        (:attr:`fragment`) while the session (texts, speakers' files), this tree, the
        event's numbers and its revision (schedule changes) are the same; the edition,
        conference and settings are in the cache's site digest. The key of these inputs
        is made once for all the kinds of pieces of the session."""
        if self.fragment is None:
            return make()
        known = self._pieces.get(session.id)
        if known is None:
            inputs = {
                "session": session,
                "language": self.language.tag,
                "files": self.files_base,  # the event links the session's page in this tree
                "ids": [
                    self.numeric_ids[session.id],
                    *(self.person_ids[person.id] for person in session.speakers),
                ],
                "revision": [str(v) for v in revision(session)],
            }
            key = self.inputs_key(inputs) if self.inputs_key is not None else None
            known = self._pieces[session.id] = (inputs, key)
        inputs, key = known
        if key is None and self.inputs_key is not None:
            return make()  # not cacheable
        return self.fragment(kind, inputs=inputs, make=make, key=key)

    # identifiers -------------------------------------------------------------------------
    def uuid(self, *parts: str) -> str:
        """A stable UUID for a path of ids, e.g. ``("session", "2009", "keynote")``."""
        return str(uuid.uuid5(self.namespace, "/".join(parts)))

    def edition_uid(self) -> str:
        """UUID of the edition."""
        return self.uuid("edition", self.edition.id)

    def session_uid(self, session: Any) -> str:
        """UUID of a session (frab ``guid``, iCalendar ``UID``)."""
        return self.uuid("session", self.edition.id, session.id)

    def person_uid(self, person: Any) -> str:
        """UUID of a person."""
        return self.uuid("person", person.id)

    def room_uid(self, room: Any) -> str:
        """UUID of a room of this edition."""
        return self.uuid("room", self.edition.id, room.id)

    @cached_property
    def numeric_ids(self) -> dict[str, int]:
        """Integer ``id`` of each session (frab's legacy event id), by session id."""
        return _integer_ids({s.id: self.session_uid(s) for s in self.edition.sessions})

    @cached_property
    def person_ids(self) -> dict[str, int]:
        """Integer ``id`` of each speaker, by person id. ConfClerk keys persons on it (a
        person without one is dropped); Giggity and the C3 tools read it too. Derived from
        the person's UUID, which is the same in every edition, so a person keeps the
        number across editions and builds."""
        speakers = {p.id: self.person_uid(p) for s in self.edition.sessions for p in s.speakers}
        return _integer_ids(speakers)

    @cached_property
    def acronym(self) -> str:
        """``cnblogcon_2009``: valid for both frab schemas (letters, digits, ``_``)."""
        short = self.conference.short_name.localized("en") or str(self.conference.name)
        series = re.sub(r"[^a-z0-9]+", "", short.lower()) or "conference"
        edition = re.sub(r"[^a-z0-9]+", "_", self.edition.id.lower()).strip("_")
        return f"{series}_{edition}"

    def slug(self, session: Any) -> str:
        """A slug unique across conferences: ``cnblogcon_2009-micro-power``."""
        return f"{self.acronym}-{session.id.replace('_', '-')}"

    # links -------------------------------------------------------------------------------
    @property
    def site_url(self) -> str:
        """The public address without a trailing slash, or ''."""
        return self.conference.site_url or ""

    def absolute(self, path: str) -> str:
        """``site_url/path``, or ``/path`` when the site has no public address."""
        return f"{self.site_url}/{path.lstrip('/')}"

    def is_absolute(self) -> bool:
        """True when links are absolute http(s) URLs."""
        return self.site_url.startswith(("http://", "https://"))

    def page_url(self, path: str, tag: str | None = None) -> str:
        """URL of a page in the tree of ``tag`` (this context's language unless given)."""
        language = self.languages.get(tag) or self.language
        return self.absolute(language.path(path))

    def image(self, session: Any = None) -> str:
        """The picture of a session or the edition: its own, else the edition's share card
        in this context's language, else ''."""
        own = getattr(session, "image", None) or self.edition.image
        if own:
            return own
        card = card_path(self.language, self.edition)
        return self.absolute(card) if card in self.cards and self.is_absolute() else ""

    def session_url(self, session: Any) -> str:
        """The session's page in this context's language (its original text, with a notice,
        where it has no translation)."""
        return self.page_url(session.page_path)

    # texts -------------------------------------------------------------------------------
    def converted(self, text: str) -> str:
        """``text`` as this context's language writes it (converted in a derived one)."""
        return self.converter.text(text) if self.converter is not None and text else text

    def text(self, value: Any) -> str:
        """A Localized value in this context's language (with its fallback)."""
        return self.converted(value.localized(self.language)) if value else ""

    def title(self) -> str:
        """``Chinese Blogger Conference 2009`` in this context's language."""
        return f"{self.text(self.conference.name)} {self.edition.year}"

    def session_text(self, session: Any) -> Any:
        """The session's text in this context's language, else its original."""
        return session.text_for(self.texts_language)

    def text_lang(self, session: Any) -> str:
        """The language :meth:`session_text` is written in (the derived one's tag where
        its text is converted)."""
        tag = session.lang_for(self.texts_language)
        return self.converter.tag(tag) if self.converter is not None else tag

    def session_title(self, session: Any) -> str:
        """The title of :meth:`session_text` as this context's language writes it: converted
        for a derived tree, with the no-break spaces French prose takes
        when it is written in French (:mod:`plugins.core.typography`)."""
        return typeset(
            self.converted(str(self.session_text(session).title)), self.text_lang(session)
        )

    def person_name(self, person: Any) -> str:
        """A person's name as written for this context's language."""
        return self.converted(person.name.localized(self.language))

    def abstract(self, session: Any) -> str:
        """The abstract of :meth:`session_text` as plain text."""
        # a title-only translation: the original's abstract rather than none
        body = session.body_for(self.texts_language)
        return typeset(self.converted(self.abstract_of(body)), session.text_lang(body))

    @staticmethod
    def abstract_of(text: Any) -> str:
        """The abstract of one session text as plain text."""
        return _plain_abstract(getattr(text, "content", "") or "")

    def track(self, session: Any) -> str:
        """The track in this context's language (the original's where a translation
        names none), or ''."""
        track = getattr(session.track_source(self.texts_language), "track", "")
        return self.converted(str(track or ""))

    def room_names(self, session: Any) -> str:
        """Every room of the session as a list in this context's language (``主会场、
        分会场和小会议室``, ``Main hall and Side room``), by Babel's list patterns."""
        names = [self.text(room.name) for room in session.rooms]
        return join_list(names, self.language.locale)

    def rooms_note(self, session: Any) -> str:
        """frab files an event under one room: a session in several names them all here
        (its ``description``), or '' for a session in one room."""
        return self.room_names(session) if len(session.rooms) > 1 else ""

    def description(self, session: Any) -> str:
        """frab ``description``: the rooms note, or '' (then the element is left out).

        Giggity shows the abstract only when no ``description`` is present or when the
        abstract, reduced to ASCII letters and digits, is not a prefix of the description
        (its ``fuzzyStartsWith``): a Chinese abstract reduces to '' and is dropped beside
        any description, even an empty one. Where that rule would drop the abstract, the
        description carries the abstract before the note, so nothing is lost."""
        note = self.rooms_note(session)
        abstract = self.abstract(session)
        if note and abstract and giggity_prefix(abstract, note):
            return f"{abstract}\n\n{note}"
        return note

    def location(self, session: Any | None = None) -> str:
        """``Room(s), venue, city`` in this context's language."""
        parts = [self.room_names(session)] if session is not None else []
        parts += [self.text(self.edition.venue), self.text(self.edition.city)]
        return join_place(parts, self.language.locale)

    # days --------------------------------------------------------------------------------
    def days(self) -> list[FrabDay]:
        """Every day of the edition with its sessions by room (rooms in edition order);
        made once per context (the frab XML and JSON of a tree both ask)."""
        if self._days is None:
            self._days = self._make_days()
        return self._days

    def _make_days(self) -> list[FrabDay]:
        zone = self.edition.timezone
        by_day: dict[date, list[Any]] = {}
        for session in self.edition.sessions:
            by_day.setdefault(session.start.date(), []).append(session)
        days = []
        current, index = self.edition.start, 1
        while current <= self.edition.end:
            sessions = by_day.get(current, [])
            midnight = datetime.combine(current, time(0), zone)
            start = min((s.start for s in sessions), default=midnight)
            end = max((s.end for s in sessions), default=midnight + timedelta(days=1))
            day = FrabDay(index, current, start, end)
            by_room: dict[str, list[Any]] = {}  # in the sessions' order, as sorted() keeps it
            for session in sessions:
                by_room.setdefault(session.room.id, []).append(session)
            for room in self.edition.rooms.values():
                in_room = by_room.get(room.id)
                if in_room:
                    day.rooms.append((room, sorted(in_room, key=lambda s: s.start)))
            days.append(day)
            current += timedelta(days=1)
            index += 1
        return days


@lru_cache(maxsize=4096)
def _plain_abstract(html: str) -> str:
    """``html`` as plain text: each abstract is written into three files (frab XML and
    JSON, iCalendar) in every language, so it is converted once."""
    return html_to_text(html, paragraphs=True)


_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]")
_TAG = re.compile(r"<[^>]*>")


def giggity_prefix(prefix: str, full: str) -> bool:
    """Giggity's ``fuzzyStartsWith`` (Giggity.java), which decides whether it drops a frab
    abstract beside a description: tags removed, only ASCII letters and digits kept,
    lower-cased, then ``startswith``. Written out here because it is the rule clients
    apply, not a general text comparison a library offers."""

    def reduce(text: str) -> str:
        return _NOT_ASCII_ALNUM.sub("", _TAG.sub("", text)).lower()

    return reduce(full).startswith(reduce(prefix))


def revision(session: Any) -> tuple[int, Any]:
    """``(SEQUENCE, DTSTAMP or None)`` of a session from its edition's changes."""
    changes = getattr(session.edition, "schedule_changes", None)
    return changes.revision(session) if changes is not None else (0, None)


def duration(session: Any) -> str:
    """``HH:MM`` length of a session."""
    minutes = session.duration_minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def iso(value: datetime) -> str:
    """ISO 8601 with the offset and seconds, as frab writes it: ``2009-11-14T09:30:00+08:00``."""
    return value.isoformat(timespec="seconds")


def schedule_version(edition: Any) -> str:
    """A version that changes whenever a time, room or title in any language changes (no
    build time in it); the same in every language's files."""
    digest = hashlib.sha256()
    for session in sorted(edition.sessions, key=lambda s: s.id):
        rooms = ",".join(room.id for room in session.rooms)
        titles = "|".join(f"{tag}={session.texts[tag].title}" for tag in sorted(session.texts))
        digest.update(f"{session.id}|{session.start}|{session.end}|{rooms}|{titles}\n".encode())
    return f"{edition.id}-{digest.hexdigest()[:12]}"


def _integer_ids(uids: dict[str, str]) -> dict[str, int]:
    """Positive integers (below 2**31, as frab's database ids) derived from UUIDs, made
    unique in sorted key order so the same set of keys always gets the same numbers."""
    taken: set[int] = set()
    result = {}
    for key in sorted(uids):
        number = uuid.UUID(uids[key]).int % 2_000_000_000 + 1
        while number in taken:
            number = number % 2_000_000_000 + 1
        taken.add(number)
        result[key] = number
    return result
