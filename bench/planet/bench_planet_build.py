"""Benchmark: a large planet built into the site, at 1x, 2x and 4x entries, against plain
Pelican's peak memory on the 1,000-post synthetic site.

    .venv/bin/python bench/planet/bench_planet_build.py [--feeds 300] [--entries 100]
        [--repeat 3] [--plain-posts 1000] [--profile FILE] [--keep DIR]

What it does:

1. Writes a planet store of ``--feeds`` feeds x ``--entries`` entries in the store's real
   format: each feed is a farm feed (:func:`farm.make_feed`, ``--entries`` items, half
   Chinese, one Chinese feed in six GB2312) parsed and sanitized by our parser
   (:func:`plugins.planet.parse.parse_feed`), merged by :func:`~plugins.planet.policy.
   merge_entries` and saved by :class:`~plugins.planet.store.Store`, as ``invoke fetch``
   does. Parsing runs once, in a process pool; the smaller sizes keep the newest
   ``entries / 4`` and ``entries / 2`` entries of each feed, so the feeds, the people and
   the rest of the site stay the same and only the number of entries grows.
2. Generates a small site with :func:`bench.build.bench_build.generate` (``--site-posts``
   posts per language) plus one people file per feed (``aggregate: true``), and builds it
   with our ``pelicanconf.py`` (all plugins, search on) once per size, each build in a
   fresh subprocess.
3. Builds plain Pelican (no plugins, default theme) on the 1,000-post site of
   ``bench/build`` (same generator, ``--plain-posts`` posts x 3 languages) for the memory
   baseline.

Peak memory is the ``ru_maxrss`` of the build: of the Pelican process alone (reported by
the process at exit), and as :func:`os.wait4` reports it (the largest resident set of the
process and of every child it waited for: Pagefind).
Prints one table: wall and CPU time of each build (best and median of ``--repeat`` runs,
``bench/measure.py``); CPU time per 1,000 entries shows whether the cost is linear (the
site's fixed cost is the 0-entry row). The goal is on memory (peak RSS, the largest of the
runs); fewer than 3 runs give no verdict. ``--profile FILE`` also writes a cProfile of the largest
build. Not a test: run by hand, record in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from farm import host_address, make_feed  # noqa: E402

from bench.build.bench_build import _plain_settings  # noqa: E402
from bench.build.bench_build import generate_apart as generate  # noqa: E402
from bench.measure import MIN_RUNS, Measurement, machine  # noqa: E402
from plugins.planet.parse import ParseJob, parse_feed  # noqa: E402
from plugins.planet.policy import iso, merge_entries  # noqa: E402
from plugins.planet.settings import DEFAULTS  # noqa: E402
from plugins.planet.store import FeedRecord, Store  # noqa: E402

#: When the generated store says every feed was fetched (the farm's entries are of 2009-11).
FETCHED = datetime(2009, 12, 10, tzinfo=UTC)


def feed_id(index: int) -> str:
    return f"blogger-{index:04d}"


def _parsed(args: tuple[int, int]) -> tuple[int, dict]:
    index, entries = args
    body, content_type = make_feed(index, entries)
    url = f"http://{host_address(index, 20)}/feed/{index}.xml"
    job = ParseJob(
        body,
        {"content-type": content_type},
        url,
        embed_hosts=frozenset(DEFAULTS["PLANET_EMBED_HOSTS"]),
    )
    return index, parse_feed(job)


def write_store(folder: Path, feeds: int, entries: int, sizes: list[int]) -> dict[int, Path]:
    """One store folder per size (entries per feed) under ``folder``; returns them."""
    stores = {size: Store(folder / f"store-{size}") for size in sizes}
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for index, parsed in pool.map(_parsed, [(i, entries) for i in range(feeds)], chunksize=8):
            url = f"http://{host_address(index, 20)}/feed/{index}.xml"
            record = FeedRecord(id=feed_id(index), url=url)
            merge_entries(record, parsed["entries"], FETCHED)
            for key, value in parsed["feed"].items():
                setattr(record, key, value or None)
            record.status, record.etag = 200, f'"{index}"'
            record.last_attempt = record.last_success = record.added = iso(FETCHED)
            newest_first = record.entries
            for size, store in stores.items():
                record.entries = newest_first[:size]
                store.save(record)
    return {size: store.folder for size, store in stores.items()}


def write_people(content: Path, feeds: int) -> None:
    for index in range(feeds):
        (content / "people" / f"{feed_id(index)}.yaml").write_text(
            f"name: {{zh-Hans: 博主{index}, en: Blogger {index}, fr: Blogueur {index}}}\n"
            f"listed: true\naggregate: true\nblog: https://blog{index}.example/\n"
            f"feed: http://{host_address(index, 20)}/feed/{index}.xml\n",
            encoding="utf-8",
        )


#: Runs Pelican and, at exit, writes the peak RSS of this process alone (KiB) to the file
#: named by BENCH_RSS_FILE: os.wait4's figure is the largest of it and its children.
PELICAN = (
    "import atexit, os, resource, runpy, sys\n"
    "def report():\n"
    "    with open(os.environ['BENCH_RSS_FILE'], 'w') as out:\n"
    "        out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "atexit.register(report)\n"
    "sys.argv = ['pelican', *sys.argv[1:]]\n"
    "runpy.run_module('pelican', run_name='__main__', alter_sys=True)\n"
)


def run_build(command: list[str], cwd: Path) -> tuple[float, float, float, int, float]:
    """Wall time (s), peak RSS (MiB) of the Pelican process, peak RSS (MiB) of it and its
    children (Pagefind), exit status, CPU time (s) of it and its children."""
    start = time.perf_counter()
    with (
        open(os.devnull, "wb") as null,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile() as rss_file,
    ):
        env = {**os.environ, "BENCH_RSS_FILE": rss_file.name}
        process = subprocess.Popen(command, cwd=cwd, stdout=null, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if process.returncode:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-4000:])
        own = int(Path(rss_file.name).read_text() or 0) / 1024
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, own, usage.ru_maxrss / 1024, process.returncode, cpu


def pelican(*arguments: str, profile: str | None = None) -> list[str]:
    """The command that runs Pelican with ``arguments`` (under cProfile with ``profile``)."""
    if profile:
        return [sys.executable, "-m", "cProfile", "-o", profile, "-m", "pelican", *arguments]
    return [sys.executable, "-c", PELICAN, *arguments]


def ours_command(site: Path, output: Path, profile: str | None = None) -> list[str]:
    return pelican(
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(output),
        "-q",
        "--delete-output-directory",
        "--fatal",
        "warnings",
        "-e",
        f"PATH={json.dumps(str(site / 'content'))}",
        profile=profile,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--entries", type=int, default=100, help="entries per feed at 4x")
    parser.add_argument(
        "--site-posts", type=int, default=10, help="posts per language of the planet site itself"
    )
    parser.add_argument("--plain-posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (3 or more)")
    parser.add_argument("--profile", help="write a cProfile of the 4x build here")
    parser.add_argument("--memory-goal", type=float, default=1.5)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args(argv)
    sizes = [0, args.entries // 4, args.entries // 2, args.entries]
    with tempfile.TemporaryDirectory(prefix="bench-planet-") as temp:
        work = Path(args.keep or temp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        stores = write_store(work, args.feeds, args.entries, sizes)
        store_seconds = time.perf_counter() - started
        site = work / "site"
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir()
        generate(site, args.site_posts)
        write_people(site / "content", args.feeds)
        plain = work / "plain"
        shutil.rmtree(plain, ignore_errors=True)
        plain.mkdir()
        plain_content = generate(plain, args.plain_posts)
        plain_conf = _plain_settings(plain, plain_content)
        rows: dict[str, Measurement] = {}
        own_rss: dict[str, list[float]] = {}
        files: dict[str, int] = {}
        # Interleaved, so a change in the machine's load touches every row alike.
        for _ in range(args.repeat):
            for size in sizes:
                label = f"{size}"
                (site / "data").mkdir(exist_ok=True)
                link = site / "data" / "planet"
                shutil.rmtree(link, ignore_errors=True)
                shutil.copytree(stores[size], link)
                output = work / f"out-{size}"
                elapsed, own, rss, status, cpu = run_build(ours_command(site, output), ROOT)
                if status:
                    raise SystemExit(f"build with {size} entries per feed failed")
                rows.setdefault(label, Measurement(label)).add(elapsed, cpu, rss)
                own_rss.setdefault(label, []).append(own)
                files[label] = sum(1 for p in output.rglob("*") if p.is_file())
            command = pelican(
                "-s",
                str(plain_conf),
                "-o",
                str(work / "out-plain"),
                "-q",
                "--delete-output-directory",
            )
            elapsed, own, rss, status, cpu = run_build(command, ROOT)
            if status:
                raise SystemExit("plain Pelican build failed")
            rows.setdefault("plain", Measurement("plain")).add(elapsed, cpu, rss)
            own_rss.setdefault("plain", []).append(own)
            files["plain"] = sum(1 for p in (work / "out-plain").rglob("*") if p.is_file())
        if args.profile:
            link = site / "data" / "planet"
            shutil.rmtree(link, ignore_errors=True)
            shutil.copytree(stores[args.entries], link)
            run_build(ours_command(site, work / "out-profile", args.profile), ROOT)
    plain_rss = rows["plain"].peak_mib
    base = rows["0"].median_cpu
    print(
        f"planet build: {args.feeds} feeds, site of {args.site_posts} posts x 3 languages "
        f"and {args.feeds} aggregated people, all plugins and search on; "
        f"{args.repeat} run(s) each, subprocess; store generated in {store_seconds:.1f} s; "
        f"{machine()}"
    )
    print(
        "| build | entries | files written | wall best / median (s) | CPU best / median (s) | "
        "CPU s per 1,000 entries over 0 | peak RSS, Pelican (MiB) | "
        "peak RSS, with Pagefind (MiB) | peak / plain |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    verdict = True
    for size in sizes:
        label = str(size)
        row = rows[label]
        entries = size * args.feeds
        slope = f"{(row.median_cpu - base) * 1000 / entries:.3f}" if entries else "–"
        ratio = row.peak_mib / plain_rss
        verdict &= ratio <= args.memory_goal
        print(
            f"| ours, planet of {size} per feed | {entries:,} | {files[label]:,} | "
            f"{row.best_wall:.2f} / {row.median_wall:.2f} | "
            f"{row.best_cpu:.2f} / {row.median_cpu:.2f} | {slope} | "
            f"{max(own_rss[label]):.0f} | {row.peak_mib:.0f} | {ratio:.2f}x |"
        )
    plain = rows["plain"]
    print(
        f"| plain Pelican, {args.plain_posts} posts x 3 languages | – | "
        f"{files['plain']:,} | {plain.best_wall:.2f} / {plain.median_wall:.2f} | "
        f"{plain.best_cpu:.2f} / {plain.median_cpu:.2f} | – | "
        f"{max(own_rss['plain']):.0f} | {plain_rss:.0f} | 1.00x |"
    )
    if args.repeat < MIN_RUNS:
        print(f"goal: no verdict from {args.repeat} run(s); at least {MIN_RUNS} needed")
        return 0
    print(
        f"goal: peak memory within {args.memory_goal:.2f}x of plain Pelican's: "
        f"{'met' if verdict else 'NOT met'}"
    )
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
