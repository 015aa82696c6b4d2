"""Posts and pages written by two processes (plugins/core/parallel.py): the same output."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.core import parallel
from tests.core.test_devserver import SETTINGS

ROOT = Path(__file__).resolve().parents[2]

#: Runs Pelican's command line as ``pelican`` does, with a worker for any site size, and
#: writes ``answered`` to the file named by $PARALLEL_MARK when the worker's answer was
#: taken (``crash``: the worker dies at once, so the build writes its share itself).
_RUNNER = """
import os, sys
sys.path.insert(0, os.getcwd())
from plugins.core import parallel
parallel.MIN_PAGES = 0
mark = os.environ["PARALLEL_MARK"]
merge = parallel.merge
def merged(answer, writer):
    open(mark, "a").write("answered\\n")
    merge(answer, writer)
parallel.merge = merged
if os.environ.get("PARALLEL_CRASH"):
    parallel._work = lambda *args: os._exit(3)
import pelican
pelican.main(sys.argv[1:])
"""


def _digests(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def _build(tmp: Path, name: str, content: Path | None, *, on: bool, crash: bool = False):
    """Build with ``pelicanconf.py`` (``content``: another site's folder) from the command
    line, ``--fatal warnings``; returns the output folder and whether the worker answered."""
    # one output and cache folder for every build (both are in the render cache's keys),
    # moved to ``name`` and ``name-cache`` after it
    output, cache, mark = tmp / "output", tmp / "cache", tmp / f"{name}.mark"
    values = {"PARALLEL_WRITE": on, "CACHE_PATH": str(cache)}
    if content is not None:
        values["PATH"] = str(content)
    command = [sys.executable, "-c", _RUNNER, "-s", "pelicanconf.py", "-o", str(output)]
    command += ["-q", "--fatal", "warnings", "-e"]
    command += [f"{key}={json.dumps(value)}" for key, value in values.items()]
    environ = {**os.environ, "PARALLEL_MARK": str(mark), "PARALLEL_CRASH": "1" if crash else ""}
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    output.rename(tmp / name)
    cache.rename(tmp / f"{name}-cache")
    return tmp / name, mark.is_file()


needs_fork = pytest.mark.skipif(
    not parallel.enabled({}), reason="needs fork and two cores (else one process writes)"
)


def test_the_shares_of_the_two_processes_are_disjoint_and_cover_every_write():
    worker, build = parallel.Share(worker=True), parallel.Share(worker=False)
    ranks = [(worker.mine(), build.mine()) for _ in range(1000)]
    assert all(a != b for a, b in ranks)
    assert sum(a for a, _ in ranks) == 1000 * parallel.WORKER_SHARE


@needs_fork
def test_the_sample_site_is_the_same_written_by_one_process_or_two(tmp_path):
    one, answered_one = _build(tmp_path, "one", None, on=False)
    two, answered_two = _build(tmp_path, "two", None, on=True)
    assert not answered_one and answered_two
    assert _digests(two) == _digests(one)
    # the render cache knows the pages the worker rendered: the next build keeps them
    caches = [_render_cache(tmp_path / f"{name}-cache") for name in ("one", "two")]
    assert caches[0]["keys"] and caches[1]["keys"] == caches[0]["keys"]
    assert caches[1]["outputs"] == caches[0]["outputs"]


def _render_cache(folder: Path) -> dict:
    (path,) = folder.glob("render-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@needs_fork
def test_a_generated_site_is_the_same_also_when_the_worker_dies(tmp_path):
    # the bench's generator (bench/build/bench_build.py), as bench/planet imports it
    bench_build = importlib.import_module("bench.build.bench_build")
    content = bench_build.generate(tmp_path / "site", 100)
    one, _ = _build(tmp_path, "one", content, on=False)
    two, answered = _build(tmp_path, "two", content, on=True)
    crashed, answered_crashed = _build(tmp_path, "crashed", content, on=True, crash=True)
    assert answered and not answered_crashed
    expected = _digests(one)
    assert len(expected) > 300
    assert _digests(two) == expected
    assert _digests(crashed) == expected


@needs_fork
def test_a_build_with_a_worker_reports_the_problems_one_process_reports(site, tmp_path):
    """In a fresh interpreter, as the other builds here: in the test process a thread
    another test left may be alive, and then the build rightly writes in one process."""
    for name in ("report.zh-Hans.md", "report.en.md"):
        text = site.path(f"posts/{name}").read_text(encoding="utf-8")
        site.write(f"posts/{name}", text + "\n[gone]({filename}/posts/gone.md)\n")
    settings = tmp_path / "conf.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(site.content), cache=str(tmp_path / "c")),
        encoding="utf-8",
    )
    reported, answered = {}, {}
    for on in (False, True):
        mark = tmp_path / f"{on}.mark"
        command = [
            sys.executable,
            "-c",
            _RUNNER,
            "-s",
            str(settings),
            "-o",
            str(tmp_path / f"{on}"),
        ]
        command += [
            "-e",
            f"PARALLEL_WRITE={json.dumps(on)}",
            f'CACHE_PATH="{tmp_path / f"{on}-c"}"',
        ]
        command += ["RENDER_CACHE=false", "SEARCH_ENABLED=false"]
        environ = {**os.environ, "PARALLEL_MARK": str(mark), "PARALLEL_CRASH": ""}
        done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True)
        assert done.returncode != 0, done.stderr[-3000:]
        reported[on] = sorted(line for line in done.stderr.splitlines() if "gone.md" in line)
        answered[on] = mark.is_file()
    assert answered == {False: False, True: True}
    assert reported[False], "the broken link was not reported"
    assert reported[True] == reported[False]
