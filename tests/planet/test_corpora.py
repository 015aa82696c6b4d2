"""Real-world inputs: feedparser's test corpus and 200 real feeds go through
parse → sanitize → store → render without an exception, and stay script-free."""

from __future__ import annotations

import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from .pipeline import run_pipeline, vectors

_HEADER = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.+?)\s*$", re.M)


def check_file(path: str) -> str | None:
    """Run one file through the whole pipeline; a problem as text, or None."""
    body = Path(path).read_bytes()
    headers = {
        name.decode().lower(): value.decode("latin-1")
        for name, value in _HEADER.findall(body[:1000])
    }
    try:
        result = run_pipeline(body, headers)
    except Exception as exc:  # the point of the test: report which file and why
        return f"{Path(path).name}: {type(exc).__name__}: {exc}"
    if result is not None and (found := vectors(result[0])):
        return f"{Path(path).name}: unsafe output {found[:3]}"
    return None


@pytest.mark.parametrize("group", ["wellformed", "illformed", "encoding", "entities"])
def test_feedparser_corpus(corpora, group):
    files = sorted(str(p) for p in (corpora / "feedparser" / group).rglob("*.xml"))
    assert files, f"no files in {group}"
    problems = [problem for path in files if (problem := check_file(path))]
    assert problems == []


@pytest.mark.slow
def test_real_feeds(corpora):
    files = sorted(
        str(p)
        for p in (corpora / "real-feeds").iterdir()
        if p.is_file() and not p.name.startswith("LICENSE")
    )
    assert len(files) >= 200
    # Parsing 44 MB is CPU-bound: use both cores, as the fetch does.
    with ProcessPoolExecutor(max_workers=2) as pool:
        problems = [p for p in pool.map(check_file, files, chunksize=4) if p]
    assert problems == []
