"""The planet store: one JSON file per feed in ``data/planet/``, committed as the archive.

Files are deterministic and diff-friendly (sorted keys, two-space indent, UTF-8 text, one
trailing newline, entries newest first) and written with
:func:`plugins.core.atomic.write_atomic`, so a fetch killed at any moment leaves every file
either old or new, never half written. Nothing here deletes an entry.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic

logger = logging.getLogger(__name__)

FORMAT = 1
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class StoreError(Exception):
    """A store file cannot be read; it is left untouched."""


@dataclass
class FeedRecord:
    """Everything stored about one feed: its health, its validators and its entries.

    Each entry is a dict with ``id``, ``link``, ``title``, ``author``, ``published``,
    ``updated``, ``first_seen``, ``date`` (its fixed place in time), ``lang`` and
    ``content`` (sanitized HTML). ``added`` is the time of the feed's first successful fetch;
    ``next_fetch`` the time before which the server asked not to be asked again.
    """

    id: str
    url: str
    moved_to: str | None = None
    added: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: str | None = None
    last_success: str | None = None
    next_fetch: str | None = None
    status: int | None = None
    error: str | None = None
    consecutive_failures: int = 0
    title: str | None = None
    author: str | None = None
    link: str | None = None
    self_url: str | None = None
    language: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fetch_url(self) -> str:
        """Where to fetch: the permanent redirect target when there is one."""
        return self.moved_to or self.url

    def to_json(self) -> str:
        """The file's text: stable key order and layout so diffs show only real changes.

        Exactly ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)``, written
        out by :func:`dumps` (see there why).
        """
        # Not dataclasses.asdict, which deep-copies every entry only to serialize it.
        data = {"format": FORMAT, **{name: getattr(self, name) for name in _FIELDS}}
        return dumps(data) + "\n"

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FeedRecord:
        """Build a record from parsed JSON, ignoring keys this version does not know."""
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_FIELDS = tuple(f.name for f in fields(FeedRecord))


class Store:
    """The folder of feed files."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path(self, feed_id: str) -> Path:
        """File of one feed; ``feed_id`` is a person id."""
        if not _ID.match(feed_id):
            raise StoreError(f"feed id {feed_id!r} is not usable as a file name")
        return self.folder / f"{feed_id}.json"

    def load(self, feed_id: str) -> FeedRecord | None:
        """The stored record, or None when the feed has never been fetched."""
        path = self.path(feed_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read {path}: {exc}") from None
        return _record(path, text)

    def save(self, record: FeedRecord) -> bool:
        """Write the record atomically; skip the write (return False) when nothing changed."""
        path = self.path(record.id)
        text = record.to_json()
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        write_atomic(path, text)
        return True

    def load_all(self) -> list[FeedRecord]:
        """Every readable record, by id; unreadable files are logged and skipped."""
        records = []
        if not self.folder.is_dir():
            return records
        for path in sorted(self.folder.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                records.append(_record(path, path.read_text(encoding="utf-8")))
            except (StoreError, OSError, UnicodeDecodeError) as exc:
                logger.error("planet: skipping store file %s: %s", path, exc)
        return records

    def remove_stale_temporaries(self) -> int:
        """Delete temporary files a killed run left behind; returns how many."""
        count = 0
        for path in self.folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)
            count += 1
        return count


def dumps(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)``, only faster.

    With ``indent`` the standard library leaves its C encoder for a pure-Python generator;
    that (with ``asdict``'s deep copy) made serializing records the largest CPU cost of a
    run where every feed answers 304. Strings go through the same C escaper; every other
    value than str, int, bool, None, list, and dict with str keys (floats, tuples,
    subclasses...) is handed to ``json.dumps`` itself. Tests compare the two outputs.
    """
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = indent + "  "
    if type(value) is dict and all(type(key) is str for key in value):
        if not value:
            return "{}"
        items = [f"{_string(key)}: {dumps(value[key], inner)}" for key in sorted(value)]
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [dumps(item, inner) for item in value]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n" + indent)


_string = json.encoder.encode_basestring


def _record(path: Path, text: str) -> FeedRecord:
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
            raise ValueError("not a feed record")
        return FeedRecord.from_data(data)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"{path} is not a valid store file: {exc}") from None
