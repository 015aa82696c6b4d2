"""The benchmarks stay runnable: each starts as documented (a script in its folder) and
each module imports as another bench imports it. They are not run here (not timed tests)."""

from __future__ import annotations

import importlib
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
