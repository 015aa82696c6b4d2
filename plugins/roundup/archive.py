"""Frozen copies of matched posts, kept beside the edition so roundups outlive blogs.

``invoke archive-coverage --edition ID`` writes one JSON file per matched post to
``content/editions/<ID>/archive/<key>.json``: deterministic (sorted keys, stable key),
atomic, and never deleted by a later run. The build merges them with the planet store, so a
roundup renders every item even after the store is emptied.

The files are committed and anyone may edit them, so :func:`load_archive` checks each one
as the planet checks its store (:func:`plugins.core.records.check_entry`): a file that
cannot be used is logged with its path and skipped, a bad field (a ``javascript:`` link, an
unknown language) is dropped and logged; the content is sanitized again by the generator.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.errors import display_path
from plugins.core.records import BadRecord, check_entry
from plugins.core.sanitize import plain_text

logger = logging.getLogger(__name__)

FOLDER = "archive"
#: A post key is also a file name (``archive/<key>.html``): short, and nothing else.
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: Largest archived file read, in bytes (an entry's content is cut at a million characters).
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ArchivedPost:
    """A post as kept in the archive; HTML is sanitized again whenever it is loaded."""

    key: str
    feed_id: str
    id: str
    link: str | None
    title: str
    author: str | None
    person_id: str | None
    date: str
    first_seen: str
    lang: str | None
    content: str

    @classmethod
    def of(cls, entry: Any) -> ArchivedPost:
        """Freeze a planet entry (anything with the PlanetEntry attributes), with its
        images as published (``html``), so ``invoke fetch`` can keep them."""
        person = getattr(entry, "person", None)
        return cls(
            key=post_key(entry.link, entry.feed_id, entry.id),
            feed_id=entry.feed_id,
            id=entry.id,
            link=entry.link,
            title=entry.title,
            author=entry.author,
            person_id=getattr(person, "id", None),
            date=_iso(entry.date),
            first_seen=_iso(entry.first_seen),
            lang=entry.lang,
            content=getattr(entry, "html", "") or entry.content,
        )

    @property
    def date_value(self) -> datetime:
        """``date`` as an aware datetime."""
        return datetime.fromisoformat(self.date)

    @property
    def first_seen_value(self) -> datetime:
        """``first_seen`` as an aware datetime."""
        return datetime.fromisoformat(self.first_seen)


def post_key(link: str | None, feed_id: str, entry_id: str) -> str:
    """A short stable key: from the link when there is one (it is what readers cite)."""
    source = link or f"{feed_id}\x00{entry_id}"
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def load_archive(folder: Path) -> list[ArchivedPost]:
    """Every usable archived post of an edition (empty when the folder does not exist).

    Each file is checked like a fetched entry; one that fails is logged (one line naming
    it) and skipped, never trusted.
    """
    posts = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            post, repairs = _read_post(path)
        except BadRecord as exc:
            logger.warning("roundup: %s: archived post skipped: %s", display_path(str(path)), exc)
            continue
        if repairs:
            logger.warning(
                "roundup: %s: archived post repaired: %s",
                display_path(str(path)),
                ", ".join(repairs),
            )
        posts.append(post)
    return posts


def _read_post(path: Path) -> tuple[ArchivedPost, list[str]]:
    """One archived file as a checked post, with what was repaired; raises BadRecord."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadRecord(f"it is larger than {MAX_FILE_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadRecord(
            f"it is not a JSON file written by `invoke archive-coverage` ({type(exc).__name__})"
        ) from None
    if not isinstance(data, dict):
        raise BadRecord("it is not a JSON object")
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.match(key) or key != path.stem:
        raise BadRecord("its key is not the file's name (letters, digits, '-' and '_')")
    entry, repairs = check_entry(data)
    feed_id = plain_text(data["feed_id"]) if isinstance(data.get("feed_id"), str) else ""
    if not feed_id:
        raise BadRecord("its feed_id is missing or not a string")
    person_id = data.get("person_id")
    if person_id is not None and not isinstance(person_id, str):
        repairs.append("person_id dropped (not a string)")
        person_id = None
    return ArchivedPost(
        key=key,
        feed_id=feed_id[:200],
        id=entry["id"],
        link=entry["link"],
        title=entry["title"],
        author=entry["author"],
        person_id=person_id,
        date=_iso(entry["date"]),
        first_seen=_iso(entry["first_seen"]),
        lang=entry["lang"],
        content=entry["content"],
    ), repairs


def freeze(entries: list[Any], folder: Path) -> tuple[list[Path], list[Path]]:
    """Write each entry to the archive; returns (written, unchanged) paths."""
    written, unchanged = [], []
    for entry in entries:
        post = ArchivedPost.of(entry)
        path = folder / f"{post.key}.json"
        text = json.dumps(asdict(post), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if path.exists() and path.read_text(encoding="utf-8") == text:
            unchanged.append(path)
            continue
        write_atomic(path, text)
        written.append(path)
    return written, unchanged
