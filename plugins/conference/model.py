"""The conference content model: series, editions, rooms, people and sessions.

These are plain objects built from ``content/`` by :mod:`.loader` and :mod:`.sessions`;
templates read them through the context keys in :mod:`plugins.core.keys`. Anything shown
in several languages is a :class:`Localized`, rendered for the page's language by the
``local`` template filter (any object with ``localized(language)`` works with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.text import has_body


@dataclass(frozen=True)
class Localized:
    """A text given in one or more languages (tag -> text), with fallback.

    Lookup order: the requested tag, the language a derived tree is converted from
    (zh-Hans text for the zh-Hant tree, converted when written), the site's default
    language, the first text given.
    """

    texts: dict[str, str]
    default_tag: str = ""

    def localized(self, language: Any) -> str:
        """The text for ``language`` (a Language or a tag), falling back as documented."""
        return self.texts[self.lang_for(language)] if self.texts else ""

    def lang_for(self, language: Any) -> str:
        """The tag of the text that :meth:`localized` returns for ``language``."""
        tag = str(getattr(language, "tag", language) or "")
        for candidate in (tag, getattr(language, "source", None), self.default_tag):
            if candidate in self.texts:
                return candidate
        return next(iter(self.texts), tag)

    def has(self, language: Any) -> bool:
        """True when a text was written for exactly this language."""
        return str(getattr(language, "tag", language)) in self.texts

    def __bool__(self) -> bool:
        return any(self.texts.values())

    def __str__(self) -> str:
        return self.localized(self.default_tag)


@dataclass(frozen=True)
class Link:
    """A titled external link (photos, video, press, personal pages)."""

    url: str
    title: Localized
    type: str = "other"


@dataclass(frozen=True)
class Conference:
    """The conference series described by ``content/conference.yaml``."""

    name: Localized
    short_name: Localized
    description: Localized
    site_url: str
    timezone: ZoneInfo
    source_path: str


@dataclass
class Person:
    """A participant, speaker, author or organizer (``content/people/<id>.yaml``)."""

    id: str
    name: Localized
    source_path: str
    listed: bool = False
    aggregate: bool = False
    blog: str | None = None
    feed: str | None = None
    encoding: str | None = None
    avatar: str | None = None
    bio: Localized = field(default_factory=lambda: Localized({}))
    links: list[Link] = field(default_factory=list)
    #: micro-blog handles (``@user@host``): their posts on an edition's wall are theirs
    accounts: list[str] = field(default_factory=list)
    #: filled after loading: sessions they speak at, posts they wrote on the site
    sessions: list[Session] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)

    def localized(self, language: Any) -> str:
        """The person's name for ``language``."""
        return self.name.localized(language)

    def name_in(self, tag: str) -> str:
        """The person's name written for ``tag`` (with fallback)."""
        return self.name.localized(tag)

    @property
    def page_path(self) -> str:
        """Path of the person page inside a language tree."""
        return f"people/{self.id}.html"

    @property
    def has_page(self) -> bool:
        """No consent, no listing: a page only if listed or acting in public."""
        return self.listed or bool(self.sessions or self.posts)


@dataclass(frozen=True)
class Room:
    """A room of an edition; sessions name it by ``id``."""

    id: str
    name: Localized

    def localized(self, language: Any) -> str:
        """The room's name for ``language``."""
        return self.name.localized(language)


@dataclass
class Edition:
    """One yearly edition (``content/editions/<id>/edition.yaml``)."""

    id: str
    number: int
    start: date
    end: date
    timezone: ZoneInfo
    city: Localized
    source_path: str
    venue: Localized = field(default_factory=lambda: Localized({}))
    theme: Localized = field(default_factory=lambda: Localized({}))
    summary: Localized = field(default_factory=lambda: Localized({}))
    participant_count: int | None = None
    participants: list[Person] = field(default_factory=list)
    organizers: list[Person] = field(default_factory=list)
    rooms: dict[str, Room] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    #: the edition's own picture (an http(s) URL) for link previews, or None
    image: str | None = None
    #: a plan of the rooms (a PNG or JPEG beside edition.yaml) for the printed programme
    map: str | None = None
    #: the venue's postal address: street, locality, region (Localized), postal_code, country
    address: dict[str, Any] = field(default_factory=dict)
    #: micro-blog sources of the wall (:class:`~.streams.Stream`) and moderation rules
    streams: list[Any] = field(default_factory=list)
    moderation: Any = None
    #: filled after loading, in start order
    sessions: list[Session] = field(default_factory=list)
    #: changes since the last publication (:class:`~.changes.ScheduleChanges`), or None
    schedule_changes: Any = None

    @property
    def year(self) -> int:
        """Year of the first day."""
        return self.start.year

    @property
    def page_path(self) -> str:
        """Path of the edition page inside a language tree."""
        return f"editions/{self.id}/index.html"

    @property
    def schedule_path(self) -> str:
        """Path of the schedule page inside a language tree."""
        return f"editions/{self.id}/schedule.html"

    @property
    def roundup_path(self) -> str:
        """Path of the roundup page inside a language tree."""
        return f"editions/{self.id}/roundup.html"

    @property
    def wall_path(self) -> str:
        """Path of the wall (the micro-blog stream) inside a language tree."""
        return f"editions/{self.id}/wall.html"

    @property
    def listed_participants(self) -> list[Person]:
        """Participants who consented to be listed (``listed: true``), in name order."""
        return [p for p in self.participants if p.listed]

    @property
    def keynotes(self) -> list[Session]:
        """Sessions of type ``keynote``."""
        return [s for s in self.sessions if s.type == "keynote"]

    def days(self) -> list[tuple[date, list[Session]]]:
        """Sessions grouped by local start day, days in order."""
        by_day: dict[date, list[Session]] = {}
        for session in self.sessions:
            by_day.setdefault(session.start.date(), []).append(session)
        return sorted(by_day.items())


@dataclass
class Session:
    """A session of an edition: one id, one time, its rooms, a text per language.

    ``texts`` maps a language tag to the Pelican content object read from
    ``sessions/<id>.<lang>.md``; ``original`` is the tag whose file holds the times.
    ``rooms`` lists every room the session takes (a plenary or a break may take several,
    or all with ``all_rooms``); ``room`` is the first, the one exports file it under.
    ``language`` is the language the session is *given* in (BCP 47), which may be none of
    the site's languages; when it is not one of them, the original file's text is taken to
    be written in it (an imported German talk on a Chinese/English/French site).
    """

    id: str
    edition: Edition
    start: datetime
    end: datetime
    rooms: list[Room]
    texts: dict[str, Any]
    original: str
    language: str = ""
    #: True when ``language`` is none of the site's languages
    foreign: bool = False
    all_rooms: bool = False
    type: str = "talk"
    speakers: list[Person] = field(default_factory=list)
    slides: str | None = None
    video: str | None = None
    audio: str | None = None
    #: the session's own picture (an http(s) URL) for link previews, or None
    image: str | None = None

    @property
    def room(self) -> Room:
        """The session's first room: where single-room consumers (frab) list it."""
        return self.rooms[0]

    def text_lang(self, text: Any) -> str:
        """The language the words of ``text`` (one of :attr:`texts`) are written in: the
        file's language, except for an original given in a language the site lacks."""
        if self.foreign and text is self.texts[self.original]:
            return self.language
        return text.lang

    def lang_for(self, language: Any) -> str:
        """The language of the text shown in the ``language`` tree."""
        return self.text_lang(self.text_for(language))

    @property
    def page_path(self) -> str:
        """Path of the session page inside a language tree."""
        return f"editions/{self.edition.id}/sessions/{self.id}.html"

    def text_for(self, language: Any) -> Any:
        """The content object in ``language``, else in the original language."""
        tag = str(getattr(language, "tag", language))
        return self.texts.get(tag) or self.texts[self.original]

    def body_for(self, language: Any) -> Any:
        """The content object whose body (the abstract) the ``language`` tree shows: the
        text in that language, or the original when that translation gives only a title
        (a partial translation: the page then says the abstract is untranslated)."""
        text = self.text_for(language)
        original = self.texts[self.original]
        return text if text is original or has_body(text) else original

    def track_source(self, language: Any) -> Any:
        """The content object whose ``track`` the ``language`` tree shows: the text in
        that language, or the original when that translation names no track."""
        text = self.text_for(language)
        return text if getattr(text, "track", None) else self.texts[self.original]

    def is_translated(self, language: Any) -> bool:
        """True when a text exists in exactly ``language``."""
        return str(getattr(language, "tag", language)) in self.texts

    def localized(self, language: Any) -> str:
        """The session title for ``language`` (with fallback to the original)."""
        return self.text_for(language).title

    @property
    def duration_minutes(self) -> int:
        """Length in minutes."""
        # as instants: across the night the clocks change, wall-clock times mislead
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)
