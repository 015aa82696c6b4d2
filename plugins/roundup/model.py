"""What a roundup page shows: curated coverage, matched posts and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from plugins.core.text import excerpt, running_text

from .matching import Match

#: Order and kinds of coverage items (coverage.yaml ``type``).
COVERAGE_TYPES = ("post", "liveblog", "photos", "video", "press", "podcast")


@dataclass(frozen=True)
class RoundupPost:
    """A participant's post matched to an edition, from the planet or the archive."""

    key: str
    feed_id: str
    link: str | None
    title: str
    author: str | None
    person: Any
    date: datetime
    first_seen: datetime
    lang: str | None
    content: str
    match: Match
    edition_id: str
    #: the feed's own id of the entry (with ``feed_id``, what our feeds' ids derive from)
    entry_id: str = ""
    #: sanitized HTML with images as published; the archived copy page shows it through
    #: the ``local_media`` filter (the media archive's copies, else links)
    html: str = ""

    @property
    def archive_path(self) -> str:
        """Path of the archived copy page inside a language tree."""
        return f"editions/{self.edition_id}/archive/{self.key}.html"

    def local(self, zone: Any) -> datetime:
        """The post's date in ``zone`` (the edition's: the zone the roundup groups by)."""
        return self.date.astimezone(zone)

    def excerpt(self, limit: int) -> str:
        """Plain-text excerpt, cut between words or CJK characters: the post's text only,
        from the HTML as published (``content`` shows each picture as a link named by its
        alternative text, which is no part of the prose), paragraphs joined as the
        language joins sentences (no space after a CJK full stop)."""
        return excerpt(running_text(self.html or self.content), limit)

    def author_in(self, language: Any) -> str:
        """The person's name in the page's language, else the feed's author."""
        if self.person is not None:
            return self.person.localized(language)
        return self.author or self.feed_id


@dataclass(frozen=True)
class CoverageItem:
    """A curated coverage item of ``coverage.yaml``."""

    type: str
    url: str
    title: str
    lang: str
    author: Any  # a Person, a name, or None
    date: date | None
    session: Any  # a Session or None
    quote: str | None
    quote_translations: dict[str, str]
    archived: RoundupPost | None = None

    def translation_for(self, language: Any) -> str | None:
        """The quote's translation into ``language``, when it is not the original's; for
        a derived tree (zh-Hant converted from zh-Hans) without its own, the source
        language's, which the tree converts (see :meth:`translation_lang`)."""
        tag = self.translation_lang(language)
        return None if tag is None else self.quote_translations[tag]

    def translation_lang(self, language: Any) -> str | None:
        """The tag of the translation :meth:`translation_for` gives, or None."""
        tag = getattr(language, "tag", language)
        if tag == self.lang:
            return None
        source = getattr(language, "source", None)
        for candidate in (tag, source):
            if candidate and candidate != self.lang and candidate in self.quote_translations:
                return candidate
        return None


@dataclass
class Roundup:
    """The roundup of one edition."""

    edition: Any
    intros: dict[str, Any] = field(default_factory=dict)
    coverage: list[CoverageItem] = field(default_factory=list)
    posts: list[RoundupPost] = field(default_factory=list)

    @property
    def page_path(self) -> str:
        """Path of the roundup page inside a language tree."""
        return self.edition.roundup_path

    def intro_for(self, language: Any) -> Any:
        """The introduction in ``language``, else in the default language, else None."""
        tag = getattr(language, "tag", language)
        return self.intros.get(tag) or next(
            (text for text in self.intros.values() if text.in_default_lang), None
        )

    def coverage_groups(self) -> list[tuple[str, list[tuple[Any, list[CoverageItem]]]]]:
        """Coverage by type (in COVERAGE_TYPES order), then by session (general first)."""
        groups = []
        for kind in COVERAGE_TYPES:
            items = [item for item in self.coverage if item.type == kind]
            if not items:
                continue
            by_session: dict[str | None, list[CoverageItem]] = {}
            for item in items:
                by_session.setdefault(item.session.id if item.session else None, []).append(item)
            sessions = {i.session.id: i.session for i in items if i.session}
            ordered = sorted(
                ((sessions.get(sid), group) for sid, group in by_session.items()),
                # general items first, then by session start
                key=lambda pair: (
                    pair[0] is not None,
                    pair[0].start.isoformat() if pair[0] else "",
                ),
            )
            groups.append((kind, ordered))
        return groups

    def page_paths(self, per_page: int) -> list[str]:
        """Paths of the roundup's pages: the roundup itself, then ``roundup/page/N.html``."""
        count = max(1, -(-len(self.listed_posts) // per_page))
        stem = self.page_path.removesuffix(".html")
        return [self.page_path] + [f"{stem}/page/{n}.html" for n in range(2, count + 1)]

    def days(self, posts: list[RoundupPost] | None = None) -> list[tuple[date, list[RoundupPost]]]:
        """Matched posts (all, or ``posts``) by day in the edition's zone; newest last."""
        by_day: dict[date, list[RoundupPost]] = {}
        for post in sorted(self.posts if posts is None else posts, key=lambda p: p.date):
            by_day.setdefault(post.local(self.edition.timezone).date(), []).append(post)
        return sorted(by_day.items())

    @property
    def bloggers(self) -> int:
        """Distinct authors of matched posts and coverage items."""
        names = {p.person.id if p.person else (p.author or p.feed_id) for p in self.posts}
        names |= {getattr(i.author, "id", i.author) for i in self.coverage if i.author}
        return len(names)

    @property
    def languages(self) -> int:
        """Distinct languages of matched posts and coverage items."""
        return len({p.lang for p in self.posts if p.lang} | {i.lang for i in self.coverage})

    @property
    def curated_keys(self) -> set[str]:
        """Keys of matched posts that are also curated coverage items."""
        return {item.archived.key for item in self.coverage if item.archived}

    @property
    def listed_posts(self) -> list[RoundupPost]:
        """Matched posts not already listed as curated coverage (each item once)."""
        curated = self.curated_keys
        return [post for post in self.posts if post.key not in curated]

    @property
    def post_count(self) -> int:
        """Distinct items: curated coverage plus the matched posts not among it."""
        return len(self.listed_posts) + len(self.coverage)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to list (no roundup feed is written or advertised)."""
        return not (self.posts or self.coverage)
