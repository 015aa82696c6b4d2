"""``invoke fetch``, second part: copy the images of entries and archived copies locally.

After the feeds, every ``<img>`` of every stored entry of an aggregated feed, and of every
archived copy of a roundup (handed in by the command line, see ``__main__``), is
downloaded once into the media archive (:mod:`.mediastore`), through the same network
guard as the feeds (:mod:`.netguard`: no private or loopback address, checked at connect
time, redirects included), with the same timeouts and deadline and these caps:

- ``PLANET_MEDIA_MAX_BYTES`` per image, on the wire and decompressed;
- ``PLANET_MEDIA_FEED_MAX_BYTES`` for all the images of one feed (or of one edition's
  archived copies): a feed cannot fill the archive;
- ``PLANET_MEDIA_TOTAL_MAX_BYTES`` for the whole archive.

Each body is then checked and stripped of its metadata by :mod:`.mediacheck` before a
byte is written. An image already in the index is not asked for again; one refused
(wrong type, too large, a bomb) is remembered and not asked for again unless ``force``.
A network failure is only reported: the next run tries again, and meanwhile pages link
to the original, as they always did.

A local feed (the sample site's ``data/sample-feeds/``) stands in for a blog that is not
online; its images are read from ``media/<host>/<path>`` beside the feed file, under the
same confinement as the feed itself (:mod:`.localfeed`), and recorded under their
original URLs. An image with no copy there is downloaded like any other.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from plugins.core.media import attached_images, image_urls
from plugins.core.sanitize import clean_html
from plugins.core.text import one_line

from . import netguard
from .download import Download, fetch_url, is_local
from .fetch import run_to_end
from .localfeed import LocalFeedRefused, confine, read_confined
from .lock import fetch_lock
from .mediacheck import CleanImage, MediaRefused, clean_image
from .mediastore import MediaStore
from .policy import iso
from .pools import HostPools, host_key, no_sniffio_lookups
from .settings import PlanetSettings
from .sources import FeedSource
from .store import Store, StoreError

logger = logging.getLogger(__name__)

NO_LOCAL_COPY = "no local copy"
ACCEPT = "image/webp, image/png, image/jpeg, image/gif;q=0.9, */*;q=0.1"


@dataclass(frozen=True)
class MediaSource:
    """Documents whose images share one cap: a feed's entries, or an edition's archived
    copies. ``local_dir`` (project-relative) holds the copies of a local feed's images."""

    id: str
    documents: tuple[str, ...]
    local_dir: str | None = None


@dataclass
class MediaSummary:
    """What a media run did."""

    stored: int = 0  # new files written
    deduplicated: int = 0  # new URLs whose picture was already a file
    known: int = 0  # URLs already in the archive (not asked for)
    capped: int = 0  # not fetched: a feed or the archive reached its cap
    bytes: int = 0  # bytes of the new files
    refused: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    elapsed: float = 0.0


@dataclass(frozen=True)
class _Job:
    url: str
    source: str
    local: str | None  # project-relative path of the local copy, for a local feed


def sources_from_store(
    store: Store,
    feeds: Iterable[FeedSource],
    shown: Callable[[str, dict], bool] | None = None,
) -> list[MediaSource]:
    """One :class:`MediaSource` per aggregated feed with an archive in ``store``: the
    images in its entries' HTML and the pictures attached to them (a stream post's
    photos). ``shown(feed_id, entry)``, when given, leaves out the entries a page will
    never show (a post hidden by moderation or without consent): their pictures are not
    copied into the archive."""
    sources = []
    for feed in feeds:
        try:
            record = store.load(feed.id)
        except StoreError as exc:
            logger.warning("planet: %s: %s; its images are not fetched", feed.id, exc)
            continue
        if record is None or not isinstance(record.entries, list):
            continue
        documents = tuple(
            document
            for entry in record.entries
            if isinstance(entry, dict) and (shown is None or shown(feed.id, entry))
            for document in _documents(entry)
        )
        local = None
        if is_local(feed.url):
            local = str(PurePosixPath(feed.url).parent / "media")
        sources.append(MediaSource(feed.id, documents, local))
    return sources


def _documents(entry: dict) -> list[str]:
    """The HTML of a stored entry whose images the archive keeps: its content, and its
    attached pictures as ``<img>`` (so both go through the same sanitizer and URL checks
    as any image of a page)."""
    found = [entry["content"]] if isinstance(entry.get("content"), str) else []
    if pictures := attached_images(entry.get("media") or []):
        found.append(pictures)
    return found


def run_media_fetch(
    project_root: str | Path,
    settings: Mapping[str, Any] | None,
    sources: Iterable[MediaSource],
    *,
    now: datetime | None = None,
    force: bool = False,
) -> MediaSummary:
    """Fetch the images of ``sources`` into the media archive (under the store's lock)."""
    cfg = PlanetSettings.read(settings or {})
    root = Path(project_root).resolve()
    media = MediaStore(cfg.media_dir(root))
    store = Store(cfg.store_dir(root))
    store.folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary = MediaSummary()
    if not cfg.media_enabled:
        return summary
    with fetch_lock(store.folder):
        index = media.read_index()
        present = _present(media, index)
        jobs = _jobs(list(sources), index, force, summary, present)
        run = _MediaRun(cfg, media, root, index, now or datetime.now(UTC), summary, present)
        try:
            with no_sniffio_lookups():
                run_to_end(run.all(jobs))
        finally:
            if run.changed:
                media.write_index(index)
    summary.elapsed = time.monotonic() - started
    return summary


def _present(media: MediaStore, index: dict) -> set[str]:
    """URLs of the index whose file is there: a record whose file was deleted (by hand,
    or a bad record) is fetched again."""
    return {record.url for record in media.records(index) if media.file(record).is_file()}


def _jobs(
    sources: list[MediaSource], index: dict, force: bool, summary: MediaSummary, present: set[str]
) -> list[_Job]:
    """Each image URL once (for the first source that shows it), minus the known ones."""
    seen: set[str] = set()
    jobs = []
    for source in sources:
        for document in source.documents:
            for url in image_urls(clean_html(document)):
                if url in seen:
                    continue
                seen.add(url)
                if url in present or (url in index["refused"] and not force):
                    summary.known += 1
                    continue
                jobs.append(_Job(url, source.id, _local_copy(source.local_dir, url)))
    return jobs


def _local_copy(folder: str | None, url: str) -> str | None:
    """``<folder>/<host>/<path>`` for an image of a local feed (None for a remote feed)."""
    if folder is None:
        return None
    parts = urlsplit(url)
    path = PurePosixPath(unquote(parts.path).lstrip("/"))
    if not parts.hostname or ".." in path.parts or not path.parts:
        return None
    return str(PurePosixPath(folder) / parts.hostname / path)


def _declared(download: Download) -> str | None:
    """The Content-Type to check: None for a local copy (its bytes alone decide); for a
    download, the header, and a missing one is refused like a wrong one."""
    if download.final_url is None:
        return None
    return download.headers.get("content-type") or "(none)"


class _MediaRun:
    """State of one media run."""

    def __init__(
        self,
        cfg: PlanetSettings,
        media: MediaStore,
        root: Path,
        index: dict,
        now: datetime,
        summary: MediaSummary,
        present: set[str],
    ) -> None:
        self.cfg, self.media, self.root, self.index = cfg, media, root, index
        self.now, self.summary = now, summary
        self.changed = False
        self.download_cfg = dataclasses.replace(cfg, max_bytes=cfg.media_max_bytes)
        self.used_by: dict[str, int] = {}
        sizes: dict[str, int] = {}  # files there, by hash
        for url, raw in index["images"].items():
            if url in present:
                source = str(raw.get("source"))
                self.used_by[source] = self.used_by.get(source, 0) + raw["bytes"]
                sizes[str(raw.get("sha256"))] = raw["bytes"]
        self.total = sum(sizes.values())
        self.shas = set(sizes)

    async def all(self, jobs: list[_Job]) -> None:
        loop = asyncio.get_running_loop()
        self.deadline = loop.time() + self.cfg.deadline
        self.slots = asyncio.Semaphore(self.cfg.concurrency)
        self.host_slots: dict[str, asyncio.Semaphore] = {}
        # Pillow decodes in threads: a few at once, since each may hold a large image.
        self.decoders = ThreadPoolExecutor(max_workers=2, thread_name_prefix="planet-media")
        # the fetch's own transport: one small pool per host, each behind the network guard
        self.transport = HostPools(
            netguard.AddressPolicy(self.cfg.allowed_networks),
            expected=[key for job in jobs if not is_local(job.url) and (key := _key(job.url))],
            connections=self.cfg.concurrency,
            keepalive=self.cfg.host_concurrency,
        )
        try:
            async with self.transport:
                await asyncio.gather(*(self.one(job) for job in jobs))
        finally:
            self.decoders.shutdown(wait=True)

    def over_cap(self, source: str, size: int) -> str | None:
        """Why ``size`` more bytes for ``source`` would break a cap, or None."""
        if self.used_by.get(source, 0) + size > self.cfg.media_feed_max_bytes:
            return f"PLANET_MEDIA_FEED_MAX_BYTES ({self.cfg.media_feed_max_bytes}) reached"
        if self.total + size > self.cfg.media_total_max_bytes:
            return f"PLANET_MEDIA_TOTAL_MAX_BYTES ({self.cfg.media_total_max_bytes}) reached"
        return None

    async def one(self, job: _Job) -> None:
        if self.over_cap(job.source, 1):
            self.summary.capped += 1
            return
        download = await self.download(job)
        if download.error:
            if download.error.startswith("too large"):
                return self.refuse(job, download.error)
            self.summary.failed.append((job.url, one_line(download.error)))
            logger.warning("planet: media %s: %s", one_line(job.url), one_line(download.error))
            return
        if download.status != 200 or download.body is None:
            self.summary.failed.append((job.url, f"HTTP {download.status}"))
            return
        loop = asyncio.get_running_loop()
        try:
            image: CleanImage = await loop.run_in_executor(
                self.decoders,
                clean_image,
                download.body,
                _declared(download),
                self.cfg.media_max_pixels,
            )
        except MediaRefused as exc:
            return self.refuse(job, str(exc))
        await self.store(job, image)

    async def store(self, job: _Job, image: CleanImage) -> None:
        size = len(image.data)
        sha = hashlib.sha256(image.data).hexdigest()
        new_file = sha not in self.shas
        if reason := self.over_cap(job.source, size if new_file else 0):
            self.summary.capped += 1
            logger.warning("planet: media %s not stored: %s", one_line(job.url), reason)
            return
        # Counted before the write (no await in between): caps hold across concurrent jobs.
        self.used_by[job.source] = self.used_by.get(job.source, 0) + size
        if new_file:
            self.total += size
            self.shas.add(sha)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.decoders, self.media.put, image.data, image.format)
        except OSError as exc:
            self.summary.failed.append((job.url, f"cannot write the media archive: {exc}"))
            return
        if new_file:
            self.summary.stored += 1
            self.summary.bytes += size
        else:
            self.summary.deduplicated += 1
        self.index["images"][job.url] = {
            "sha256": sha,
            "format": image.format,
            "width": image.width,
            "height": image.height,
            "bytes": size,
            "fetched": iso(self.now),
            "source": job.source,
        }
        self.index["refused"].pop(job.url, None)
        self.changed = True

    def refuse(self, job: _Job, reason: str) -> None:
        reason = one_line(reason)
        self.summary.refused.append((job.url, reason))
        logger.warning("planet: media %s refused: %s", one_line(job.url), reason)
        self.index["refused"][job.url] = {
            "reason": reason,
            "date": iso(self.now),
            "source": job.source,
        }
        self.changed = True

    async def download(self, job: _Job) -> Download:
        loop = asyncio.get_running_loop()
        remaining = self.deadline - loop.time()
        if remaining <= 0:
            return Download(error="not fetched: PLANET_DEADLINE reached")
        limit = min(self.cfg.feed_timeout, remaining)
        if job.local is not None:
            local = await self.read_local(job.local, limit)
            if not (local.error or "").startswith(NO_LOCAL_COPY):
                return local
            job = dataclasses.replace(job, local=None)  # no copy beside the feed: download
        try:
            host = host_key(job.url)
        except (httpx.InvalidURL, ValueError):
            return Download(error="not a fetchable URL")
        host_slots = self.host_slots.setdefault(host, asyncio.Semaphore(self.cfg.host_concurrency))
        async with host_slots, self.slots:
            try:
                return await asyncio.wait_for(
                    fetch_url(self.transport, job.url, None, None, self.download_cfg, ACCEPT), limit
                )
            except TimeoutError:
                return Download(error=f"timed out after {limit:.0f} s")

    async def read_local(self, relative: str, limit: float) -> Download:
        loop = asyncio.get_running_loop()
        cap = self.cfg.media_max_bytes
        try:
            path = confine(relative, self.root)
            body = await asyncio.wait_for(
                loop.run_in_executor(None, read_confined, path, relative, cap), limit
            )
        except LocalFeedRefused as exc:
            return Download(error=f"{NO_LOCAL_COPY}: {exc}")
        except (TimeoutError, OSError) as exc:
            return Download(error=f"cannot read {relative}: {type(exc).__name__}")
        if len(body) > cap:
            return Download(error=f"too large: over {cap} bytes")
        return Download(status=200, body=body)


def _key(url: str) -> str:
    try:
        return host_key(url)
    except (httpx.InvalidURL, ValueError):
        return ""  # not fetchable; fetch_url says why
