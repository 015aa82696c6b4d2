"""Benchmark: ``invoke live --publish`` rounds on a FOSDEM-size edition, against a full build.

Imports ``fosdem_2021.xml`` into a scratch project as ``bench_schedule.py`` does (772
sessions, a third translated into zh-Hans and fr, 684 people, three language trees) and
adds a few posts by its speakers, with settings files of its own (``liveconf.py``, and
``publishconf.py`` as the project's: absolute URLs). Then it measures:

- ``full build``: Pelican with the publishing settings from an empty output and cache, in
  a fresh subprocess (as ``invoke publish`` builds);
- live rounds as ``invoke live --publish --dest DIR`` runs them (``one_round`` of
  :mod:`plugins.wall.live`, in this process, with the loop's warm build process, or a
  fresh interpreter per build with ``--fresh``; its CPU time includes the build's
  process, Pagefind and rsync), after two rounds that build everything (the second
  because the first publication recorded the schedule's snapshots, an input of pages):
  with nothing new; after editing one session; one person; one post; after a new post
  on the edition's wall (a hashtag stream whose store file holds 300 posts: the round
  writes one more into it, as a fetch of the stream does). Each round publishes with
  rsync to a local folder.

Each is run ``--repeat`` times (3 by default): the table has the best and the median wall
and CPU times, the files the round rewrote in the output folder and the files rsync sent,
and the ratio of the median CPU time to the full build's. Goals: nothing new ≤ 0.1x with
no file rewritten; an edit ≤ 0.2x, sending only the files that changed.
Usage: ``python bench/build/bench_live.py [--repeat 3] [--keep DIR]``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_schedule
import runner

from bench.measure import cpu_now, tree_cpu

LIVECONF = """\
import sys

sys.path.insert(0, {repo!r})
from pelicanconf import *  # noqa: E402, F403
from plugins.core.siteconfig import site_settings  # noqa: E402

PATH = {content!r}
THEME = {theme!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
globals().update(site_settings(globals()))
"""
#: the project's publishconf.py, on the scratch project's settings
PUBLISHCONF = """\
import sys

sys.path.insert(0, {root!r})
from liveconf import *  # noqa: E402, F403

SITEURL = FEED_DOMAIN  # noqa: F405
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
RENDER_CACHE = False
"""
POST = """\
Title: Notes from {room}, round {number}
Date: 2021-02-07 {hour:02d}:00
Authors: {author}
Edition: {edition}

What we saw in {room}.
"""


@dataclass
class Row(runner.Runs):
    """Repeated measurements of one kind of round (:class:`bench.measure.Measurement`),
    with the files each round rewrote and sent."""

    rewritten: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)


def setup(root: Path, source: Path, search: bool = True) -> tuple[Path, Path, Path]:
    """The scratch project: content, theme, settings; returns (content, live, publish)."""
    content = bench_schedule.generate(root, source)
    shutil.copytree(runner.ROOT / "themes" / "ruyi", root / "theme")
    people = sorted(p.stem for p in (content / "people").glob("*.yaml"))
    (content / "posts").mkdir()
    for number in range(30):
        (content / "posts" / f"notes-{number}.en.md").write_text(
            POST.format(
                room=f"room {number}",
                number=0,
                hour=number % 24,
                author=people[number * 7 % len(people)],
                edition=bench_schedule.EDITION,
            ),
            encoding="utf-8",
        )
    live = root / "liveconf.py"
    live.write_text(
        LIVECONF.format(
            repo=str(runner.ROOT),
            content=str(content),
            theme=str(root / "theme"),
            output=str(root / "output"),
            cache=str(root / "cache"),
        ),
        encoding="utf-8",
    )
    if not search:
        with live.open("a", encoding="utf-8") as settings:
            settings.write("SEARCH_ENABLED = False\n")
    publish = root / "publishconf.py"
    publish.write_text(PUBLISHCONF.format(root=str(root)), encoding="utf-8")
    add_stream(root, content)
    return content, live, publish


STREAM = """
streams:
  - id: fosdem-tag
    kind: hashtag
    url: https://social.example.org/tags/fosdem
    title: {en: "#fosdem"}
"""
#: the wall's posts in the store before the first round
WALL_POSTS = 300


def _wall_post(number: int) -> dict:
    """A stored post of the wall's stream (as ``invoke fetch`` stores one)."""
    link = f"https://social.example.org/@attendee{number % 40}/{1000 + number}"
    date = f"2021-02-06T{8 + number // 60 % 12:02d}:{number % 60:02d}:00Z"
    return {
        "author": None,
        "content": f"<p>Talk {number} was great. #fosdem</p>",
        "date": date,
        "first_seen": date,
        "handle": f"@attendee{number % 40}@social.example.org",
        "id": link,
        "lang": "en",
        "link": link,
        "published": date,
        "title": "",
        "updated": None,
    }


def _stream_path(root: Path) -> Path:
    return root / "data" / "planet" / f"stream.{bench_schedule.EDITION}.fosdem-tag.json"


def add_stream(root: Path, content: Path) -> None:
    """The edition's wall: a hashtag stream and its store file of :data:`WALL_POSTS`."""
    edition = content / "editions" / bench_schedule.EDITION / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + STREAM, encoding="utf-8")
    record = {
        "added": "2021-02-06T07:00:00Z",
        "author": None,
        "entries": [_wall_post(n) for n in reversed(range(WALL_POSTS))],
        "format": 1,
        "id": f"stream.{bench_schedule.EDITION}.fosdem-tag",
        "language": None,
        "link": "https://social.example.org/tags/fosdem",
        "self_url": None,
        "title": "#fosdem",
        "url": "https://social.example.org/tags/fosdem",
    }
    _stream_path(root).parent.mkdir(parents=True, exist_ok=True)
    _stream_path(root).write_text(json.dumps(record, indent=1), encoding="utf-8")


def new_wall_post(root: Path, number: int) -> None:
    """One more post on the wall's stream, newest first (as a fetch stores it)."""
    path = _stream_path(root)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entries"].insert(0, _wall_post(WALL_POSTS + number))
    path.write_text(json.dumps(record, indent=1), encoding="utf-8")


def edit_post(content: Path, number: int) -> None:
    """Edit one post (another line each round)."""
    path = content / "posts" / "notes-15.en.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nAdded, round {number}.\n", "utf-8")


def full_builds(root: Path, publish: Path, repeat: int) -> runner.Runs:
    """The publishing build from scratch, ``repeat`` times."""
    runs = runner.Runs("full build (publishing settings, from scratch)")
    for number in range(repeat):
        cache = root / f"cache-full-{number}"
        args = runner.settings_args(
            CACHE_PATH=str(cache), CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False
        )
        runner.pelican(publish, root / "out-full", ["--fatal", "warnings", *args], runs)
        shutil.rmtree(cache, ignore_errors=True)
    return runs


def timed_round(
    row: Row, number: int, root: Path, live: Path, publish: Path, warm: Any = None
) -> str:
    """One ``live --publish`` round, measured into ``row``; returns its status line.
    ``warm``: the loop's warm build process (:class:`plugins.wall.live.WarmBuilds`), whose
    CPU (its forks', reaped by it) counts too; None: a fresh interpreter per build."""
    from plugins.core.siteconfig import read_settings_file
    from plugins.wall.live import _output_path, one_round

    settings = read_settings_file(live)
    output = _output_path(root, publish)
    dest = f"{root / 'www'}/"
    before = _warm_cpu(warm)
    cpu, wall = cpu_now(), time.perf_counter()
    line = one_round(number, root, settings, [], live, output, publish, dest, warm)
    seconds = time.perf_counter() - wall
    row.add(seconds, cpu_now() - cpu + _warm_cpu(warm) - before)
    if "build failed" in line or "rsync failed" in line:
        raise SystemExit(f"round failed: {line}")
    changed = re.search(r"([\d,]+) files? changed, ([\d,]+) removed", line)
    sent = re.search(r"([\d,]+) files? sent", line)
    row.rewritten.append(sum(int(g.replace(",", "")) for g in changed.groups()))
    row.sent.append(int(sent.group(1).replace(",", "")) if sent else 0)
    return line


def _warm_cpu(warm: Any) -> float:
    """CPU seconds of the warm build process and its forks so far (0 without one). A
    process started again during a round (its code changed) loses its predecessor's
    count: the bench's rounds change no code."""
    pid = getattr(warm, "pid", None)
    if pid is None:
        return 0.0
    try:
        return tree_cpu(pid)
    except OSError:
        return 0.0


def table(full: runner.Runs, rows: list[Row], goals: dict[str, float]) -> list[str]:
    """A Markdown table: best and median times, files, ratio to the full build, goal."""
    lines = [
        "| run | files rewritten | files sent | wall best (s) | wall median (s) | "
        "CPU best (s) | CPU median (s) | CPU ratio | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {full.name} | {full.files} | – | {full.best_wall:.2f} | {full.median_wall:.2f} "
        f"| {full.best_cpu:.2f} | {full.median_cpu:.2f} | 1.00x | |",
    ]
    for row in rows:
        ratio = row.median_cpu / full.median_cpu
        goal = goals.get(row.name)
        verdict = ""
        if goal is not None:
            met = ratio <= goal and (goal > 0.1 or max(row.rewritten) == 0)
            verdict = f"CPU ≤ {goal:.1f}x" + (", 0 rewritten" if goal <= 0.1 else "")
            verdict += f": {'met' if met else 'NOT met'}"
        lines.append(
            f"| {row.name} | {_span(row.rewritten)} | {_span(row.sent)} | "
            f"{row.best_wall:.2f} | {row.median_wall:.2f} | {row.best_cpu:.2f} | "
            f"{row.median_cpu:.2f} | {ratio:.2f}x | {verdict} |"
        )
    return lines


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}–{high}"


def main(argv: list[str] | None = None) -> int:
    """Set up, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--quiet", action="store_true", help="no status line per round")
    parser.add_argument("--source", type=Path, default=bench_schedule.CORPUS)
    parser.add_argument(
        "--no-search", action="store_true", help="without Pagefind (the Pelican build alone)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="each round's build in a fresh interpreter (as before the warm build process)",
    )
    args = parser.parse_args(argv)
    if not args.source.is_file():
        raise SystemExit(f"{args.source}: not found (the shared corpora)")
    sys.path.insert(0, str(runner.ROOT))
    from plugins.wall.live import WarmBuilds

    with tempfile.TemporaryDirectory(prefix="bench-live-") as temp:
        root = Path(args.keep or temp)
        root.mkdir(parents=True, exist_ok=True)
        content, live, publish = setup(root, args.source, search=not args.no_search)
        full = full_builds(root, publish, args.repeat)
        say = (lambda line: None) if args.quiet else (lambda line: print(line, flush=True))
        # the first round builds everything and records the first publication's schedule
        # snapshots (data/schedule/), an input of the pages: the second builds with them
        warm = None if args.fresh else WarmBuilds(root, publish)
        say(timed_round(Row("first round"), 1, root, live, publish, warm))
        say(timed_round(Row("second round"), 2, root, live, publish, warm))
        edits = {
            "live round, nothing new": lambda n: None,
            "live round, one session edited": lambda n: bench_schedule.edit(
                root, content, "session", n
            ),
            "live round, one person edited": lambda n: bench_schedule.edit(
                root, content, "person", n
            ),
            "live round, one post edited": lambda n: edit_post(content, n),
            "live round, a new post on the wall": lambda n: new_wall_post(root, n),
        }
        rows, number = [], 2
        for name, edit in edits.items():
            row = Row(name)
            for repeat in range(args.repeat):
                edit(repeat)
                number += 1
                say(timed_round(row, number, root, live, publish, warm))
            rows.append(row)
        if warm is not None:
            warm.stop()
    goals = {"live round, nothing new": 0.1, **{name: 0.2 for name in list(edits)[1:]}}
    print(
        "FOSDEM 2021 imported (772 sessions, 684 people, 3 languages) and 30 posts; "
        f"search {'off' if args.no_search else 'on'}; builds in "
        f"{'fresh interpreters' if args.fresh else 'forks of a warm process'}; "
        f"{args.repeat} runs each; "
        f"{runner.machine()}"
    )
    print("\n".join(table(full, rows, goals)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
