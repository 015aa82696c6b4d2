"""``invoke fetch``: download every aggregated feed, parse, and update the store.

This is the only code of the site that touches the network. Downloads run concurrently
(``PLANET_CONCURRENCY`` in all, ``PLANET_HOST_CONCURRENCY`` per host) on one asyncio loop
with httpx's transport (see download.py); parsing, which is CPU-bound, goes to a process
pool when the run has enough bodies to pay for starting one
(``PLANET_PARSE_POOL_MIN_FEEDS``; see :mod:`.workers`), else to a thread.
Each body is handed to the pool as soon as it has arrived, so parsing overlaps the other
downloads; the pool is started as soon as that many bodies are certain (feeds without
validators that did not fail last time) or have arrived, with every worker warmed up at
once: a run where every feed answers 304 or fails again starts none, and a run with a
few changed feeds parses them in one thread. Each feed's files are written as soon as that
feed is done, atomically, from a thread so that the ``fsync`` never stalls the downloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from plugins.core.errors import ContentError
from plugins.core.siteconfig import site
from plugins.core.text import one_line

from . import netguard
from .download import Download, fetch_url, is_local
from .localfeed import read_local
from .lock import fetch_lock
from .outcome import FeedOutcome, Summary
from .parse import NotAFeed, ParseJob, parse_feed
from .policy import iso, kept_entries, merge_entries, parse_iso
from .pools import HostPools, host_key, no_sniffio_lookups
from .settings import PlanetSettings
from .sources import FeedSource, load_sources
from .store import FeedRecord, Store, StoreError
from .workers import parse_pool

logger = logging.getLogger(__name__)

#: Threads that write store files.
WRITERS = 16


def run_fetch(
    project_root: str | Path,
    settings: Mapping[str, Any] | None = None,
    *,
    sources: Iterable[FeedSource] | None = None,
    only: Iterable[str] | None = None,
    now: datetime | None = None,
    on_done: Callable[[FeedOutcome], None] | None = None,
    force: bool = False,
) -> Summary:
    """Fetch the feeds of ``sources`` (default: from the people files) into the store.

    ``only`` restricts the run to some person ids; ``now`` fixes the clock (tests);
    ``on_done`` is called after each feed (the progress bar); ``force`` also requests the
    feeds whose server asked not to be asked again yet (see :mod:`.caching`). Raises
    :class:`~.lock.FetchBusy` when another fetch is writing the same store, and
    :class:`~.lock.LockRefused` when its lock path is a symlink or not a regular file.
    """
    settings = settings or {}
    cfg = PlanetSettings.read(settings)
    root = Path(project_root).resolve()
    if sources is None:
        sources = load_sources(root, settings)
    selected = [s for s in sources if only is None or s.id in set(only)]
    store = Store(cfg.store_dir(root))
    store.folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # Raises FetchBusy when another run holds the store; nothing has been touched then.
    with fetch_lock(store.folder):
        if removed := store.remove_stale_temporaries():
            logger.info("planet: removed %d temporary files left by an interrupted fetch", removed)
        with no_sniffio_lookups():
            outcomes = run_to_end(
                _Run.fetch(
                    cfg,
                    store,
                    root,
                    now or datetime.now(UTC),
                    on_done,
                    force,
                    selected,
                    site_languages(root, settings),
                )
            )
    return Summary(sorted(outcomes, key=lambda o: o.id), time.monotonic() - started)


def site_languages(root: Path, settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The site's language tags (what undeclared entries are told among), or none when
    ``root`` holds no site (a fetch of given sources in a test)."""
    content = Path(settings.get("PATH") or "content")
    if not content.is_absolute():
        content = root / content
    try:
        return tuple(site({**settings, "PATH": str(content)}).languages.tags)
    except ContentError:
        return ()


def run_to_end(coroutine):
    """Run ``coroutine`` on a fresh event loop, also when the caller already runs one
    (a notebook, or Playwright's sync API in the same process): then on its own thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


class _Run:
    """State of one fetch run (nothing of it outlives the run)."""

    def __init__(
        self,
        cfg: PlanetSettings,
        store: Store,
        root: Path,
        now: datetime,
        on_done,
        force: bool,
        sources: list[FeedSource],
        languages: tuple[str, ...] = (),
    ):
        """Made on the running event loop (see :meth:`fetch`): the deadline is its clock's."""
        self.cfg, self.store, self.root, self.now = cfg, store, root, now
        self.languages = languages
        self.on_done = on_done or (lambda outcome: None)
        self.force = force
        self.sources = sources
        self.deadline = asyncio.get_running_loop().time() + cfg.deadline
        self.slots = asyncio.Semaphore(cfg.concurrency)
        self.host_slots: dict[str, asyncio.Semaphore] = {}
        # One small pool per host (see pools.py). A host's pool keeps as many idle
        # connections as its feeds may use at once, for its next feeds to reuse, until its
        # last feed is done. Feeds are counted by their configured URL: a feed that moved
        # permanently only misses the reuse.
        self.transport = HostPools(
            netguard.AddressPolicy(cfg.allowed_networks),
            expected=[key for source in sources if (key := _host_key(source.url))],
            connections=cfg.concurrency,
            keepalive=cfg.host_concurrency,
        )
        self.pool: asyncio.Future[Executor | None] | None = None
        # Writes wait on the disk (fsync), not on the CPU: more of them can be under way
        # than the loop's default executor (CPUs + 4 threads) allows.
        self.writers = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="planet-store")
        self.feeds = len(sources)
        self.use_pool = cfg.parse_workers >= 2
        self.bodies = 0  # bodies certain to come or come (see start_pool)
        # Without the pool, bodies are parsed in one thread: parsing holds the GIL, and
        # more threads only took it from each other (and from the downloads).
        self.parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planet-parse")

    @classmethod
    async def fetch(
        cls,
        cfg: PlanetSettings,
        store: Store,
        root: Path,
        now: datetime,
        on_done,
        force: bool,
        sources: list[FeedSource],
        languages: tuple[str, ...] = (),
    ) -> list[FeedOutcome]:
        """Fetch ``sources`` in one run; the outcomes in the order they finished."""
        return await cls(cfg, store, root, now, on_done, force, sources, languages).all()

    async def all(self) -> list[FeedOutcome]:
        """Fetch every source of the run."""
        sources = self.sources
        try:
            async with self.transport:
                tasks = [asyncio.create_task(self.one(source)) for source in sources]
                outcomes = []
                for task in asyncio.as_completed(tasks):
                    outcome = await task
                    outcomes.append(outcome)
                    self.on_done(outcome)
                return outcomes
        finally:
            self.writers.shutdown(wait=True)
            self.parser.shutdown(wait=True)
            if self.pool is not None and (pool := await self.pool) is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def record(self, source: FeedSource) -> FeedRecord | StoreError:
        """The feed's stored record (a new one on its first fetch), or why it is unreadable."""
        try:
            # The fetch state only: the archive is read when a body has come (a 304 never
            # reads it).
            record = self.store.load(source.id, archive=False)
        except StoreError as exc:
            return exc
        if record is None:
            record = FeedRecord(id=source.id, url=source.url)
        elif not record.archive_loaded and not self.store.path(source.id).exists():
            # The archive was deleted (by hand): a 304 would never bring its entries back.
            record.etag = record.last_modified = record.next_fetch = None
            record.archive_loaded = True
        elif record.url != source.url:
            # The people file names a new address: start over with it, keep the archive.
            record.url = source.url
            record.moved_to = record.etag = record.last_modified = record.next_fetch = None
        return record

    async def one(self, source: FeedSource) -> FeedOutcome:
        record = self.record(source)
        if isinstance(record, StoreError):
            await self.transport.done(_host_key(source.url))
            logger.error("planet: %s: %s; not fetched", source.id, record)
            return FeedOutcome(source.id, "failed", error=str(record))
        if not self.force and record.next_fetch and parse_iso(record.next_fetch) > self.now:
            # The server said when to come back (freshness, Retry-After): the record is
            # left as it is, not even its last attempt changes.
            await self.transport.done(_host_key(source.url))
            return FeedOutcome(source.id, "deferred")
        # A body is coming for sure (no validators, and no error last time): count it
        # now, so that the parsers may be ready for it.
        certain = not (record.etag or record.last_modified or record.consecutive_failures)
        if certain:
            self.start_pool()
        try:
            async with self.slot(_host_key(record.fetch_url)):
                download = await self.download(record)
        finally:
            await self.transport.done(_host_key(source.url))
        parsed = None
        if download.status == 200 and download.error is None:
            parsed = await self.parse(source, download, counted=certain)
        if parsed is not None:
            try:
                self.store.load_archive(record)
            except StoreError as exc:  # unreadable archive: keep it, report the feed
                logger.error("planet: %s: %s; not updated", source.id, exc)
                return FeedOutcome(source.id, "failed", error=str(exc))
            parsed["entries"] = kept_entries(parsed["entries"], record, source.window, self.now)
        outcome = self.apply(record, download, parsed)
        try:
            # Serialized here (in writer threads, JSON held the GIL against the downloads),
            # written in a thread: the write ends with an fsync, which must not stall them.
            texts = self.store.texts(record)
            await asyncio.get_running_loop().run_in_executor(self.writers, self.store.write, texts)
        except OSError as exc:
            logger.error("planet: %s: cannot write the store: %s", source.id, exc)
            outcome = FeedOutcome(source.id, "failed", error=f"store write failed: {exc}")
        return outcome

    @contextlib.asynccontextmanager
    async def slot(self, host: str | None) -> AsyncIterator[None]:
        """Wait for a slot on the feed's host, then for one of the run's slots.

        Always in this order, and a feed holds its slots only while it downloads (not
        while it waits, nor while it is parsed), so feeds waiting for a busy host never
        keep the other hosts' feeds waiting. Redirects are followed within the slots of
        the first host. Time spent waiting does not count against PLANET_FEED_TIMEOUT.
        """
        if host is None:  # a local file
            async with self.slots:
                yield
            return
        host_slots = self.host_slots.get(host)
        if host_slots is None:
            host_slots = self.host_slots[host] = asyncio.Semaphore(self.cfg.host_concurrency)
        async with host_slots, self.slots:
            yield

    async def download(self, record: FeedRecord) -> Download:
        remaining = self.deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return Download(error="not fetched: PLANET_DEADLINE reached")
        url = record.fetch_url
        limit = min(self.cfg.feed_timeout, remaining)
        if is_local(url):
            return await read_local(url, self.root, record.etag, self.cfg, limit)
        try:
            return await asyncio.wait_for(
                fetch_url(self.transport, url, record.etag, record.last_modified, self.cfg), limit
            )
        except TimeoutError:
            return Download(error=f"timed out after {limit:.0f} s")

    async def parse(self, source: FeedSource, download: Download, counted: bool) -> dict | None:
        job = ParseJob(
            body=download.body or b"",
            headers=download.headers,
            url=None if is_local(download.final_url or "") else download.final_url,
            encoding=source.encoding,
            embed_hosts=self.cfg.embed_hosts,
            languages=self.languages,
        )
        loop = asyncio.get_running_loop()
        if not counted:
            self.start_pool()
        pool = None if self.pool is None else await self.pool
        try:
            return await loop.run_in_executor(pool or self.parser, parse_feed, job)
        except NotAFeed as exc:
            download.error = str(exc)
        except Exception as exc:  # a crash in the parser must not stop the other feeds
            logger.exception("planet: %s: parser failed", source.id)
            download.error = f"parser failed: {type(exc).__name__}: {exc}"
        return None

    def next_fetch(self, download: Download) -> str | None:
        """When the feed may be requested again, if the server asked for a wait; capped."""
        if not download.wait:
            return None
        asked = download.status in (429, 503)  # Retry-After, else freshness
        cap = self.cfg.max_retry_after if asked else self.cfg.max_freshness
        wait = min(download.wait, cap)
        return iso(self.now + timedelta(seconds=wait)) if wait > 0 else None

    def start_pool(self) -> None:
        """Count one more body to parse; start the parser processes, once, if this run
        uses them and has ``PLANET_PARSE_POOL_MIN_FEEDS`` bodies.

        Called when a body arrives, or at once for a feed whose answer cannot be a 304
        (no validators) nor, likely, an error (it did not fail last time), so that a cold
        run finds the parsers ready while a run where every feed answers 304 or fails
        again starts none (the bodies before the pool is started are parsed in one thread).
        Started from a thread: launching the workers blocks (on the fork server's
        imports), and the downloads go on meanwhile.
        """
        self.bodies += 1
        if self.use_pool and self.pool is None and self.bodies >= self.cfg.parse_pool_min_feeds:
            loop = asyncio.get_running_loop()
            self.pool = loop.run_in_executor(None, parse_pool, self.cfg, self.feeds)

    def apply(self, record: FeedRecord, download: Download, parsed: dict | None) -> FeedOutcome:
        record.last_attempt = iso(self.now)
        record.status = download.status
        record.next_fetch = self.next_fetch(download)
        if download.error:
            # Reason phrases, URLs and exception texts come from servers: stored, logged
            # and printed as one line of plain text.
            record.error = one_line(download.error)
            record.consecutive_failures += 1
            logger.warning("planet: %s: %s", record.id, record.error)
            return FeedOutcome(record.id, "failed", error=record.error)
        outcome = FeedOutcome(record.id, "not_modified" if download.not_modified else "fetched")
        if download.moved_to and download.moved_to != record.fetch_url:
            outcome.moved = (record.fetch_url, download.moved_to)
            record.moved_to = download.moved_to
            new = one_line(download.moved_to)
            logger.info("planet: %s moved permanently to %s", record.id, new)
        if parsed is not None:
            outcome.new_entries = merge_entries(record, parsed["entries"], self.now)
            outcome.bozo = parsed["bozo"]
            for key, value in parsed["feed"].items():
                setattr(record, key, value or None)
        if download.status == 200:
            record.etag, record.last_modified = download.etag, download.last_modified
        else:
            record.etag = download.etag or record.etag
            record.last_modified = download.last_modified or record.last_modified
        record.error, record.consecutive_failures = None, 0
        record.last_success = iso(self.now)
        record.added = record.added or record.last_success
        return outcome


def _host_key(url: str) -> str | None:
    """Whose slots and connection pool a feed uses: its host; None for a local file."""
    if is_local(url):
        return None
    try:
        return host_key(url)
    except (httpx.InvalidURL, ValueError):
        return ""  # not fetchable; fetch_url says why
