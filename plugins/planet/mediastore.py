"""The media archive: images of entries and archived copies, stored by content.

Layout of ``PLANET_MEDIA_PATH`` (``data/media/``, committed like the store)::

    index.json                    original URL -> file, size, dimensions, fetch date
    ab/ab12…ef.jpg                one file per distinct image, named by its SHA-256

Two URLs serving the same picture share one file (deduplicated by content). Files and the
index are written atomically (:mod:`plugins.core.atomic`), so an interrupted fetch leaves
the archive as it was, at worst with a file no record names yet. ``refused`` in the index
remembers images that failed a check (wrong type, too large, a bomb), so they are not
downloaded again on every run (``invoke fetch --force`` tries them again).

The archive is a committed folder anyone may edit, so :func:`MediaStore.load_library`
(the build's reader) checks every record and file again: an http(s) URL, a SHA-256 name,
a known raster format whose magic bytes the file starts with, dimensions, size and hash
matching the file. A record that fails is logged on one line and not served.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.errors import display_path
from plugins.core.media import LocalImage
from plugins.core.sanitize import safe_link

from .mediacheck import EXTENSIONS, TYPES, sniff

logger = logging.getLogger(__name__)

INDEX = "index.json"
FORMAT = 1
#: Largest index read (a million images take about 400 MB; this is far beyond a site).
MAX_INDEX_BYTES = 256 * 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Largest width or height accepted from the index (the fetch's pixel cap is lower).
MAX_SIDE = 100_000


@dataclass(frozen=True)
class MediaRecord:
    """One archived image, as the index records it."""

    url: str
    sha256: str
    format: str
    width: int
    height: int
    bytes: int
    fetched: str
    source: str

    @property
    def path(self) -> str:
        """The file's path inside the archive (and inside ``media/`` of the output)."""
        return f"{self.sha256[:2]}/{self.sha256}.{EXTENSIONS[self.format]}"

    @property
    def content_type(self) -> str:
        """The MIME type of the stored file."""
        return TYPES[self.format]


class MediaStore:
    """Reads and writes one media archive folder."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)

    @property
    def index_path(self) -> Path:
        """``index.json`` of the archive."""
        return self.folder / INDEX

    def read_index(self) -> dict[str, Any]:
        """The raw index (``images`` and ``refused`` mappings); empty when there is none.
        An unreadable index raises ValueError naming it: the fetch must not overwrite it."""
        path = self.index_path
        if not path.exists():
            return {"format": FORMAT, "images": {}, "refused": {}}
        try:
            if path.stat().st_size > MAX_INDEX_BYTES:
                raise ValueError(f"larger than {MAX_INDEX_BYTES} bytes")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ValueError(
                f"{display_path(str(path))}: unreadable media index ({type(exc).__name__}: {exc})"
            ) from None
        if not isinstance(data, dict):
            raise ValueError(f"{display_path(str(path))}: the media index is not an object")
        images = data.get("images") if isinstance(data.get("images"), dict) else {}
        refused = data.get("refused") if isinstance(data.get("refused"), dict) else {}
        return {"format": FORMAT, "images": images, "refused": refused}

    def write_index(self, index: dict[str, Any]) -> None:
        """Write the index atomically, keys sorted (a stable, reviewable diff)."""
        text = json.dumps(index, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(self.index_path, text)

    def put(self, data: bytes, fmt: str) -> tuple[str, bool]:
        """Store ``data`` under its hash; returns (sha256, whether a new file was written).
        A file already there is the same content by construction: it is not written again."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.folder / f"{sha[:2]}/{sha}.{EXTENSIONS[fmt]}"
        if path.is_file() and path.stat().st_size == len(data):
            return sha, False
        write_atomic(path, data)
        return sha, True

    def file(self, record: MediaRecord) -> Path:
        """Where a record's file is."""
        return self.folder / record.path

    def records(self, index: dict[str, Any] | None = None) -> list[MediaRecord]:
        """Every well-formed record of the index (bad ones logged and left out); files
        are not read here."""
        index = self.read_index() if index is None else index
        found = []
        for url, raw in sorted(index["images"].items()):
            try:
                found.append(_record(url, raw))
            except ValueError as exc:
                logger.warning(
                    "planet: %s: media record skipped: %s", display_path(str(self.index_path)), exc
                )
        return found

    def load_library(self) -> MediaLibrary:
        """The images a build may serve: records whose file exists and matches (hash,
        size, magic bytes). An unreadable index is logged and gives an empty library."""
        try:
            records = self.records()
        except ValueError as exc:
            logger.warning("planet: %s; no image is served from the media archive", exc)
            return MediaLibrary(self, {})
        verified: dict[str, bool] = {}
        usable = {}
        for record in records:
            if record.sha256 not in verified:
                verified[record.sha256] = self._verify(record)
            if verified[record.sha256]:
                usable[record.url] = record
        return MediaLibrary(self, usable)

    def _verify(self, record: MediaRecord) -> bool:
        path = self.file(record)
        where = display_path(str(path))
        try:
            if not stat.S_ISREG(path.lstat().st_mode):
                raise OSError("not a regular file")
            data = path.read_bytes()
        except OSError as exc:
            logger.warning(
                "planet: %s: media file not served: %s",
                where,
                getattr(exc, "strerror", None) or exc,
            )
            return False
        if (
            len(data) != record.bytes
            or sniff(data) != record.format
            or hashlib.sha256(data).hexdigest() != record.sha256
        ):
            logger.warning(
                "planet: %s: media file not served: its content does not match "
                "its name and index record",
                where,
            )
            return False
        return True


class MediaLibrary:
    """The verified images of a build, by original URL (``context["media"]``)."""

    #: Output folder of the copies, from the output root.
    OUTPUT = "media"

    def __init__(self, store: MediaStore, records: dict[str, MediaRecord]) -> None:
        self.store = store
        self.records = records

    def find(self, url: str) -> LocalImage | None:
        """The local copy of the image at ``url`` (path from the output root), or None."""
        record = self.records.get(url)
        if record is None:
            return None
        return LocalImage(f"{self.OUTPUT}/{record.path}", record.width, record.height)

    def file(self, url: str) -> Path:
        """The stored file of the image at ``url`` (a key of ``records``)."""
        return self.store.file(self.records[url])

    def __len__(self) -> int:
        return len(self.records)


def _record(url: str, raw: Any) -> MediaRecord:
    """A checked record, or ValueError saying what is wrong with it."""
    if safe_link(url) != url or len(url) > 4000:
        raise ValueError("its URL is not an absolute http(s) URL")
    if not isinstance(raw, dict):
        raise ValueError("it is not an object")
    sha, fmt = raw.get("sha256"), raw.get("format")
    if not isinstance(sha, str) or not _SHA256.match(sha):
        raise ValueError("sha256 is not 64 lowercase hexadecimal digits")
    if fmt not in EXTENSIONS:
        raise ValueError(f"format is not one of {', '.join(sorted(EXTENSIONS))}")
    numbers = {}
    for key, top in (("width", MAX_SIDE), ("height", MAX_SIDE), ("bytes", 2**40)):
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise ValueError(f"{key} is not an integer from 1 to {top}")
        numbers[key] = value
    fetched = raw.get("fetched")
    try:
        datetime.fromisoformat(str(fetched).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("fetched is not an ISO 8601 date") from None
    source = raw.get("source")
    return MediaRecord(
        url=url,
        sha256=sha,
        format=fmt,
        fetched=str(fetched),
        source=source[:200] if isinstance(source, str) else "",
        **numbers,
    )
