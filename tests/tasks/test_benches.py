"""The benchmarks stay runnable: each starts as documented (a script in its folder) and
each module imports as another bench imports it. They are not run here (not timed tests);
the CPU clock they share is checked."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted(
    path for path in (ROOT / "bench").rglob("bench_*.py") if path.parent.name != "__pycache__"
)


def test_there_are_benches():
    assert {path.parent.name for path in BENCHES} >= {"build", "planet"}


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: str(path.relative_to(ROOT)))
def test_bench_starts_as_a_script(path):
    done = subprocess.run(
        [sys.executable, str(path), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: str(path.relative_to(ROOT)))
def test_bench_imports_as_a_module(path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    assert importlib.import_module(name).__doc__


# --- smoke runs: each bench end to end with tiny sizes and one run (figures, no verdict) ---

TINY_FRAB = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><version>1</version>
<conference><title>Tiny</title><start>2021-02-06</start><end>2021-02-06</end></conference>
<day index="1" date="2021-02-06"><room name="Janson">
<event guid="0f6a1c1e-0000-4000-8000-000000000001" id="1">
<date>2021-02-06T10:00:00+01:00</date><start>10:00</start><duration>00:30</duration>
<room>Janson</room><slug>one</slug><title>One</title><type>lecture</type>
<language>en</language><abstract>The first talk.</abstract>
<persons><person id="1">Ann Example</person></persons></event>
<event guid="0f6a1c1e-0000-4000-8000-000000000002" id="2">
<date>2021-02-06T11:00:00+01:00</date><start>11:00</start><duration>00:30</duration>
<room>Janson</room><slug>two</slug><title>Two</title><type>lecture</type>
<language>en</language><abstract>The second talk.</abstract>
<persons><person id="2">Bo Example</person></persons></event>
</room></day></schedule>
"""


def _hugo_installed() -> bool:
    sys.path.insert(0, str(ROOT / "bench" / "build"))
    try:
        import hugo_site
    finally:
        sys.path.remove(str(ROOT / "bench" / "build"))
    return hugo_site.binary() is not None


def _smoke(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.mark.slow
def test_bench_build_smoke_run_reports_cpu_and_wall_and_hugo_or_a_note():
    out = _smoke("build/bench_build.py", "--posts", "2", "--repeat", "1")
    assert "| wall best / median (s) | CPU best / median (s) |" in out
    for row in ("plain Pelican", "ours, full build", "rebuild after editing one post"):
        assert f"| {row} | 1 |" in out
    for row in ("plain Pelican", "ours, full build"):  # the random-character site too
        assert f"| {row}, Chinese of random characters | 1 |" in out
    assert "Peak memory, ours, full build: " in out
    staged = "ours, full build, search indexed after Pelican (invoke build)"
    assert f"| {staged} | 1 |" in out and f"Peak memory of the whole process tree, {staged}" in out
    files = {row.split(" | ")[0]: row.split(" | ")[2] for row in out.splitlines() if " | " in row}
    assert files[f"| {staged}"] == files["| ours, full build"]  # the same site, indexed
    assert "Peak memory, ours, full build, Chinese of random characters: " in out
    assert "no verdict: 1 run(s), at least 3 needed" in out
    if _hugo_installed():
        assert "| Hugo (reference) | 1 |" in out
    else:
        assert "Hugo is not installed" in out


@pytest.mark.slow
def test_bench_schedule_smoke_run(tmp_path):
    source = tmp_path / "tiny.xml"
    source.write_text(TINY_FRAB, encoding="utf-8")
    out = _smoke("build/bench_schedule.py", "--source", str(source), "--repeat", "1")
    assert "| ours, full build | 1 |" in out
    assert "| rebuild after editing one session | 1 |" in out


@pytest.mark.slow
def test_bench_live_smoke_run_builds_in_the_warm_process(tmp_path):
    source = tmp_path / "tiny.xml"
    source.write_text(TINY_FRAB, encoding="utf-8")
    args = ["--source", str(source), "--repeat", "1", "--no-search"]
    out = _smoke("build/bench_live.py", *args, "--keep", str(tmp_path / "work"))
    assert "builds in forks of a warm process" in out
    for row in ("nothing new", "one session edited", "one person edited", "one post edited"):
        assert f"| live round, {row} |" in out, out
    cells = next(line for line in out.splitlines() if "one session edited" in line).split("|")
    assert int(cells[2]) > 0  # the edit was built: files rewritten


@pytest.mark.slow
def test_bench_dev_smoke_run_measures_save_to_page():
    out = _smoke("build/bench_dev.py", "--posts", "2", "--repeat", "1")
    assert "| invoke dev: save -> edited page | 1 |" in out
    assert "| invoke dev: save -> consistent site | 1 |" in out
    if _hugo_installed():
        assert "| hugo server: save -> edited page | 1 |" in out
    else:
        assert "Hugo is not installed" in out


@pytest.mark.slow
def test_bench_planet_build_smoke_run():
    args = ["--feeds", "2", "--entries", "4", "--site-posts", "1", "--plain-posts", "2"]
    out = _smoke("planet/bench_planet_build.py", *args, "--repeat", "1")
    assert "| ours, planet of 4 per feed | 8 |" in out
    assert "goal: no verdict from 1 run(s)" in out


@pytest.mark.slow
def test_bench_big_feed_smoke_run():
    out = _smoke("planet/bench_big_feed.py", "--entries", "20", "--languages", "2", "--repeat", "1")
    for row in ("sample", "big feed", "all kept"):
        assert f"| {row} | 1 |" in out


@pytest.mark.slow
def test_bench_fetch_smoke_run():
    args = ["--feeds", "4", "--latency", "0.01", "--hosts", "2", "--repeat", "1"]
    out = _smoke("planet/bench_fetch.py", *args, "--concurrency", "--max-age", "0")
    assert "ours, cold, default" in out and "CPU best / median" in out


def test_tree_cpu_of_this_process_counts_threads_that_ended(monkeypatch):
    """A pool's threads (the fetch's store writers) end before the measured call returns:
    their CPU time still counts (``/proc/<pid>/task`` lists live threads only)."""
    import threading
    import time

    monkeypatch.syspath_prepend(str(ROOT))
    from bench.measure import tree_cpu

    used: list[float] = []

    def burn() -> None:
        while time.thread_time() < 0.2:  # CPU time of this thread, not wall time
            sum(range(1000))
        used.append(time.thread_time())

    before = tree_cpu(os.getpid())
    worker = threading.Thread(target=burn)
    worker.start()
    worker.join()
    assert tree_cpu(os.getpid()) - before >= used[0] * 0.9


_THREAD_THEN_WAIT = """
import sys, threading, time
def burn():
    while time.thread_time() < 0.3:  # CPU time of this thread, not wall time
        sum(range(1000))
worker = threading.Thread(target=burn)
worker.start()
worker.join()
print("ended", flush=True)
sys.stdin.read()
"""


def test_tree_cpu_of_another_process_counts_its_threads_that_ended(monkeypatch):
    """A dev server's thread that ended between two readings: its CPU time stays counted
    (``task/`` lists live threads only; the round's CPU came out negative)."""
    import subprocess
    import sys

    monkeypatch.syspath_prepend(str(ROOT))
    from bench.measure import tree_cpu

    child = subprocess.Popen(
        [sys.executable, "-c", _THREAD_THEN_WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ended"
        assert tree_cpu(child.pid) >= 0.3 * 0.9
    finally:
        child.communicate("")


_HOLDER = """
import subprocess, sys
data = bytearray(int(sys.argv[1]) * 2**20)  # written: resident
for i in range(0, len(data), 4096):
    data[i] = 1
if len(sys.argv) > 2:  # and a child holding as much, started before saying ready
    child = subprocess.Popen([sys.executable, "-c", sys.argv[2], sys.argv[1]],
                             stdout=subprocess.PIPE, stdin=subprocess.PIPE)
    child.stdout.readline()
print("ready", flush=True)
sys.stdin.readline()
"""


def test_tree_memory_sums_a_parent_and_its_child(monkeypatch):
    """``ru_maxrss`` is the largest single process; a build's parent is alive while its
    child (Pagefind) runs, so the bench also samples the sum over the process tree."""
    monkeypatch.syspath_prepend(str(ROOT))
    from bench.measure import TreeSampler, tree_memory, tree_pids, tree_rss

    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, "60", _HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        rss, pss = tree_memory(holder.pid)
        assert rss >= 120 * 2**20 and pss >= 120 * 2**20  # both processes' 60 MiB
        alone, _ = tree_memory(os.getpid())  # this process and its child, the holder...
        assert alone >= rss
        # the cheap reading the sampler takes between two of PSS: the same RSS
        assert abs(tree_rss(holder.pid) - rss) < 8 * 2**20
        assert len(tree_pids(holder.pid)) == 2 and tree_pids(holder.pid)[0] == holder.pid
        with TreeSampler(holder.pid) as sampler:
            sampler.sample()  # one reading at least, whatever the thread's timing
            sampler.sample(pss=False)
        assert sampler.peak_rss >= 120 * 2**20 and sampler.peak_pss >= 120 * 2**20
        assert 0 <= sampler.cpu < 5  # its own CPU time, which the benches print
    finally:
        holder.communicate("\n")
    assert tree_memory(holder.pid) == (0, 0) and tree_rss(holder.pid) == 0  # gone
