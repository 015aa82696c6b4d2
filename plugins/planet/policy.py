"""What a fetch does to a feed's stored entries: add, update, date, and never delete.

- An entry is matched to a stored one by id, then by normalized link (feeds that change
  their ids on a new blog engine keep their history). The link fallback never takes a
  stored entry whose id the feed still publishes, nor one another entry of the same run
  already took: two posts that share a link (a blog whose items all point to its home
  page) stay two entries. An id stored cut to 1,000 characters by an earlier version
  (``legacy_id``, see :func:`~.parse.entry_id`) is found again and replaced by the new id.
- An entry gets a fixed place in time (``date``) when first stored: its own date, or the
  time it was first seen when it has none or claims a future one. A later re-dating
  updates ``published`` but not ``date``, so old posts do not jump back to the top.
- Whether an entry reaches the front page is decided at build time (:func:`on_front_page`)
  from its date and the feed's ``added`` time, so changing ``PLANET_NEW_FEED_DAYS`` needs a
  rebuild, not a new fetch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from plugins.core.records import iso_moment

from .store import FeedRecord, purge_digest

UPDATABLE = (
    "link",
    "title",
    "author",
    "published",
    "updated",
    "lang",
    "content",
    "handle",
    "media",
)
#: Keys stored only when the feed gives them (micro-blog posts' account and attachments).
OPTIONAL = ("handle", "media")


def iso(moment: datetime) -> str:
    """UTC ISO 8601 with a ``Z``, the one date format of the store."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str | None) -> datetime | None:
    """Read a store date; None when absent or unreadable (the store is validated on load
    by :func:`plugins.core.records.iso_moment`, which this is)."""
    return iso_moment(value)


def normalize_link(url: str | None) -> str | None:
    """A key under which two spellings of one post's URL meet.

    Scheme, ``www.``, default ports, trailing slashes and ``utm_*`` tracking parameters
    do not tell posts apart; everything else does, the fragment included (one-page blogs
    and link logs tell their posts apart by ``#fragment`` alone).
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = parts.query
    if query:  # most post URLs have none: skip the parse
        query = urlencode(
            sorted(
                (k, v)
                for k, v in parse_qsl(query, keep_blank_values=True)
                if not k.lower().startswith("utm_")
            )
        )
    return urlunsplit(("", host, parts.path.rstrip("/") or "/", query, parts.fragment))


def on_front_page(
    date: datetime, first_seen: datetime, added: datetime | None, new_feed_days: int | None
) -> bool:
    """True unless the entry came with the feed's first fetch and is older than
    ``new_feed_days`` before it: a new participant does not flood the planet with their
    archive (those entries stay on the person's page). ``None`` disables the rule."""
    if new_feed_days is None or added is None or first_seen > added:
        return True
    return date >= added - timedelta(days=new_feed_days)


def merge_entries(record: FeedRecord, parsed: list[dict[str, Any]], now: datetime) -> int:
    """Merge freshly parsed entries into ``record`` in place; returns how many are new."""
    by_id = {entry["id"]: entry for entry in record.entries}
    by_link = _LinkIndex(record.entries)
    published = {item["id"] for item in parsed}
    taken: set[int] = set()  # id() of the stored entries matched in this run
    added = 0
    seen = iso(now)
    for item in parsed:
        stored = by_id.get(item["id"])
        if stored is None:
            stored = _former_self(item, by_id, by_link, published, taken)
        if stored is not None:
            taken.add(id(stored))
            for key in UPDATABLE:
                if item.get(key) is not None:
                    stored[key] = item.get(key)
            continue
        entry = _new_entry(item, now, seen)
        record.entries.append(entry)
        by_id[entry["id"]] = entry
        # Taken, so never matched by link in this run: the link index needs only the
        # entries stored before it.
        taken.add(id(entry))
        added += 1
    record.entries.sort(key=lambda e: (e["date"], e["first_seen"], e["id"]), reverse=True)
    return added


class _LinkIndex:
    """Entries stored before a run, by normalized link, built at the first lookup:
    normalizing a link parses a URL, and a run whose items are all found by id (a feed
    that changed one post) or a feed's first run (nothing stored) never needs it."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = list(entries)
        self.index: dict[str, list[dict[str, Any]]] | None = None

    def get(self, link: str | None) -> list[dict[str, Any]]:
        """The stored entries whose link normalizes as ``link`` does."""
        if self.index is None:
            self.index = {}
            for entry in self.entries:
                if key := normalize_link(entry.get("link")):
                    self.index.setdefault(key, []).append(entry)
        if not self.index:
            return []
        return self.index.get(normalize_link(link) or "", [])


def _former_self(
    item: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    by_link: _LinkIndex,
    published: set[str],
    taken: set[int],
) -> dict[str, Any] | None:
    """The stored entry ``item`` was stored as under another id, if any: its id cut by an
    older version, else the same link. Never an entry whose own id the feed still
    publishes or another item of this run took (that would merge two posts)."""

    def free(entry: dict[str, Any] | None) -> bool:
        return entry is not None and id(entry) not in taken and entry["id"] not in published

    legacy = by_id.get(item.get("legacy_id") or "")
    if free(legacy):
        del by_id[legacy["id"]]
        legacy["id"] = item["id"]
        by_id[item["id"]] = legacy
        return legacy
    return next((entry for entry in by_link.get(item.get("link")) if free(entry)), None)


def _new_entry(item: dict[str, Any], now: datetime, seen: str) -> dict[str, Any]:
    """A stored entry for ``item``, first seen ``now`` (``seen`` is its store text)."""
    published = parse_iso(item.get("published"))
    entry = {
        key: item.get(key) for key in ("id", *UPDATABLE) if key not in OPTIONAL or item.get(key)
    }
    entry["first_seen"] = seen
    entry["date"] = iso(published) if published is not None and published <= now else seen
    return entry


def kept_entries(
    entries: list[dict], record: FeedRecord, window: tuple[datetime, datetime] | None, now: datetime
) -> list[dict]:
    """The parsed entries the store takes: none that ``invoke planet-purge`` removed
    (their ids are remembered as digests, see :mod:`.purge`), and for a stream only those
    dated in its window (an undated one is dated now, so it counts as now)."""
    stored = record.purged if isinstance(record.purged, list) else []
    purged = {digest for digest in stored if isinstance(digest, str)}
    kept = []
    for entry in entries:
        if purged and purge_digest(entry["id"]) in purged:
            continue
        if window is not None:
            moment = parse_iso(entry.get("published")) or now
            if not window[0] <= min(moment, now) < window[1]:
                continue
        kept.append(entry)
    return kept
