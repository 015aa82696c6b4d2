"""When a fetch starts its parser processes: only for enough bodies to parse, and the
processes import the parser, not Pelican."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plugins.planet import fetch as fetch_module
from plugins.planet.fetch import run_fetch
from plugins.planet.parse import parse_feed
from plugins.planet.settings import PlanetSettings
from plugins.planet.sources import FeedSource
from plugins.planet.workers import parse_pool

from .conftest import SIMPLE, rss

ROOT = Path(__file__).resolve().parents[2]

CHANGED = rss("Blog", [("b1", "Newer post", "Mon, 16 Nov 2009 10:00:00 +0800")])


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The number of feeds of each parser pool the fetch starts; the pool is replaced by
    the threads (what a failed start falls back to), so the tests count starts only."""
    started: list[int] = []

    def no_pool(cfg, feeds):
        started.append(feeds)

    monkeypatch.setattr(fetch_module, "parse_pool", no_pool)
    return started


@pytest.fixture
def pooled(settings) -> dict:
    return {**settings, "PLANET_PARSE_WORKERS": 2, "PLANET_PARSE_POOL_MIN_FEEDS": 3}


def fetch(tmp_path, settings, urls):
    return run_fetch(tmp_path, settings, sources=[FeedSource(k, v) for k, v in urls.items()])


def test_a_cold_run_with_enough_bodies_starts_one_pool(tmp_path, pooled, server, pools):
    urls = {f"f{i}": server.add(f"/{i}.xml") for i in range(4)}
    summary = fetch(tmp_path, pooled, urls)
    assert summary.fetched == 4
    assert pools == [4]


def test_by_default_a_run_of_a_hundred_bodies_parses_in_threads(tmp_path, settings, server, pools):
    """The pool's start (a fork server importing the parser: about 0.2 s of CPU) is not
    won back by a run this size on two cores (docs/benchmarks.md, issue 27)."""
    assert PlanetSettings.read({}).parse_pool_min_feeds == 200
    urls = {f"f{i}": server.add(f"/{i}.xml") for i in range(100)}
    summary = fetch(tmp_path, {**settings, "PLANET_PARSE_WORKERS": 2}, urls)
    assert summary.fetched == 100
    assert pools == []


def test_fewer_bodies_than_the_threshold_parse_in_threads(tmp_path, pooled, server, pools):
    urls = {f"f{i}": server.add(f"/{i}.xml") for i in range(2)}
    summary = fetch(tmp_path, pooled, urls)
    assert summary.fetched == 2 and summary.new_entries == 4
    assert pools == []


def test_without_the_pool_bodies_are_parsed_in_one_thread(
    tmp_path, pooled, server, pools, monkeypatch
):
    """Parsing holds the GIL: more than one parser thread only takes it from the others
    and from the downloads."""
    import threading

    threads = set()

    def recording(job):
        threads.add(threading.current_thread().name)
        return parse_feed(job)

    monkeypatch.setattr(fetch_module, "parse_feed", recording)
    urls = {f"f{i}": server.add(f"/{i}.xml") for i in range(8)}
    summary = fetch(tmp_path, {**pooled, "PLANET_PARSE_POOL_MIN_FEEDS": 100}, urls)
    assert summary.fetched == 8 and pools == []
    assert len(threads) == 1 and threads.pop().startswith("planet-parse")


def test_all_304_and_failing_again_starts_no_pool(tmp_path, pooled, server, pools):
    urls = {f"f{i}": server.add(f"/{i}.xml", etag=f'"v{i}"') for i in range(3)}
    urls["broken"] = server.add("/broken.xml", status=500)
    first = fetch(tmp_path, pooled, urls)
    assert first.fetched == 3 and len(first.failed) == 1
    assert pools == [4]  # four bodies were certain: no validators, no failure before
    second = fetch(tmp_path, pooled, urls)
    assert second.not_modified == 3 and len(second.failed) == 1
    # The feed without validators failed last time: its answer is no certain body.
    assert pools == [4]


def test_bodies_that_come_unannounced_are_counted(tmp_path, pooled, server, pools):
    urls = {f"f{i}": server.add(f"/{i}.xml", etag=f'"v{i}"') for i in range(4)}
    fetch(tmp_path, pooled, urls)
    for i in range(2):  # two feeds change: below the threshold, parsed in threads
        server.add(f"/{i}.xml", etag=f'"w{i}"', body=CHANGED)
    assert fetch(tmp_path, pooled, urls).fetched == 2
    assert pools == [4]
    for i in range(4):  # four change: the third body starts the pool
        server.add(f"/{i}.xml", etag=f'"x{i}"', body=SIMPLE if i % 2 else CHANGED)
    assert fetch(tmp_path, pooled, urls).fetched == 4
    assert pools == [4, 4]


def test_parser_processes_do_not_import_pelican():
    # Pelican is a fifth of a parser process's start; the parser never needs it. A fresh
    # interpreter: this test process has imported Pelican through other tests.
    script = (
        "import sys\n"
        "from plugins.planet.settings import PlanetSettings\n"
        "from plugins.planet.workers import parse_pool\n"
        "pool = parse_pool(PlanetSettings.read({'PLANET_PARSE_WORKERS': 2}), 2)\n"
        "print(pool.submit(eval, \"'pelican' in __import__('sys').modules\").result(),\n"
        "      'pelican' in sys.modules)\n"
        "pool.shutdown()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_the_pool_parses(tmp_path):
    """The real pool (not replaced) parses a feed in a worker process."""
    from plugins.planet.parse import ParseJob, parse_feed

    pool = parse_pool(PlanetSettings.read({"PLANET_PARSE_WORKERS": 2}), 2)
    assert pool is not None
    try:
        job = ParseJob(body=SIMPLE, headers={"content-type": "application/rss+xml"})
        assert len(pool.submit(parse_feed, job).result()["entries"]) == 2
    finally:
        pool.shutdown()
