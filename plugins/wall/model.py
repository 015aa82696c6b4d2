"""The wall of one edition: its visible stream posts, in time order, by day and hour.

Built at build time from the store (:func:`plugins.planet.api.load_feeds`) and the
edition (:mod:`plugins.conference`): every stored post of the edition's streams, dated in
its stream's window, not hidden (:mod:`.moderation`), shown once when several streams
carry it (the first stream listed keeps it).

**Most shared.** Micro-blog feeds do not say how often a post was shared: Mastodon's RSS
has no boost count, JSON Feed and Atom have no such field. So "shared" is what the
stream itself shows: a post's shares are the other posts on the wall that link to it
(a retweet or boost quoting it, "RT @user: ...", a reply linking it), counted once per
author and never the author's own. The most-shared posts have the most shares, ties
going to the earlier post; a post nobody shared is never among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from plugins.core.text import html_to_text, running_text
from plugins.planet.api import PlanetEntry, normalize_link

_HREF = re.compile(r'href="([^"]+)"')


@dataclass
class WallPost:
    """One visible post of a wall; ``entry`` is the planet's checked, sanitized entry."""

    entry: PlanetEntry
    stream: Any  # plugins.conference.streams.Stream
    #: the person whose people file lists the post's account (the only one it is shown
    #: under and linked to), else None
    person: Any = None
    #: the author's account, ``@user@host``, from what the poster cannot forge (the
    #: post's address; see :mod:`.moderation`), or None when nothing tells it
    account: str | None = None
    #: the name the poster chose, as plain text, None when it impersonates someone
    #: (another account's handle, a participant's name)
    display_name: str | None = None
    shares: int = 0
    sharers: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        """The post's id in its feed (what ``moderation.yaml`` names)."""
        return self.entry.id

    @property
    def anchor(self) -> str:
        """A stable fragment id for the post on the wall (from our Atom id)."""
        return "post-" + self.entry.atom_id.rsplit(":", 1)[-1][:12]

    @property
    def text(self) -> str:
        """The post as plain text."""
        return html_to_text(self.entry.content) or self.entry.title or ""

    def title(self, length: int) -> str:
        """The post's title in feeds: its own, else its text cut at ``length``."""
        if self.entry.title:
            return self.entry.title
        text = running_text(self.entry.content) or self.entry.title or ""
        return text if len(text) <= length else text[: length - 1].rstrip() + "…"

    def author_in(self, tag: str | None) -> str:
        """Who wrote it: the person whose account it is (their name in ``tag``), else
        the account, else the name the poster chose, else the feed's title. A display
        name is never taken for a participant's (see :attr:`display_name`)."""
        if self.person is not None and tag:
            return self.person.name_in(str(tag))
        return self.account or self.display_name or self.entry.feed_title or ""

    def shown_name(self, tag: str | None) -> str | None:
        """The poster's own display name, shown as text beside :meth:`author_in` when it
        says something more (None when it is the same or impersonates someone)."""
        name = self.display_name
        return name if name and name != self.author_in(tag) else None

    def local(self, zone) -> datetime:
        """The post's time in the edition's zone."""
        return self.entry.date.astimezone(zone)


@dataclass
class Hour:
    """Posts of one hour of one day, with the sessions running during that hour."""

    start: datetime
    posts: list[WallPost]
    sessions: list[Any]

    @property
    def anchor(self) -> str:
        """``h-2009-11-14-09``: the hour's fragment id."""
        return self.start.strftime("h-%Y-%m-%d-%H")


@dataclass
class Wall:
    """What an edition's wall shows (see the module's documentation)."""

    edition: Any
    posts: list[WallPost]  # oldest first
    streams: list[Any]
    hidden: int = 0  # how many stored posts moderation or consent hides (never shown)
    #: the image URLs of the hidden posts (never published; see WITHHELD_MEDIA)
    withheld: set[str] = field(default_factory=set)
    #: how many posts the edition page and the roundup show (WALL_LATEST_POSTS,
    #: WALL_MOST_SHARED)
    latest_count: int = 5
    shared_count: int = 5

    def __bool__(self) -> bool:
        return bool(self.streams)

    @property
    def count(self) -> int:
        """How many posts the wall shows."""
        return len(self.posts)

    def latest(self, count: int) -> list[WallPost]:
        """The newest ``count`` posts, newest first."""
        return list(reversed(self.posts[-count:])) if count else []

    def most_shared(self, count: int) -> list[WallPost]:
        """The ``count`` most-shared posts (see the module's documentation)."""
        shared = [post for post in self.posts if post.shares]
        return sorted(shared, key=lambda p: (-p.shares, p.entry.date, p.id))[:count]

    def languages(self) -> list[str]:
        """Languages of the posts, most frequent first."""
        counts: dict[str, int] = {}
        for post in self.posts:
            if post.entry.lang:
                counts[post.entry.lang] = counts.get(post.entry.lang, 0) + 1
        return sorted(counts, key=lambda tag: (-counts[tag], tag))

    def days(self, posts: list[WallPost] | None = None) -> list[tuple[date, list[Hour]]]:
        """``posts`` (default: all) by day and hour in the edition's zone, oldest first,
        each hour with the sessions running then."""
        zone = self.edition.timezone
        by_hour: dict[datetime, list[WallPost]] = {}
        for post in self.posts if posts is None else posts:
            moment = post.local(zone)
            by_hour.setdefault(moment.replace(minute=0, second=0, microsecond=0), []).append(post)
        days: dict[date, list[Hour]] = {}
        for start in sorted(by_hour):
            end = start + timedelta(hours=1)
            sessions = [s for s in self.edition.sessions if s.start < end and s.end > start]
            days.setdefault(start.date(), []).append(Hour(start, by_hour[start], sessions))
        return list(days.items())


def count_shares(posts: list[WallPost]) -> None:
    """Set each post's ``shares``: the authors of other posts on the wall linking to it."""
    by_link = {key: post for post in posts if (key := normalize_link(post.entry.link))}
    for post in posts:
        sharer = post.account or post.author_in(None) or post.entry.feed_id
        for href in set(_HREF.findall(post.entry.content)):
            target = by_link.get(normalize_link(href.replace("&amp;", "&")) or "")
            if target is None or target is post:
                continue
            if sharer and sharer != (target.account or target.author_in(None)):
                target.sharers.add(sharer)
    for post in posts:
        post.shares = len(post.sharers)
