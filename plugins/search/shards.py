"""A language's pages split into shards of at most ``SEARCH_SHARD_PAGES``, each one
Pagefind run, kept in the cache by a digest of its input.

Pagefind holds every page of a run in memory until it writes the index (about 0.5 MiB
per Chinese page: 627 MiB for 1,048 pages, docs/benchmarks.md), and it has no option that
bounds this. So a language with more pages than ``SEARCH_SHARD_PAGES`` is indexed in
several runs, each writing a bundle of its own, and the search page searches them all
with Pagefind's ``mergeIndex`` (see the end of this docstring for what that finds).

A page's shard is a stable function of its output path (a jump consistent hash of it), so
editing a page changes its shard only, and adding pages moves others only when the
language needs one shard more. Each shard's bundle is kept under ``CACHE_PATH/search/``
by the digest of what the run reads (its pages' paths and bytes, Pagefind's version,
the search settings and the code that makes the index copy); a rebuild runs Pagefind
only for the shards whose digest changed and links the others' files into the bundle,
byte for byte what a run would write (Pagefind's output depends on its input only:
tested).

Merged shards do not always find what one index finds: Pagefind leaves out of a query,
in each index, the words that index does not know (and matches a word it does not know
by the known words it begins with), so a shard without one of the words returns its
pages that have the others, nearly always more pages than one index (measured in
docs/benchmarks.md). Every page is found by its title; results are sorted by score,
computed within each shard.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from plugins.core.atomic import write_atomic
from plugins.core.libraries import library_version

#: Bumped when what a cached shard holds changes.
FORMAT = 1
#: Cache entries no record names are deleted once older than this (seconds): another
#: build may have just written one it has not recorded yet.
GRACE = 3600.0
#: How many runs' shards each output folder keeps (a live round may alternate the
#: development and the publishing settings).
RUNS_KEPT = 2


@dataclass(frozen=True, order=True)
class Page:
    """One page of the index copy: its path in the output and the digest of its bytes
    (and, for the run's expected memory, not part of its identity: the bytes of its
    indexed part, and how many of them are not ASCII)."""

    path: str
    digest: str
    size: int = field(default=0, compare=False)
    wide: int = field(default=0, compare=False)


@dataclass
class Shard:
    """The pages of one Pagefind run: shard ``number`` of a language ``group``."""

    group: str
    number: int
    pages: list[Page] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Its folder name in the bundle (``shard/<name>/``) and in logs."""
        return f"{self.group}-{self.number}"

    def digest(self, salt: str) -> str:
        """Digest of the run's input: ``salt`` (versions, settings, code) and the pages."""
        hasher = hashlib.sha256(salt.encode())
        for page in self.pages:
            hasher.update(f"{page.path}\0{page.digest}\n".encode())
        return hasher.hexdigest()


def jump(key: int, buckets: int) -> int:
    """Lamping and Veach's jump consistent hash: the bucket of ``key`` among ``buckets``;
    from n to n + 1 buckets, only the keys that go to the new one move. Written out (six
    lines of the paper's algorithm): no library of the lock files offers it."""
    bucket, candidate = -1, 0
    while candidate < buckets:
        bucket = candidate
        key = (key * 2862933555777941757 + 1) & 0xFFFFFFFFFFFFFFFF
        candidate = int((bucket + 1) * ((1 << 31) / ((key >> 33) + 1)))
    return bucket


def _key(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big")


def plan(groups: dict[str, list[Page]], limit: int) -> list[Shard]:
    """The shards of each group's pages: as few as hold at most ``limit`` pages each
    (the count grows until the hash gives no shard more; never above one per page).
    Empty shards are left out; shards are sorted by group, then number."""
    shards: list[Shard] = []
    for group, pages in sorted(groups.items()):
        keyed = [(_key(page.path), page) for page in sorted(pages)]
        count = max(1, math.ceil(len(keyed) / limit))
        while True:
            buckets: list[list[Page]] = [[] for _ in range(count)]
            for key, page in keyed:
                buckets[jump(key, count)].append(page)
            if max(map(len, buckets)) <= limit or count >= len(keyed):
                break
            count += 1
        shards += [Shard(group, n, pages) for n, pages in enumerate(buckets) if pages]
    return shards


def salt(binary: str, config: dict) -> str:
    """What every shard's output depends on besides its pages: Pagefind's version (its
    own answer), OpenCC's (the other script's sentences), the code that makes the index
    copy, and the run's settings ``config``."""
    try:
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = ""
    here = Path(__file__).parent
    code = hashlib.sha256()
    for name in ("ideographs.py", "scripts.py", "shards.py"):
        code.update((here / name).read_bytes())
    return json.dumps(
        {
            "format": FORMAT,
            "pagefind": version or binary,
            "opencc": library_version("opencc"),
            "code": code.hexdigest(),
            "config": config,
        },
        sort_keys=True,
    )


class ShardCache:
    """Finished shard bundles under ``folder`` (``CACHE_PATH/search``), by digest; None
    for no cache (every shard is indexed, in a temporary folder)."""

    def __init__(self, folder: Path | None, output: Path) -> None:
        self.folder = folder
        name = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:16]
        self.record = folder / f"runs-{name}.json" if folder else None
        self.output = output
        self.used: set[str] = set()

    def get(self, digest: str) -> Path | None:
        """The cached bundle of ``digest``, or None."""
        if self.folder is None:
            return None
        found = self.folder / digest
        if (found / "pagefind-entry.json").is_file():
            self.used.add(digest)
            with contextlib.suppress(OSError):
                os.utime(found)  # recently used: not deleted by another output's prune
            return found
        return None

    def put(self, digest: str, bundle: Path) -> Path:
        """Move a finished run's ``bundle`` into the cache (renamed into place whole, so
        an entry is complete or absent); its path. Without a cache, ``bundle`` itself."""
        if self.folder is None:
            return bundle
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / digest
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
        shutil.move(bundle, staging / "bundle")
        try:
            os.replace(staging / "bundle", target)
        except OSError:  # another build put the same entry meanwhile: the same bytes
            if not (target / "pagefind-entry.json").is_file():
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.used.add(digest)
        return target

    def prune(self) -> None:
        """Record this run's shards for the output folder; delete the entries that no
        output folder's last :data:`RUNS_KEPT` runs use (and unfinished ones), once older
        than :data:`GRACE`."""
        if self.folder is None or self.record is None or not self.folder.is_dir():
            return
        runs = [sorted(self.used), *_runs(self.record)[: RUNS_KEPT - 1]]
        write_atomic(
            self.record,
            json.dumps({"output": str(self.output), "runs": runs}, ensure_ascii=False),
            durable=False,
        )
        kept: set[str] = set()
        for record in self.folder.glob("runs-*.json"):
            stored = _read(record)
            if record != self.record and not Path(str(stored.get("output", ""))).is_dir():
                record.unlink(missing_ok=True)  # an output folder that is gone
                continue
            kept.update(digest for run in _runs(record) for digest in run)
        now = time.time()
        for entry in self.folder.iterdir():
            if not entry.is_dir() or entry.name in kept:
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > GRACE:
                    shutil.rmtree(entry)


def _read(path: Path) -> dict:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _runs(path: Path) -> list[list[str]]:
    runs = _read(path).get("runs")
    if not isinstance(runs, list):
        return []
    return [[d for d in run if isinstance(d, str)] for run in runs if isinstance(run, list)]
