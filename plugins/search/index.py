"""Run Pagefind on the finished output: an index per ``<html lang>``, and its UI files.

Pagefind indexes only elements marked ``data-pagefind-body`` (the theme marks the main
content of pages worth finding), so navigation and footers stay out of results. The
``pagefind[extended]`` package ships the binary, whose extended build segments Chinese
text into words; Chinese text in pages of other languages is made findable through an
index copy of the HTML (:mod:`.ideographs`). A language's pages are indexed in shards of
bounded size, each kept in the cache by its input (:mod:`.shards`). The bundle folder is
replaced whole on every run, so fragments of pages that no longer exist never linger in
the output.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from plugins.core.atomic import write_atomic
from plugins.core.settings import SettingError

from .copies import CopyCache
from .ideographs import MARKER, page_tag
from .processes import ENTRY, Job
from .runs import Indexing
from .schedule import PeakRecord, estimate, order
from .settings import SearchSettings
from .shards import Page, Shard, ShardCache, plan, salt

logger = logging.getLogger(__name__)


def index_output(pelican) -> None:
    """``finalized`` handler: index ``pelican.output_path`` unless search is off."""
    config = SearchSettings.read(pelican.settings)
    if not config.enabled:
        logger.info("search: SEARCH_ENABLED is False; the output is not indexed")
        return
    if config.defer_index:
        logger.info(
            "search: SEARCH_DEFER_INDEX is True; index later with python -m plugins.search %s",
            pelican.output_path,
        )
        return
    run_pagefind(Path(pelican.output_path), config, pelican.settings.get("CACHE_PATH"))


def run_pagefind(
    output: Path, config: SearchSettings, cache: str | None = None, *, apart: bool = False
) -> dict | None:
    """Index ``output`` into ``output/<bundle_dir>``; returns the main bundle's entry file.

    One Pagefind run per shard (:mod:`.shards`): a language's pages, at most
    ``SEARCH_SHARD_PAGES`` of them (a site under that keeps one run per language, and one
    bundle). Each language's first shard goes into the main bundle, as one run per
    language always did (its index does not depend on other languages' pages); its other
    shards into ``shard/<language>-<n>/`` beside it, listed by language in
    :data:`MANIFEST`, which the search page merges. Each run starts as soon as its index
    copy is made, several at once within the largest run's memory (``SEARCH_INDEX_JOBS``,
    :mod:`.schedule`, :mod:`.runs`), so Pagefind's memory is that of the largest run.
    With ``cache`` (``CACHE_PATH``), a shard whose input is that of a kept run is linked
    from ``cache/search/`` instead of indexed again. ``apart``: make the index copy in a
    forked child (not from a process with threads, such as Pelican's).

    A missing binary is a configuration error (raised); a failed run is logged as an
    error (``--fatal errors`` or ``warnings`` then fails the build) and returns None.
    """
    binary = find_binary(config)
    bundle = output / config.bundle_dir
    _check_bundle(bundle)
    started = time.perf_counter()
    groups = _pages(output, config.bundle_dir)
    # results link to .../index.html like every other link of the site, so they work
    # wherever the files are served from (even without directory indexes)
    options = {"exclude_selectors": list(config.exclude_selectors), "keep_index_url": True}
    store = ShardCache(Path(cache, "search") if cache else None, output)
    work = _Work(binary, output, options, config, store, salt(binary, options), apart)
    # without a limit, each language is one run: the index is what one run finds
    shards = plan(groups, config.shard_pages or max(map(len, groups.values()), default=1))
    try:
        entry = work.bundle(shards, bundle)
    except _Overlap:
        # A language found in two groups (a page whose <html lang> we read otherwise
        # than Pagefind would): one run over every page, as before shards.
        logger.debug("search: languages overlap between runs; indexing in one run")
        everything = [page for pages in groups.values() for page in pages]
        entry = work.bundle(plan({"all": everything}, len(everything) or 1), bundle)
    if entry is None:
        return None
    store.prune()
    work.copies.prune()
    languages = entry.get("languages", {})
    logger.info(
        "search: indexed %d pages in %d languages (%s), %d shards (%d from the cache), "
        "%d page copies made (%d from the cache) in %.1f s",
        work.pages,
        len(languages),
        ", ".join(sorted(languages)),
        len(work.runs),
        work.cached,
        work.copies.made,
        work.copies.reused,
        time.perf_counter() - started,
    )
    return entry


#: The bundle's list of the other shards of each language (Pagefind language keys to
#: folders relative to the bundle), which ``search.js`` merges into the main index.
MANIFEST = "shards.json"
#: What a shard outside the main bundle keeps: its index and metadata; the merged index
#: uses the main bundle's code and WebAssembly.
_SHARD_SUFFIXES = (".pf_meta", ENTRY)


_ASCII = bytes(range(128))


def _pages(output: Path, skip: str) -> dict[str, list[Page]]:
    """The pages Pagefind would index, by language (``<html lang>``, lower-cased; ``_``
    without one), each with the digest of its bytes. Pages without
    ``data-pagefind-body`` are left out when some page has it: Pagefind would read them
    only to index nothing (on a large site they are half its files)."""
    marked: dict[str, list[Page]] = {}
    unmarked: dict[str, list[Page]] = {}
    for relative in _files(output, ".html"):
        if relative.startswith(skip + "/") or relative.startswith("."):
            continue
        with open(os.path.join(output, relative), "rb") as handle:
            data = handle.read()
        head = data[:4096].decode("utf-8", errors="replace")
        start = data.find(MARKER.encode())
        found = marked if start >= 0 else unmarked
        # the bytes from the indexed part on, and how many are not ASCII (Chinese text):
        # what Pagefind's memory grows with (schedule.estimate)
        tail = data[max(start, 0) :]
        wide = len(tail.translate(None, _ASCII))
        page = Page(relative, hashlib.sha256(data).hexdigest(), len(tail), wide)
        found.setdefault(page_tag(head) or "_", []).append(page)
    return marked or unmarked


class _Work:
    """One indexing: the shards' runs (or cached bundles), then the bundle they make."""

    def __init__(self, binary, output, options, config, store, prefix, apart) -> None:
        self.binary, self.output, self.options, self.apart = binary, output, options, apart
        self.config, self.store, self.prefix = config, store, prefix
        self.deadline = time.monotonic() + config.timeout
        root = store.folder.with_name("search-copies") if store.folder is not None else None
        self.copies = CopyCache(root, prefix)
        self.record = PeakRecord(store.folder)
        self.runs: dict[str, Path] = {}
        self.cached = self.pages = 0

    def bundle(self, shards: list[Shard], bundle: Path) -> dict | None:
        """Index (or find in the cache) every shard, then write ``bundle``; the main
        entry, or None when a run failed."""
        self.runs, self.cached = {}, 0
        self.pages = sum(len(shard.pages) for shard in shards)
        todo = []
        for shard in shards:
            digest = shard.digest(self.prefix)
            found = self.store.get(digest)
            if found is None:
                todo.append((shard, digest))
            else:
                self.runs[shard.name] = found
                self.cached += 1
        if not todo:
            return _assemble(shards, self.runs, bundle)
        digests = {shard.name: digest for shard, digest in todo}
        with tempfile.TemporaryDirectory(prefix="pagefind-") as folder:
            jobs = {
                shard.name: Job(
                    shard.name,
                    shard.pages,
                    Path(folder, "sites", shard.name),
                    Path(folder, "runs", shard.name),
                    self.record.get(shard.name) or estimate(shard.group, shard.pages),
                )
                for shard, _ in todo
            }
            # the runs that may go together first: their copies are made first
            ordered = [jobs[run.name] for run in order(job.run for job in jobs.values())]
            indexing = Indexing(
                output=self.output,
                kept=self.copies,
                binary=self.binary,
                options=self.options,
                config=self.config,
                deadline=self.deadline,
                record=self.record,
                apart=self.apart,
            )

            def done(job: Job) -> None:
                shutil.rmtree(job.site, ignore_errors=True)
                self.runs[job.name] = self.store.put(digests[job.name], job.bundle)

            if not indexing.run(ordered, done):
                return None
            logger.debug(
                "search: %d runs, at most %.0f MiB expected at once",
                len(ordered),
                indexing.peak / 2**20,
            )
            return _assemble(shards, self.runs, bundle)


def _assemble(shards: list[Shard], runs: dict[str, Path], bundle: Path) -> dict:
    """Write ``bundle`` from the shards' bundles ``runs``: each language's first shard
    merged into it, the others in ``shard/<name>/`` and the manifest. Built beside it,
    then renamed into place. Raises :class:`_Overlap` when two runs wrote one language."""
    new, old = bundle.parent / f".{bundle.name}.new", bundle.parent / f".{bundle.name}.old"
    for leftover in (new, old):  # of an interrupted run
        shutil.rmtree(leftover, ignore_errors=True)
    new.mkdir(parents=True)
    try:
        first = {}
        for shard in shards:
            first.setdefault(shard.group, shard)
        entry: dict = {}
        for shard in first.values():
            found = _read_entry(runs[shard.name])
            _copy_tree(runs[shard.name], new, lambda path: path.name != ENTRY)
            if not entry:
                entry = found
            elif found["languages"].keys() & entry["languages"].keys():
                raise _Overlap(sorted(found["languages"].keys() & entry["languages"].keys()))
            else:
                entry["languages"].update(found["languages"])
        merged: dict[str, list[str]] = {}
        for shard in shards:
            if first[shard.group] is shard:
                continue
            source, target = runs[shard.name], new / "shard" / shard.name
            _copy_tree(source, target, lambda path: path.name.endswith(_SHARD_SUFFIXES))
            languages = _read_entry(source)["languages"]
            if not languages.keys() <= entry["languages"].keys():
                raise _Overlap(sorted(languages.keys() - entry["languages"].keys()))
            _stabilize(target / ENTRY, _read_entry(source))
            for language in languages:
                merged.setdefault(language, []).append(f"shard/{shard.name}/")
        _stabilize(new / ENTRY, entry)
        manifest = {"languages": dict(sorted(merged.items()))}
        (new / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), "utf-8")
        if bundle.exists():
            os.replace(bundle, old)
        os.replace(new, bundle)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return entry


def _copy_tree(source: Path, target: Path, wanted) -> None:
    """Link (or copy) the files of ``source`` in a sub-folder or ``wanted`` into ``target``.
    A file already there (Pagefind's UI and WebAssembly, which every run writes) must be
    the same bytes; any other name found twice is an overlap."""
    folders: set[str] = set()
    for relative in _files(source):
        path, copy = os.path.join(source, relative), os.path.join(target, relative)
        if "/" not in relative and not wanted(Path(path)):
            continue
        if os.path.exists(copy):
            if Path(copy).read_bytes() != Path(path).read_bytes():
                raise _Overlap([copy])
            continue
        folder = os.path.dirname(copy)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        try:  # a hard link: ten times cheaper than a copy, and every file is replaced
            os.link(path, copy)  # whole (never written in place) by the next run
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(path, copy)


def _files(root: Path, suffix: str = "") -> list[str]:
    """The files under ``root`` (ending in ``suffix``) as ``/``-separated relative paths,
    in the order of their sorted ``Path`` objects (by parts), from ``os.walk`` names: a
    ``Path`` per file was most of the time of a round with nothing to index (6,500 files)."""
    found = []
    for folder, _, names in os.walk(root):
        base = os.path.relpath(folder, root)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        for name in names:
            if name.endswith(suffix) and os.path.isfile(os.path.join(folder, name)):
                found.append(prefix + name)
    return sorted(found, key=lambda relative: relative.split("/"))


def _read_entry(bundle: Path) -> dict:
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


class _Overlap(Exception):
    """Two Pagefind runs wrote an index of the same language."""


def _stabilize(entry_path: Path, entry: dict) -> None:
    """Write ``entry`` with its languages sorted: Pagefind's order varies from run to run,
    and the site's output must be byte-identical for the same input. Readers ignore order.
    Written beside and renamed, so a file linked to the cache is never changed."""
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    write_atomic(entry_path, text, durable=False)


def find_binary(config: SearchSettings) -> str:
    """The Pagefind executable: the configured one, else the one its package ships."""
    if config.pagefind_binary:
        found = shutil.which(config.pagefind_binary)
        if not found:
            raise SettingError(
                "SEARCH_PAGEFIND_BINARY",
                config.pagefind_binary,
                "None or an executable on PATH",
                f"no executable {config.pagefind_binary!r}",
            )
        return found
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    path = get_executable() if get_executable else None
    if path is None:
        path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    if not path:
        raise SettingError(
            "SEARCH_PAGEFIND_BINARY",
            None,
            "pip install 'pagefind[extended]', the path of a pagefind "
            "executable, or SEARCH_ENABLED = False",
            "search needs Pagefind, which is not installed",
        )
    return str(path)


def _check_bundle(bundle: Path) -> None:
    """Refuse to replace a folder Pagefind did not write (or an empty one)."""
    if not bundle.exists():
        return
    ours = (bundle / ENTRY).exists() or (bundle / "pagefind.js").exists()
    if bundle.is_dir() and (ours or not any(bundle.iterdir())):
        return
    raise SettingError(
        "SEARCH_BUNDLE_DIR",
        str(bundle),
        "another folder",
        f"{bundle} exists and is not a Pagefind bundle",
    )
