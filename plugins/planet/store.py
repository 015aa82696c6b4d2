"""The planet store in ``data/planet/``, committed as the archive.

Each feed has two files:

- ``<id>.json``, its **archive**: the feed's title, link and language, the time it was
  first fetched, and every entry ever seen. It changes only when the feed's content does.
- ``status/<id>.json``, its **fetch state**: the URL, validators (ETag, Last-Modified),
  when it was last tried and last fetched, when the server asked to be asked again, the
  HTTP status, the last error and the count of consecutive failures. It changes on
  every attempt.

So a run in which every feed answers 304 reads and rewrites only the small state files
(the archives, which grow forever, are not even read), and its commit touches no archive.
A file of the first layout (state and archive in ``<id>.json``) is read as it is and
split the next time the feed is saved.

Files are deterministic and diff-friendly (sorted keys, two-space indent, UTF-8 text, one
trailing newline, entries newest first) and written with
:func:`plugins.core.atomic.write_atomic`, so a fetch killed at any moment leaves every file
either old or new, never half written; an archive is written before its state, so a
killed run can lose only a state update, and a lost ETag costs a download, never an
entry. Nothing here deletes an entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic

logger = logging.getLogger(__name__)

FORMAT = 1
STATE_FOLDER = "status"
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
    #: digests (:func:`purge_digest`) of the ids of entries ``invoke planet-purge``
    #: removed, so that a later fetch does not store them again; written only when any
    purged: list[str] = field(default_factory=list)
    #: False when only the fetch state was loaded (:meth:`Store.load` with
    #: ``archive=False``): the archive fields are then unknown and never saved.
    archive_loaded: bool = field(default=True, compare=False, repr=False)

    @property
    def fetch_url(self) -> str:
        """Where to fetch: the permanent redirect target when there is one."""
        return self.moved_to or self.url

    def archive_json(self) -> str:
        """Text of the archive file (see :func:`_json`)."""
        return _json(self, ARCHIVE_FIELDS)

    def state_json(self) -> str:
        """Text of the fetch state file (see :func:`_json`)."""
        return _json(self, STATE_FIELDS)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FeedRecord:
        """Build a record from parsed JSON, ignoring keys this version does not know."""
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_FIELDS = tuple(f.name for f in fields(FeedRecord) if f.name != "archive_loaded")
#: Fields of ``status/<id>.json``: how fetching the feed goes.
STATE_FIELDS = (
    "id",
    "url",
    "moved_to",
    "etag",
    "last_modified",
    "last_attempt",
    "last_success",
    "next_fetch",
    "status",
    "error",
    "consecutive_failures",
)
#: Fields of ``<id>.json``: what the feed published (``id`` and ``url`` in both).
ARCHIVE_FIELDS = tuple(
    name for name in _FIELDS if name not in STATE_FIELDS or name in ("id", "url")
)


#: Archive fields written only when they hold something (files of feeds never purged
#: keep their layout).
_ONLY_WHEN_SET = ("purged",)


def purge_digest(entry_id: str) -> str:
    """What the store remembers of a purged entry: the SHA-256 of its id, not the id
    (which may be the URL of a post taken down)."""
    return "sha256:" + hashlib.sha256(entry_id.encode("utf-8", "surrogatepass")).hexdigest()


def _json(record: FeedRecord, names: tuple[str, ...]) -> str:
    """Stable key order and layout, so that diffs show only real changes: exactly
    ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)``, written out by
    :func:`dumps` (see there why)."""
    # Not dataclasses.asdict, which deep-copies every entry only to serialize it.
    data = {
        "format": FORMAT,
        **{
            name: getattr(record, name)
            for name in names
            if name not in _ONLY_WHEN_SET or getattr(record, name)
        },
    }
    return dumps(data) + "\n"


class Store:
    """The folder of feed files (see the module's documentation for the layout)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path(self, feed_id: str) -> Path:
        """Archive file of one feed; ``feed_id`` is a person id."""
        if not _ID.match(feed_id):
            raise StoreError(f"feed id {feed_id!r} is not usable as a file name")
        return self.folder / f"{feed_id}.json"

    def state_path(self, feed_id: str) -> Path:
        """Fetch state file of one feed."""
        return self.path(feed_id).parent / STATE_FOLDER / f"{feed_id}.json"

    def load(self, feed_id: str, *, archive: bool = True) -> FeedRecord | None:
        """The stored record, or None when the feed has never been fetched.

        With ``archive=False`` only the fetch state is read (what deciding and sending a
        request needs); :meth:`load_archive` completes the record when a body arrives.
        """
        state_path = self.state_path(feed_id)
        state = self._read(state_path)
        if state is not None and not archive:
            record = _record(state_path, {"id": feed_id, **state})
            record.archive_loaded = False
            return record
        path = self.path(feed_id)
        data = self._read(path)
        if data is None and state is None:
            return None
        where = path if state is None else f"{path} with {state_path}"
        return _record(where, {"id": feed_id, **(data or {}), **(state or {})})

    def load_archive(self, record: FeedRecord) -> None:
        """Read the archive fields of a record loaded with ``archive=False``."""
        if record.archive_loaded:
            return
        data = self._read(self.path(record.id)) or {}
        for name in ARCHIVE_FIELDS:
            if name in data and name not in ("id", "url"):
                setattr(record, name, data[name])
        record.archive_loaded = True

    def save(self, record: FeedRecord) -> bool:
        """Write what changed, atomically: the archive first, then the fetch state.
        Returns False when nothing changed (and nothing was written)."""
        return self.write(self.texts(record))

    def texts(self, record: FeedRecord) -> list[tuple[Path, str]]:
        """The files :meth:`save` writes for ``record`` and their text, in that order."""
        texts = [(self.path(record.id), record.archive_json())] if record.archive_loaded else []
        return [*texts, (self.state_path(record.id), record.state_json())]

    @staticmethod
    def write(texts: list[tuple[Path, str]]) -> bool:
        """Write each ``(path, text)`` whose file differs, atomically, in order; False when
        none did."""
        wrote = False
        for path, text in texts:
            wrote = _write_if_changed(path, text) or wrote
        return wrote

    def load_all(self) -> list[FeedRecord]:
        """Every readable record, by id; unreadable files are logged and skipped."""
        return list(self.iter_all())

    def iter_all(self, only: set[str] | None = None) -> Iterator[FeedRecord]:
        """:meth:`load_all` one record at a time (with ``only``, the records of those ids),
        so that a caller keeping a summary of each holds one whole archive at a time."""
        if not self.folder.is_dir():
            return
        names = {p.stem for p in self.folder.glob("*.json") if not p.name.startswith(".")}
        names |= {
            p.stem
            for p in (self.folder / STATE_FOLDER).glob("*.json")
            if not p.name.startswith(".")
        }
        for name in sorted(names if only is None else names & only):
            try:
                record = self.load(name)
            except StoreError as exc:
                logger.error("planet: skipping store file of %s: %s", name, exc)
                continue
            if record is not None:
                yield record

    def remove_stale_temporaries(self) -> int:
        """Delete temporary files a killed run left behind; returns how many."""
        count = 0
        for folder in (self.folder, self.folder / STATE_FOLDER):
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)
                count += 1
        return count

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"cannot read {path}: {exc}") from None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
                raise ValueError("not a feed record")
        except ValueError as exc:
            raise StoreError(f"{path} is not a valid store file: {exc}") from None
        return data


def _record(where: Path | str, data: dict[str, Any]) -> FeedRecord:
    """A record from the JSON of ``where``; a missing required key (``url``) is a
    :class:`StoreError` naming the file, like any other unreadable file."""
    try:
        return FeedRecord.from_data(data)
    except TypeError as exc:
        raise StoreError(f"{where} is not a valid store file: {exc}") from None


def _write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True


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
