"""``invoke fetch``: download every aggregated feed, parse, and update the store.

This is the only code of the site that touches the network. Downloads run concurrently
(``PLANET_CONCURRENCY``) on one asyncio loop with an httpx client; parsing, which is
CPU-bound, goes to a process pool when the run is large enough to pay for starting one
(``PLANET_PARSE_POOL_MIN_FEEDS``), else to a thread. Each feed's file is written as soon
as that feed is done, atomically.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from . import netguard
from .download import Download, fetch_url, is_local, read_file
from .parse import NotAFeed, ParseJob, parse_feed
from .policy import iso, merge_entries
from .settings import PlanetSettings
from .sources import FeedSource, load_sources
from .store import FeedRecord, Store, StoreError

logger = logging.getLogger(__name__)


@dataclass
class FeedOutcome:
    """What happened to one feed in one run."""

    id: str
    kind: str  # "fetched", "not_modified" or "failed"
    new_entries: int = 0
    error: str | None = None
    moved: tuple[str, str] | None = None  # (old URL, new URL) after a permanent redirect
    bozo: str | None = None


@dataclass
class Summary:
    """The result of a fetch run, for the one-screen report and for tests."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    elapsed: float = 0.0

    def count(self, kind: str) -> int:
        """How many feeds ended as ``kind``."""
        return sum(outcome.kind == kind for outcome in self.outcomes)

    @property
    def fetched(self) -> int:
        """Feeds downloaded and parsed."""
        return self.count("fetched")

    @property
    def not_modified(self) -> int:
        """Feeds that answered 304 (or local files unchanged)."""
        return self.count("not_modified")

    @property
    def failed(self) -> list[FeedOutcome]:
        """Outcomes of the feeds that failed."""
        return [outcome for outcome in self.outcomes if outcome.kind == "failed"]

    @property
    def moved(self) -> list[FeedOutcome]:
        """Outcomes of the feeds that moved permanently."""
        return [outcome for outcome in self.outcomes if outcome.moved]

    @property
    def new_entries(self) -> int:
        """Entries stored for the first time in this run."""
        return sum(outcome.new_entries for outcome in self.outcomes)


def run_fetch(
    project_root: str | Path,
    settings: Mapping[str, Any] | None = None,
    *,
    sources: Iterable[FeedSource] | None = None,
    only: Iterable[str] | None = None,
    now: datetime | None = None,
    on_done: Callable[[FeedOutcome], None] | None = None,
) -> Summary:
    """Fetch the feeds of ``sources`` (default: from the people files) into the store.

    ``only`` restricts the run to some person ids; ``now`` fixes the clock (tests);
    ``on_done`` is called after each feed (the progress bar).
    """
    settings = settings or {}
    cfg = PlanetSettings.from_settings(settings)
    root = Path(project_root).resolve()
    if sources is None:
        sources = load_sources(root, settings)
    selected = [s for s in sources if only is None or s.id in set(only)]
    store = Store(cfg.store_dir(root))
    store.folder.mkdir(parents=True, exist_ok=True)
    if removed := store.remove_stale_temporaries():
        logger.info("planet: removed %d temporary files left by an interrupted fetch", removed)
    started = time.monotonic()
    run = _Run(cfg, store, root, now or datetime.now(UTC), on_done)
    outcomes = asyncio.run(run.all(selected))
    return Summary(sorted(outcomes, key=lambda o: o.id), time.monotonic() - started)


class _Run:
    """State of one fetch run (nothing of it outlives the run)."""

    def __init__(self, cfg: PlanetSettings, store: Store, root: Path, now: datetime, on_done):
        self.cfg, self.store, self.root, self.now = cfg, store, root, now
        self.on_done = on_done or (lambda outcome: None)

    async def all(self, sources: list[FeedSource]) -> list[FeedOutcome]:
        loop = asyncio.get_running_loop()
        self.deadline = loop.time() + self.cfg.deadline
        self.slots = asyncio.Semaphore(self.cfg.concurrency)
        transport = httpx.AsyncHTTPTransport(
            retries=0,
            limits=httpx.Limits(max_connections=self.cfg.concurrency),
        )
        netguard.install(transport, netguard.AddressPolicy(self.cfg.allowed_networks))
        client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(self.cfg.timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.cfg.user_agent},
        )
        self.pool = _parse_pool(self.cfg, len(sources))
        try:
            async with client:
                self.client = client
                tasks = [asyncio.create_task(self.one(source)) for source in sources]
                outcomes = []
                for task in asyncio.as_completed(tasks):
                    outcome = await task
                    outcomes.append(outcome)
                    self.on_done(outcome)
                return outcomes
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)

    async def one(self, source: FeedSource) -> FeedOutcome:
        try:
            record = self.store.load(source.id)
        except StoreError as exc:
            logger.error("planet: %s: %s; not fetched", source.id, exc)
            return FeedOutcome(source.id, "failed", error=str(exc))
        if record is None:
            record = FeedRecord(id=source.id, url=source.url)
        elif record.url != source.url:
            # The people file names a new address: start over with it, keep the archive.
            record.url, record.moved_to, record.etag, record.last_modified = (
                source.url,
                None,
                None,
                None,
            )
        async with self.slots:
            download = await self.download(record)
        parsed = None
        if download.status == 200 and download.error is None:
            parsed = await self.parse(source, download)
        outcome = self.apply(record, download, parsed)
        try:
            self.store.save(record)
        except OSError as exc:
            logger.error("planet: %s: cannot write the store: %s", source.id, exc)
            outcome = FeedOutcome(source.id, "failed", error=f"store write failed: {exc}")
        return outcome

    async def download(self, record: FeedRecord) -> Download:
        remaining = self.deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return Download(error="not fetched: PLANET_DEADLINE reached")
        url = record.fetch_url
        if is_local(url):
            return read_file(url, self.root, record.etag, self.cfg)
        limit = min(self.cfg.feed_timeout, remaining)
        try:
            return await asyncio.wait_for(
                fetch_url(self.client, url, record.etag, record.last_modified, self.cfg), limit
            )
        except TimeoutError:
            return Download(error=f"timed out after {limit:.0f} s")

    async def parse(self, source: FeedSource, download: Download) -> dict | None:
        job = ParseJob(
            body=download.body or b"",
            headers=download.headers,
            url=None if is_local(download.final_url or "") else download.final_url,
            encoding=source.encoding,
            embed_hosts=self.cfg.embed_hosts,
        )
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, parse_feed, job)
        except NotAFeed as exc:
            download.error = str(exc)
        except Exception as exc:  # a crash in the parser must not stop the other feeds
            logger.exception("planet: %s: parser failed", source.id)
            download.error = f"parser failed: {type(exc).__name__}: {exc}"
        return None

    def apply(self, record: FeedRecord, download: Download, parsed: dict | None) -> FeedOutcome:
        record.last_attempt = iso(self.now)
        record.status = download.status
        if download.error:
            record.error = download.error
            record.consecutive_failures += 1
            logger.warning("planet: %s: %s", record.id, download.error)
            return FeedOutcome(record.id, "failed", error=download.error)
        outcome = FeedOutcome(record.id, "not_modified" if download.not_modified else "fetched")
        if download.moved_to and download.moved_to != record.fetch_url:
            outcome.moved = (record.fetch_url, download.moved_to)
            record.moved_to = download.moved_to
            logger.info("planet: %s moved permanently to %s", record.id, download.moved_to)
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


def _parse_pool(cfg: PlanetSettings, feeds: int) -> Executor | None:
    """A process pool when the run is big enough, else None (the loop's thread pool)."""
    if cfg.parse_workers < 2 or feeds < cfg.parse_pool_min_feeds:
        return None
    methods = multiprocessing.get_all_start_methods()
    # fork would copy the running event loop and its threads; start clean processes.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=min(cfg.parse_workers, feeds), mp_context=context)
