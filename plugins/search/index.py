"""Run Pagefind on the finished output: one index per ``<html lang>``, and its UI files.

Pagefind indexes only elements marked ``data-pagefind-body`` (the theme marks the main
content of pages worth finding), so navigation and footers stay out of results. The
``pagefind[extended]`` package ships the binary, whose extended build segments Chinese
text into words; Chinese text in pages of other languages is made findable through an
index copy of the HTML (:mod:`.ideographs`). The bundle folder is replaced on every
run, so fragments of pages that no longer exist never linger in the output.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from plugins.core.settings import SettingError

from .ideographs import index_copy, page_language
from .settings import SearchSettings

logger = logging.getLogger(__name__)

#: Pagefind's description of the index it wrote, inside the bundle folder.
ENTRY = "pagefind-entry.json"


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
    run_pagefind(Path(pelican.output_path), config)


def run_pagefind(output: Path, config: SearchSettings) -> dict | None:
    """Index ``output`` into ``output/<bundle_dir>``; returns Pagefind's entry file.

    Pagefind runs once per page language, one run after the other (:func:`_by_language`):
    its memory grows with the pages of one run, and a language's index does not depend on
    the pages of the others, so the bundle is the same, file for file, as one run over
    every page would write, at the peak memory of the largest language instead of all.

    A missing binary is a configuration error (raised); a failed run is logged as an
    error (``--fatal errors`` or ``warnings`` then fails the build) and returns None.
    """
    binary = find_binary(config)
    bundle = output / config.bundle_dir
    _remove_old_bundle(bundle)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pagefind-") as folder:
        # Pagefind reads the index copy (.ideographs: Chinese text in pages of other
        # languages spaced into characters) and writes its bundle into the output.
        site = Path(folder, "site")
        spaced = index_copy(output, site, skip=config.bundle_dir)
        logger.debug("search: %d pages of unsegmented languages have ideographs", spaced)
        runs = _by_language(site, Path(folder, "languages"))
        deadline = time.monotonic() + config.timeout
        try:
            entry = _index_each(binary, folder, runs, bundle, config, deadline)
        except _Overlap:
            # A language found in two runs (a page whose <html lang> we read otherwise
            # than Pagefind would): one run over every page, as before.
            logger.debug("search: languages overlap between runs; indexing in one run")
            _remove_old_bundle(bundle)
            entry = _index_each(binary, folder, [site], bundle, config, deadline)
    if entry is None:
        return None
    _stabilize(bundle / ENTRY, entry)
    languages = entry.get("languages", {})
    logger.info(
        "search: indexed %d pages in %d languages (%s) in %.1f s",
        sum(lang.get("page_count", 0) for lang in languages.values()),
        len(languages),
        ", ".join(sorted(languages)),
        time.perf_counter() - started,
    )
    return entry


def _by_language(site: Path, root: Path) -> list[Path]:
    """Hard-link the pages of ``site`` into one folder per primary language subtag of their
    ``<html lang>`` under ``root`` (same relative paths, so the same result URLs); the
    folders, one Pagefind run each. All pages of one Pagefind language (its key is the
    whole tag) fall in one folder, since they share their primary subtag."""
    for path in sorted(site.rglob("*.html")):
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", errors="replace")
        target = root / (page_language(head) or "_") / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:  # links not allowed here
            shutil.copyfile(path, target)
    return sorted(root.iterdir()) if root.is_dir() else [site]


def _index_each(
    binary: str, folder: str, sites: list[Path], bundle: Path, config: SearchSettings, deadline
) -> dict | None:
    """Run Pagefind on each of ``sites`` into ``bundle``, one run after the other, or up
    to ``SEARCH_INDEX_JOBS`` at once (each into a bundle of its own, moved into ``bundle``
    once all succeeded); the entry file's contents with every run's languages, or None
    (logged) when a run failed. Raises :class:`_Overlap` when two runs wrote one language."""
    jobs = min(config.index_jobs, len(sites))
    work = [Path(folder, "runs", str(number)) for number in range(len(sites))]
    targets = [bundle] * len(sites) if jobs == 1 else [w / "bundle" for w in work]

    def run(number: int) -> dict | None:
        return _index_once(binary, work[number], sites[number], targets[number], config, deadline)

    if jobs == 1:
        written = []
        for number in range(len(sites)):  # stops at the first failure
            written.append(run(number))
            if written[-1] is None:
                return None
    else:
        with ThreadPoolExecutor(jobs) as pool:  # threads that wait for processes
            written = list(pool.map(run, range(len(sites))))
        if None in written:
            return None
    entry = written[0]
    for found in (w["languages"] for w in written[1:]):
        if found.keys() & entry["languages"].keys():
            raise _Overlap(sorted(found.keys() & entry["languages"].keys()))
        entry["languages"].update(found)
    if jobs > 1:
        for target in targets:
            _move_into(target, bundle)
    return entry


def _move_into(source: Path, bundle: Path) -> None:
    """Move one run's bundle into ``bundle``. The files every run writes (Pagefind's UI
    and its WebAssembly) are the same bytes; any other name found twice is an overlap."""
    for path in sorted(source.rglob("*")):
        target = bundle / path.relative_to(source)
        if not path.is_file() or path.name == ENTRY:
            continue
        if target.exists():
            if target.read_bytes() != path.read_bytes():
                raise _Overlap([str(target)])
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)


class _Overlap(Exception):
    """Two Pagefind runs wrote an index of the same language."""


def _index_once(
    binary: str, folder: Path, site: Path, bundle: Path, config: SearchSettings, deadline
) -> dict | None:
    """One Pagefind run over ``site`` into ``bundle``; the entry file it wrote, or None."""
    # A config file in an empty working folder: list settings pass as lists, and no
    # pagefind.yml lying in the caller's folder changes the run.
    folder.mkdir(parents=True, exist_ok=True)
    Path(folder, "pagefind.json").write_text(
        json.dumps(
            {
                "site": str(site),
                "output_path": str(bundle.resolve()),
                "exclude_selectors": list(config.exclude_selectors),
                # results link to .../index.html like every other link of the site, so they
                # work wherever the files are served from (even without directory indexes)
                "keep_index_url": True,
            }
        ),
        encoding="utf-8",
    )
    entry_path = bundle / ENTRY
    entry_path.unlink(missing_ok=True)  # a failed run must not leave the last run's
    try:
        result = subprocess.run(
            [binary],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=max(deadline - time.monotonic(), 0.001),
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.error("search: pagefind did not finish within %s s (SEARCH_TIMEOUT)", config.timeout)
        return None
    for line in (result.stdout + result.stderr).splitlines():
        if line.strip():
            logger.debug("search: pagefind: %s", line)
    if result.returncode != 0 or not entry_path.is_file():
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-10:])
        logger.error(
            "search: pagefind failed (exit status %s) writing %s:\n%s",
            result.returncode,
            bundle,
            tail,
        )
        return None
    return json.loads(entry_path.read_text(encoding="utf-8"))


def _stabilize(entry_path: Path, entry: dict) -> None:
    """Write ``entry`` with its languages sorted: Pagefind's order varies from run to run,
    and the site's output must be byte-identical for the same input. Readers ignore order."""
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


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


def _remove_old_bundle(bundle: Path) -> None:
    """Delete a previous run's bundle; refuse to delete a folder Pagefind did not write."""
    if not bundle.exists():
        return
    ours = (bundle / ENTRY).exists() or (bundle / "pagefind.js").exists()
    if bundle.is_dir() and (ours or not any(bundle.iterdir())):
        shutil.rmtree(bundle)
        return
    raise SettingError(
        "SEARCH_BUNDLE_DIR",
        str(bundle),
        "another folder",
        f"{bundle} exists and is not a Pagefind bundle",
    )
