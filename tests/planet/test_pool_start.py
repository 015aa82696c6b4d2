"""The parser processes import the parser, not Pelican."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from plugins.planet.settings import PlanetSettings
from plugins.planet.workers import parse_pool

from .conftest import SIMPLE

ROOT = Path(__file__).resolve().parents[2]


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
