"""Run Pelican builds in subprocesses and measure them: wall clock, CPU and peak memory.

Shared by the build benchmarks (``bench_build.py``, ``bench_schedule.py``), on top of
``bench/measure.py`` (the helper every bench uses: best and median of CPU and wall). Each build runs
in a fresh ``python -m pelican`` process, reaped with ``os.wait4`` so the kernel reports
that process's CPU time and peak resident memory, its own children (Pagefind) included.
CPU time is printed beside wall time because this machine is shared: on a loaded machine
wall time grows with the load, CPU time much less.
"""

from __future__ import annotations

import json
import shlex
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure as _measure  # noqa: E402
from bench.measure import MIN_RUNS, machine, verdict  # noqa: E402

#: One row of a table: repeated measurements of one kind of build (bench/measure.py).
Runs = _measure.Measurement


def pelican(
    settings: Path, output: Path, extra: list[str], runs: Runs, *, clean: bool = True
) -> None:
    """Build once with ``settings`` into ``output`` and add the measurement to ``runs``."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        "-s",
        str(settings),
        "-o",
        str(output),
        "-q",
        *(["--delete-output-directory"] if clean else []),
        *extra,
    ]
    measure(command, runs)
    runs.files = sum(1 for p in output.rglob("*") if p.is_file())


def pelican_then_index(
    settings: Path, output: Path, extra: list[str], cache: Path, runs: Runs
) -> None:
    """What ``invoke build`` does, measured as one command: Pelican into an emptied
    ``output`` (``extra`` must defer the search index: :func:`ours_args` with
    ``defer_index``; a second ``-e`` would replace the first), then ``python -m
    plugins.search`` once Pelican's process has ended (its shards kept in ``cache``)."""
    build = [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), "-q"]
    build += ["--delete-output-directory", *extra]
    index = [sys.executable, "-m", "plugins.search", str(output), "--settings", str(settings)]
    index += ["--cache-path", str(cache)]
    measure(["sh", "-c", f"{shlex.join(build)} && {shlex.join(index)}"], runs)
    runs.files = sum(1 for p in output.rglob("*") if p.is_file())


def measure(command: list[str], runs: Runs) -> None:
    """Run ``command`` once from the project root; record wall, CPU and peak memory."""
    _measure.run(command, 1, cwd=ROOT, into=runs)


def measure_runs(command: list[str], runs: Runs, repeat: int) -> None:
    """Run ``command`` ``repeat`` times into ``runs``."""
    _measure.run(command, repeat, cwd=ROOT, into=runs)


def settings_args(**values: object) -> list[str]:
    """``-e KEY=JSON …`` for Pelican's command line."""
    return ["-e", *(f"{key}={json.dumps(value)}" for key, value in values.items())]


def plain_settings(
    path: Path, content: Path, *, name: str, timezone: str, language: str, pages: bool
) -> Path:
    """Write plain Pelican's settings for ``content`` (articles in ``posts/``, and pages in
    ``pages/`` when ``pages``): no plugins, the default theme, the same file-name language
    rule as ours, an Atom feed. Returns ``path``."""
    lines = [
        f"PATH = {str(content)!r}",
        f"SITENAME = {name!r}",
        "SITEURL = ''",
        "RELATIVE_URLS = True",
        f"TIMEZONE = {timezone!r}",
        f"DEFAULT_LANG = {language!r}",
        "ARTICLE_PATHS = ['posts']",
        *(["PAGE_PATHS = ['pages']"] if pages else []),
        "READERS = {'rst': None}",
        "FILENAME_METADATA = r'(?P<slug>[^.]+)(?:\\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*))?'",
        "FEED_DOMAIN = 'https://bench.example.org'",
        "FEED_ALL_ATOM = 'feeds/all.atom.xml'",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def ours_args(
    root: Path, content: Path, cache: Path, *, cached: bool, defer_index: bool = False
) -> list[str]:
    """Pelican arguments of our build of a generated site (``root/theme`` is a copy of the
    theme, so a benchmark can edit a template): the caches on or off, Pagefind deferred or
    not. The site's name, languages and time zone come from its ``conference.yaml``."""
    return [
        "--fatal",
        "warnings",
        *settings_args(
            PATH=str(content),
            THEME=str(root / "theme"),
            CACHE_PATH=str(cache),
            CACHE_CONTENT=cached,
            LOAD_CONTENT_CACHE=cached,
            RENDER_CACHE=cached,
            SEARCH_DEFER_INDEX=defer_index,
        ),
    ]


def rebuilds(
    root: Path,
    content: Path,
    edits: dict[str, Callable[[int], None]],
    repeat: int,
    files: int,
) -> list[Runs]:
    """What ``invoke regenerate`` does after an edit, timed: a warm build (caches on,
    Pagefind deferred), then for each of ``edits`` (name -> ``edit(round)``) ``repeat``
    rebuilds into the kept output after that edit; last, the Pagefind run that follows
    a rebuild after editing one post (with the build's cache, as ``invoke regenerate``
    runs it; the site indexed once before, untimed)."""
    conf, out, cache = ROOT / "pelicanconf.py", root / "out-inc", root / "cache-inc"
    args = ours_args(root, content, cache, cached=True, defer_index=True)
    pelican(conf, out, args, Runs("warm-up"))
    rows = []
    for what, edit in edits.items():
        runs = Runs(f"rebuild after editing one {what}")
        for number in range(repeat):
            edit(number)
            pelican(conf, out, args, runs, clean=False)
        rows.append(runs)
    command = [sys.executable, "-m", "plugins.search", str(out), "--settings", str(conf)]
    command += ["--cache-path", str(cache)]
    measure(command, Runs("index everything once"))
    index = Runs("Pagefind after a rebuild (one post edited; off the critical path)")
    for number in range(repeat):
        if "post" in edits:
            edits["post"](repeat + number)
            pelican(conf, out, args, Runs("rebuild"), clean=False)
        measure(command, index)
    index.files = files
    return [*rows, index]


def table(
    rows: list[Runs],
    base: Runs,
    goal_rows: dict[str, float] | None = None,
    against: dict[str, Runs] | None = None,
) -> list[str]:
    """A Markdown table of ``rows``: wall and CPU time as best / median of the runs, peak
    memory, ratios of medians (CPU also of bests) to ``base`` (or ``against[name]``), and
    the goals, judged on CPU (:func:`bench.measure.verdict`). Peak memory twice: the
    largest single process (the kernel's), and the largest sum over the process tree at one
    moment (sampled; RSS, and PSS with shared pages split)."""
    lines = [
        "| build | runs | files | wall best / median (s) | CPU best / median (s) | "
        "peak RSS (MiB) | tree peak RSS / PSS (MiB) | wall ratio | CPU ratio (best) | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for runs in rows:
        ref = (against or {}).get(runs.name, base)
        goal = (goal_rows or {}).get(runs.name)
        verdict_text = ""
        if goal is not None:
            verdict_text = f"CPU ≤ {goal:.2f}x of {ref.name}: {verdict(runs, ref, goal)}"
        lines.append(
            f"| {runs.name} | {runs.runs} | {runs.files} | "
            f"{runs.best_wall:.2f} / {runs.median_wall:.2f} | "
            f"{runs.best_cpu:.2f} / {runs.median_cpu:.2f} | {runs.peak_mib:.0f} | "
            f"{runs.peak_tree_mib:.0f} / {runs.peak_tree_pss_mib:.0f} | "
            f"{runs.median_wall / ref.median_wall:.2f}x | "
            f"{runs.median_cpu / ref.median_cpu:.2f}x ({runs.best_cpu / ref.best_cpu:.2f}x) | "
            f"{verdict_text} |"
        )
    sampling = [cpu for runs in rows for cpu in runs.sampler_cpu]
    if sampling:  # on the same cores as the builds: it can only stretch their wall time
        lines.append(
            f"Memory sampling (tree peaks) used {statistics.median(sampling):.2f} s of CPU "
            f"per run (median; {max(sampling):.2f} s at most), outside the CPU column."
        )
    return lines


def met(runs: Runs, ref: Runs, goal: float) -> bool:
    """Whether ``runs`` costs at most ``goal`` times ``ref``, in median CPU time: on this
    shared machine wall time follows the other sessions' load, CPU time what the build
    does."""
    return _measure.met(runs, ref, goal)


__all__ = [
    "MIN_RUNS",
    "ROOT",
    "Runs",
    "machine",
    "measure",
    "measure_runs",
    "met",
    "pelican",
    "pelican_then_index",
    "table",
]
