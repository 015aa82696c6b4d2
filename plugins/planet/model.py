"""The planet as templates see it: ``context["planet"]``, built from the store at build time.

Only feeds of people who gave consent (``aggregate: true``) are shown, whatever the store
holds. The store is a committed file that anyone may edit, so every stored entry is checked
again on load as if it came from a feed (:func:`plugins.core.records.check_entry`: http(s)
links, text titles, ISO dates, known language tags, bounded sizes) and its HTML sanitized
again (nh3 is fast enough to make that free). A bad entry is logged with its file and
skipped or repaired.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from plugins.core.records import BadRecord, check_entry
from plugins.core.sanitize import clean_html, offline_media, plain_text, safe_link

from .health import FeedHealth
from .policy import iso, normalize_link, on_front_page, parse_iso
from .store import FeedRecord

logger = logging.getLogger(__name__)

#: Namespace of our entry ids (UUIDv5 of "feed id NUL entry id").
_ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://blogcon.invalid/planet/entry")


def entry_atom_id(feed_id: str, entry_id: str) -> str:
    """The id our feeds give the entry ``entry_id`` of feed ``feed_id``: a UUIDv5 URN, the
    same in the planet's and the roundup's feeds, so a subscriber to both sees it once."""
    return f"urn:uuid:{uuid.uuid5(_ENTRY_NAMESPACE, feed_id + chr(0) + entry_id)}"


@dataclass(frozen=True, slots=True)  # slots: a big planet holds tens of thousands
class PlanetEntry:
    """One aggregated entry, ready for templates (title and author are plain text)."""

    feed_id: str
    id: str
    link: str | None
    title: str
    author: str | None
    date: datetime
    first_seen: datetime
    lang: str | None
    content: str
    front_page: bool
    person: Any = None
    feed_title: str | None = None
    #: The sanitized HTML with images as published (``<img src="https://…">``); pages
    #: show it through the ``local_media`` filter (local copies, else links), while
    #: ``content`` (images and players already turned into links) goes to feeds.
    html: str = ""
    #: the author's account (``@user@host``) when the feed or the post's URL gives one
    handle: str | None = None
    #: attached pictures, videos and sounds: dicts of url, type, medium, alt (checked)
    media: tuple = ()

    @property
    def date_iso(self) -> str:
        """The entry's date as ISO 8601 (for ``<time datetime>`` and feeds)."""
        return iso(self.date)

    @property
    def atom_id(self) -> str:
        """Our stable id for this entry in our feeds: a UUIDv5 URN of the feed and entry
        ids. Never the feed's own id, which is untrusted text (``vbscript:``, ...), and
        shared by the same entry in two feeds."""
        return entry_atom_id(self.feed_id, self.id)

    def author_in(self, tag: str | None = None) -> str:
        """Who wrote it: the participant whose feed it is, by the name their people file
        gives for ``tag`` (``Lin Xiao`` in English, ``林晓`` in Chinese), else the feed's
        author, else the feed's title. The feed writes one name for every language."""
        if self.person is not None and tag:
            try:
                return self.person.name_in(str(tag))
            except (AttributeError, KeyError, ValueError):
                pass
        return self.author or self.feed_title or self.feed_id

    @property
    def global_key(self) -> str | None:
        """The id, when it looks globally unique (a URI or ``host:number``)."""
        return self.id if ":" in self.id else None

    def duplicate_keys(self) -> set[str]:
        """Keys under which an entry of another feed is the same post (see
        :func:`_front_page`): its normalized link (fragment included), and its global id
        together with its title. The same id on posts with different titles is a
        coincidence (two blogs on one engine's defaults) or a copy meant to hide the
        original; neither makes them one post."""
        keys = set()
        if link := normalize_link(self.link):
            keys.add("link:" + link)
        if self.global_key:
            keys.add(f"id:{self.global_key}\x00{self.title.casefold()}")
        return keys


class Planet:
    """Aggregated entries and feed health for one build.

    ``entries``: front-page entries of all aggregated feeds, duplicates across feeds
    removed (the first feed to publish an entry keeps it; see
    :meth:`PlanetEntry.duplicate_keys`), newest first. ``entries_for(id)``: everything
    stored for one person, newest first. ``feeds``: health rows of aggregated feeds.
    ``records``: the aggregated feeds' records by id, without their entries.
    """

    def __init__(
        self,
        records: Iterable[FeedRecord],
        people: Mapping[str, Any],
        aggregated: set[str],
        embed_hosts: Iterable[str] = (),
        new_feed_days: int | None = None,
        where: Callable[[str], str] | None = None,
        max_entries_per_feed: int | None = None,
        person_max_entries: int | None = None,
    ) -> None:
        hosts = frozenset(embed_hosts)
        name = where or (lambda feed_id: f"{feed_id}.json")
        # Each record's stored entries are turned into PlanetEntry objects, then dropped:
        # the planet keeps the feed's other fields only, so that with ``records`` a
        # generator (Store.iter_all) a build holds one raw archive at a time, not the
        # whole store beside its checked copy.
        self.records: dict[str, FeedRecord] = {}
        by_feed: dict[str, list[PlanetEntry]] = {}
        health: dict[str, FeedHealth] = {}
        for record in records:
            if record.id not in aggregated:
                continue
            by_feed[record.id] = record_entries(
                record,
                people.get(record.id),
                hosts,
                new_feed_days,
                name(record.id),
                max_entries_per_feed,
            )
            health[record.id] = FeedHealth.of(record)  # counts the stored entries
            self.records[record.id] = replace(record, entries=[])
        self.records = dict(sorted(self.records.items()))
        self._by_feed = dict(sorted(by_feed.items()))
        self.person_max_entries = person_max_entries
        self.entries = _front_page(self._by_feed.values())
        self.feeds = [health[feed_id] for feed_id in self.records]
        self.people = people

    def entries_for(self, person_id: str) -> list[PlanetEntry]:
        """Every stored entry of one person's feed, newest first (empty if not aggregated)."""
        return list(self._by_feed.get(person_id, []))

    def recent_for(self, person_id: str) -> list[PlanetEntry]:
        """The newest entries of one person's feed, for their page
        (``PLANET_PERSON_MAX_ENTRIES`` of them; None shows all)."""
        return self.entries_for(person_id)[: self.person_max_entries]

    def entries_in(self, lang: str | None) -> list[PlanetEntry]:
        """Front-page entries in one language (tag as in :attr:`languages`)."""
        return [e for e in self.entries if e.lang == lang]

    def entries_outside(self, tags: Iterable[str]) -> list[PlanetEntry]:
        """Front-page entries in none of ``tags`` (or in no known language): the "other
        languages" view, one for every language the site does not have."""
        known = {tag.lower() for tag in tags}
        return [e for e in self.entries if (e.lang or "").lower() not in known]

    @property
    def languages(self) -> list[str]:
        """Languages of the front-page entries, most frequent first."""
        counts = Counter(e.lang for e in self.entries if e.lang)
        return [lang for lang, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    @property
    def health(self) -> dict[str, FeedHealth]:
        """Health rows by feed id."""
        return {feed.id: feed for feed in self.feeds}

    @property
    def failing(self) -> list[FeedHealth]:
        """Feeds whose last fetch failed."""
        return [feed for feed in self.feeds if feed.consecutive_failures]

    def feed_url(self, feed_id: str) -> str | None:
        """The public http(s) address of a feed, for OPML: its current URL, else the
        ``rel="self"`` URL the feed gives (local sample files have one)."""
        record = self.records[feed_id]
        return safe_link(record.fetch_url) or safe_link(record.self_url)


def record_entries(
    record: FeedRecord,
    person: Any,
    hosts: frozenset[str],
    new_feed_days: int | None,
    where: str,
    limit: int | None = None,
) -> list[PlanetEntry]:
    """The newest ``limit`` usable entries of a record, checked, sanitized, newest first.
    Only the kept entries are sanitized, so a huge feed costs little more than the cap."""
    added = parse_iso(record.added) if isinstance(record.added, str) else None
    feed_title = plain_text(record.title) if isinstance(record.title, str) else ""
    checked = []
    entries = record.entries if isinstance(record.entries, list) else []
    for index, raw in enumerate(entries):
        try:
            entry, repairs = check_entry(raw)
        except BadRecord as exc:
            logger.warning("planet: %s: entry %d skipped: %s", where, index, exc)
            continue
        if repairs:
            logger.warning(
                "planet: %s: entry %d repaired: %s",
                where,
                index,
                ", ".join(repairs),
            )
        checked.append(entry)
    checked.sort(key=lambda e: (e["date"], e["id"]), reverse=True)
    entries = []
    for entry in checked[:limit]:
        cleaned = clean_html(entry["content"], None, hosts)
        entries.append(
            PlanetEntry(
                feed_id=record.id,
                id=entry["id"],
                link=entry["link"],
                title=entry["title"],
                author=entry["author"],
                date=entry["date"],
                first_seen=entry["first_seen"],
                lang=entry["lang"],
                content=offline_media(cleaned),
                front_page=on_front_page(entry["date"], entry["first_seen"], added, new_feed_days),
                person=person,
                feed_title=feed_title or None,
                html=cleaned,
                handle=entry["handle"],
                media=tuple(entry["media"]),
            )
        )
    return entries


def _front_page(feeds: Iterable[list[PlanetEntry]]) -> list[PlanetEntry]:
    candidates = sorted(
        (e for entries in feeds for e in entries if e.front_page),
        key=lambda e: (e.first_seen, e.feed_id, e.id),
    )
    # Duplicates are looked for across feeds only: within one feed the store has already
    # told entries apart (two posts of one blog may share a link, its home page).
    seen: dict[str, str] = {}  # key -> the feed that showed it first
    kept = []
    for entry in candidates:
        keys = entry.duplicate_keys()
        if any(seen.get(key, entry.feed_id) != entry.feed_id for key in keys):
            continue
        for key in keys:
            seen.setdefault(key, entry.feed_id)
        kept.append(entry)
    kept.sort(key=lambda e: (e.date, e.feed_id, e.id), reverse=True)
    return kept
