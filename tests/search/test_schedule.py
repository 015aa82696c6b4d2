"""Pagefind runs at once within the memory one after the other needs (plugins/search/
schedule.py, runs.py): the scheduler as a pure function, the recorded peaks, and the
bundle of the pipelined runs against the sequential one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.search import processes as processes_module
from plugins.search.index import run_pagefind
from plugins.search.schedule import MIB, PeakRecord, Run, admit, budget, estimate, order
from plugins.search.settings import SearchSettings
from plugins.search.shards import Page, plan

from .test_search import POST_EN
from .test_search import trilingual as trilingual  # a fixture
from .test_shards import _digests

ROOT = Path(__file__).resolve().parents[2]
#: The 1,000-post bench site's runs (docs/benchmarks.md): peaks in MiB.
BENCH = [Run("zh-hans-0", 630 * MIB), Run("en-0", 99 * MIB), Run("fr-0", 103 * MIB)]
COPIER = 95 * MIB


def _simulate(runs: list[Run], *, jobs: int | None, cap: int, copier: int, seed: int):
    """Run the schedule to its end with runs and the copy child ending in a random order;
    every set of processes alive at once (the copier as ``None``)."""
    rng = random.Random(seed)
    ordered = order(runs)
    most = budget(ordered, copier) if jobs is None else None
    cap = jobs if jobs is not None else cap
    waiting, copied, running, copier_alive = list(ordered), 0, [], True
    together: list[list] = []
    while True:
        ready = waiting[: max(0, copied - (len(ordered) - len(waiting)))]
        started = admit(ready, running, budget=most, cap=cap, copier=copier * copier_alive)
        assert started == waiting[: len(started)]  # in order
        running += started
        del waiting[: len(started)]
        together.append([*running, *([None] if copier_alive else [])])
        if not running and not copier_alive:
            assert not waiting, "runs left that never start"
            return together
        # the next event: a copy made (the copier ends after the last) or a run ending
        choices = [*running, *(["copy"] if copier_alive else [])]
        event = rng.choice(choices)
        if event == "copy":
            copied += 1
            copier_alive = copied < len(ordered)
        else:
            running.remove(event)


def _peak(together, copier: int) -> int:
    return max(sum(copier if r is None else r.peak for r in alive) for alive in together)


def test_the_small_runs_go_together_beside_the_copies_and_the_largest_alone():
    ordered = order(BENCH)
    assert [run.name for run in ordered] == ["en-0", "fr-0", "zh-hans-0"]
    most = budget(BENCH, COPIER)
    assert most == 630 * MIB
    # en's copy made: it starts beside the copier; fr's too; zh-hans waits for both
    assert admit(ordered[:1], [], budget=most, cap=2, copier=COPIER) == ordered[:1]
    assert admit(ordered[1:2], ordered[:1], budget=most, cap=2, copier=COPIER) == [ordered[1]]
    assert admit(ordered[2:], ordered[:1], budget=most, cap=2, copier=0) == []
    assert admit(ordered[2:], [], budget=most, cap=2, copier=COPIER) == []
    # alone: the largest starts once the others and the copier have ended
    assert admit(ordered[2:], [], budget=most, cap=2, copier=0) == [ordered[2]]
    # never more runs than the cap, even when memory allows
    small = [Run(f"en-{n}", MIB) for n in range(5)]
    assert admit(small, [], budget=most, cap=2, copier=0) == small[:2]
    assert admit(small, small[:1], budget=most, cap=2, copier=0) == small[:1]
    # a number of jobs: that many, whatever the memory (as before)
    assert admit(ordered, [], budget=None, cap=3, copier=COPIER) == ordered


def test_one_run_is_one_run_alone():
    # a site of one language is one run (SEARCH_SHARD_PAGES = None: the largest language)
    pages = _run("en", 500, 1000)
    assert [shard.name for shard in plan({"en": pages}, len(pages))] == ["en-0"]
    only = [Run("en-0", 80 * MIB)]
    assert admit(only, [], budget=budget(only, 0), cap=2) == only
    # a run over the budget still starts alone (its estimate may be off)
    assert admit(only, [], budget=10 * MIB, cap=2) == only
    assert admit(only, [], budget=10 * MIB, cap=2, copier=5 * MIB) == []


@pytest.mark.parametrize("seed", range(40))
def test_the_schedules_peak_never_exceeds_the_largest_run_or_the_cap(seed):
    rng = random.Random(seed)
    runs = [Run(f"l{n}-0", rng.randint(1, 700) * MIB) for n in range(rng.randint(1, 12))]
    copier = rng.choice([0, rng.randint(1, 200) * MIB])
    cap = rng.randint(1, 4)
    together = _simulate(runs, jobs=None, cap=cap, copier=copier, seed=seed)
    assert _peak(together, copier) <= budget(runs, copier)
    assert max(sum(r is not None for r in alive) for alive in together) <= cap
    # with a number of jobs, the count is capped and the memory is not
    jobs = rng.randint(1, 4)
    together = _simulate(runs, jobs=jobs, cap=cap, copier=copier, seed=seed)
    assert max(sum(r is not None for r in alive) for alive in together) <= jobs


def test_the_bench_site_overlaps_the_small_runs():
    """On the bench's numbers, en and fr run at once (~200 MiB beside the copier) and the
    schedule's peak is zh-hans's alone, whatever the order things end in."""
    for seed in range(20):
        together = _simulate(BENCH, jobs=None, cap=2, copier=COPIER, seed=seed)
        assert _peak(together, COPIER) == 630 * MIB
        zh = [alive for alive in together if BENCH[0] in alive]
        assert zh and all(alive == [BENCH[0]] for alive in zh)


def _run(group: str, count: int, size: int, wide: int = 0) -> list[Page]:
    return [Page(f"{group}/{n}.html", str(n), size, wide) for n in range(count)]


def test_estimates_are_within_the_measured_peaks():
    """The estimate from a run's pages against the peaks measured on the bench sites
    (docs/benchmarks.md): the 1,000-post site's, with the bytes its pages have."""
    for group, pages, peak in (
        ("en", _run("en", 1048, 6507, 25), 99),
        ("fr", _run("fr", 1048, 6707, 479), 104),
        ("zh-hans", _run("zh-hans", 1048, 6417, 3015), 627),
        ("en", _run("en", 56, 3742, 140), 17),
    ):
        assert abs(estimate(group, pages) / MIB - peak) < 10, group
    # a segmented language costs its dictionary before its first page, and far more
    # per byte of Chinese than of ASCII
    assert estimate("zh-hans", []) > 50 * MIB > estimate("en", []) > 0
    empty = estimate("zh-hans", [])
    ascii_only = estimate("zh-hans", _run("zh-hans", 10, 50_000)) - empty
    assert estimate("zh-hans", _run("zh-hans", 10, 50_000, 40_000)) - empty > 10 * ascii_only
    assert estimate("ja", _run("ja", 3, 9, 9)) == estimate("zh-hant", _run("zh-hant", 3, 9, 9))


def test_recorded_peaks_survive_and_a_damaged_record_is_ignored(tmp_path):
    record = PeakRecord(tmp_path)
    assert record.get("en-0") is None
    record.measure("en-0", 99 * MIB, floor=48 * MIB)
    record.measure("fr-0", 40 * MIB, floor=48 * MIB)  # at most the parent's: not known
    record.save()
    again = PeakRecord(tmp_path)
    assert again.get("en-0") == 99 * MIB and again.get("fr-0") is None
    # a later run updates its own and keeps the others
    again.measure("zh-hans-0", 630 * MIB, floor=0)
    again.save()
    third = PeakRecord(tmp_path)
    assert third.get("en-0") == 99 * MIB and third.get("zh-hans-0") == 630 * MIB
    path = tmp_path / PeakRecord.NAME
    for damaged in (
        b'{"format": 1, "peaks": {"en-0": 99',  # cut short
        b"\xff\xfe not json",
        b"[1, 2]",
        b'{"format": 99, "peaks": {"en-0": 5}}',
        b'{"format": 1, "peaks": ["en-0"]}',
    ):
        path.write_bytes(damaged)
        assert PeakRecord(tmp_path).get("en-0") is None
    path.write_bytes(b'{"format": 1, "peaks": {"en-0": -5, "fr-0": "9", "zh-0": true, "x-0": 7}}')
    assert PeakRecord(tmp_path).peaks == {"x-0": 7}
    assert PeakRecord(None).get("en-0") is None  # no cache: nothing kept
    PeakRecord(None).save()


def test_pipelined_runs_write_the_sequential_bundle_and_record_their_peaks(
    trilingual, tmp_path, monkeypatch
):
    trilingual.write("posts/lianzhou-notes.en.md", POST_EN)
    output = trilingual.build()
    sequential = tmp_path / "sequential"
    shutil.copytree(output, sequential)
    shutil.rmtree(sequential / "pagefind")
    assert run_pagefind(sequential, SearchSettings.read({"SEARCH_INDEX_JOBS": 1})) is not None
    expected = _digests(sequential / "pagefind")
    # the default schedule, the copies in a forked child as python -m plugins.search
    # makes them, and every run forced to start at once (a large budget)
    for settings, apart in (({}, True), ({}, False), ({"SEARCH_INDEX_JOBS": 3}, True)):
        cache = tmp_path / f"cache-{len(settings)}-{apart}"
        shutil.rmtree(output / "pagefind")
        entry = run_pagefind(output, SearchSettings.read(settings), str(cache), apart=apart)
        assert entry is not None and sorted(entry["languages"]) == ["en", "fr", "zh-hans"]
        assert _digests(output / "pagefind") == expected
        # what ran in a child above this process's high-water mark is recorded (here
        # the copy child only: pytest's process is larger than these small runs)
        peaks = PeakRecord(cache / "search").peaks
        assert set(peaks) <= {"en-0", "fr-0", "zh-hans-0", "copies"}
        assert ("copies" in peaks) is apart
    # from a small process, as invoke build indexes: the Chinese run (the segmenter's
    # dictionary) peaks above it and is recorded, and read by the next indexing
    cache = tmp_path / "cache-main"
    shutil.rmtree(output / "pagefind")
    command = [sys.executable, "-m", "plugins.search", str(output), "--cache-path", str(cache)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)
    assert _digests(output / "pagefind") == expected
    peaks = PeakRecord(cache / "search").peaks
    assert peaks["zh-hans-0"] > 40 * MIB and peaks["copies"] > 0
    # the kept peaks order the next indexing: the largest last
    seen: list[str] = []
    real = processes_module.PagefindRun.__init__

    def started(self, job, *args):
        seen.append(job.name)
        real(self, job, *args)

    monkeypatch.setattr(processes_module.PagefindRun, "__init__", started)
    record = PeakRecord(cache / "search")
    record.peaks = {"en-0": 30 * MIB, "fr-0": 500 * MIB, "zh-hans-0": 20 * MIB}
    record.measured = dict(record.peaks)
    record.save()
    for entry in (cache / "search").iterdir():  # the shards again, not from the cache
        if entry.is_dir():
            shutil.rmtree(entry)
    run_pagefind(output, SearchSettings.read({"SEARCH_INDEX_JOBS": 1}), str(cache), apart=True)
    assert seen == ["zh-hans-0", "en-0", "fr-0"]
    assert _digests(output / "pagefind") == expected


def test_a_failed_run_or_the_timeout_writes_no_bundle(trilingual, tmp_path, monkeypatch):
    output = trilingual.build()
    before = _digests(output / "pagefind")
    for settings in ({"SEARCH_PAGEFIND_BINARY": "false"}, {"SEARCH_TIMEOUT": 1e-9}):
        for apart in (True, False):
            assert run_pagefind(output, SearchSettings.read(settings), apart=apart) is None
            assert _digests(output / "pagefind") == before
            assert not [p for p in output.iterdir() if p.name.startswith(".pagefind")]


def test_a_stopped_indexing_stops_its_runs(tmp_path):
    """invoke regenerate stops the indexing of an older build with SIGTERM: its Pagefind
    runs end with it (none keeps running, holding its memory) and it ends as terminated."""
    output = tmp_path / "out"
    (output / "en").mkdir(parents=True)
    (output / "en" / "index.html").write_text(
        '<html lang="en"><main data-pagefind-body><p>Lianzhou</p></main></html>'
    )
    started = tmp_path / "started"
    os.mkfifo(started)
    pagefind = tmp_path / "pagefind"  # tells its pid, then runs until it is killed
    pagefind.write_text(
        '#!/bin/sh\n[ "$1" = --version ] && exit 0\necho $$ > "$STARTED"\nexec sleep 600\n'
    )
    pagefind.chmod(0o755)
    settings = tmp_path / "settings.py"
    settings.write_text(f'PLUGINS = ["plugins.search"]\nSEARCH_PAGEFIND_BINARY = "{pagefind}"\n')
    command = [sys.executable, "-m", "plugins.search", str(output), "--settings", str(settings)]
    environ = {**os.environ, "STARTED": str(started)}
    indexer = subprocess.Popen(command, cwd=ROOT, env=environ, stderr=subprocess.DEVNULL)
    try:
        with open(started, encoding="ascii") as fifo:  # blocks until the run has started
            pid = int(fifo.read())
        indexer.terminate()
        assert indexer.wait(timeout=60) == -signal.SIGTERM
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        indexer.kill()
        indexer.wait()
