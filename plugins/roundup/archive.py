"""Frozen copies of matched posts, kept beside the edition so roundups outlive blogs.

``invoke archive-coverage --edition ID`` writes one JSON file per matched post to
``content/editions/<ID>/archive/<key>.json``: deterministic (sorted keys, stable key),
atomic, and never deleted by a later run. The build merges them with the planet store, so a
roundup renders every item even after the store is emptied.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.errors import ContentError, Problem

logger = logging.getLogger(__name__)

FOLDER = "archive"


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
        """Freeze a planet entry (anything with the PlanetEntry attributes)."""
        person = getattr(entry, "person", None)
        return cls(
            key=post_key(entry.link, entry.feed_id, entry.id), feed_id=entry.feed_id,
            id=entry.id, link=entry.link, title=entry.title, author=entry.author,
            person_id=getattr(person, "id", None), date=_iso(entry.date),
            first_seen=_iso(entry.first_seen), lang=entry.lang, content=entry.content,
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
    """Every archived post of an edition (empty when the folder does not exist)."""
    posts = []
    problems = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            posts.append(ArchivedPost(**data))
            datetime.fromisoformat(data["date"])
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(Problem(str(path), f"is not an archived post written by "
                                    f"`invoke archive-coverage` ({exc})"))
    if problems:
        raise ContentError(problems)
    return posts


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
