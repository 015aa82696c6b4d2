"""Benchmark ``invoke fetch`` on a loopback feed farm, cold and warm, against feedparser
alone and (when installed in another virtualenv) the peer plugins.

    .venv/bin/python bench/planet/bench_fetch.py [--feeds 300] [--latency 0.25]
        [--hosts 20] [--repeat 3] [--concurrency 8 32] [--peer-python /path/to/python]
        [--max-age 600] [--feedparser-threads 64] [--store-in /dev/shm]

Rows: our fetch cold (empty store) and warm (every feed answers 304) with the default
settings, then with each ``--concurrency``; stock feedparser as its users run it,
``feedparser.parse(url)`` fetching every feed itself in ``--feedparser-threads`` threads
(64 by default: as many requests in flight as ours); feedparser alone parsing the same
bytes in one process (the stricter anchor: what a naive aggregator pays for parsing, with
no network at all); our parse+sanitize alone; with ``--peer-python``,
pelican-feed-planet and pelican-aio-planet fetching the same farm (run twice: they keep
no validators, aio-planet has an HTTP cache); last, with ``--max-age`` (default 600, 0
skips it), our fetch on a farm whose feeds send ``Cache-Control: max-age``, cold and
again at once (the second run asks only the failed feeds again: the others are fresh).

"lost" counts feeds that did not end fetched or not-modified, other than the farm's
deliberate HTTP 500s (those are expected failures); for the peers, which report only
articles, it is the article shortfall divided by the entries per feed. The goals of the
fetch are checked at the end, against the default-settings rows.

Every row gives wall and CPU time, best and median of ``--repeat`` runs
(``bench/measure.py``). CPU is that of the fetching process and every process below it
(the parse pool's fork server and workers: ``measure.tree_cpu``). Unlike the build
benches' goals, the fetch goals are on wall time: they are about waiting (how much of
the farm's latency a run hides, against the network's floor), which CPU time does not
measure; the CPU column shows what the waiting cost. The cold run is also judged on CPU
against both feedparser rows (``measure.verdict``), and each goal line gives the best
run's ratio beside the median's.

The runs (each in its own process) are in ``fetch_runs.py``; this script reads the
options, prints the table and checks the goals.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedparser  # noqa: E402
from farm import Farm, host_address  # noqa: E402
from fetch_runs import (  # noqa: E402
    ENTRIES_PER_FEED,
    PEERS,
    feedparser_fetching,
    ours,
    parse_only,
    peers,
    start_farm,
    stats,
)
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.measure import Measurement, machine, verdict  # noqa: E402
from plugins.planet.settings import DEFAULTS  # noqa: E402


def network_rounds(feeds: int, hosts: int, concurrency: int, host_concurrency: int) -> int:
    """Round trips a run needs at least when every request waits one latency: feed ``i``
    is on host ``i % hosts``; at most ``concurrency`` requests are in flight, at most
    ``host_concurrency`` of them to one host."""
    per_host = [len(range(h, feeds, hosts)) for h in range(min(hosts, feeds))]
    return max(-(-feeds // concurrency), *(-(-n // host_concurrency) for n in per_host))


def goals(
    rows: list[tuple], floor: float, rounds: int, latency: float, fetching_label: str = ""
) -> list[str]:
    """The goals of issue 16, checked on the default-settings rows: on the median wall
    time, and (issue 27) the cold run also on CPU, each also on the best of the runs; the
    cold run against both feedparser rows (``fetching_label`` names the one fetching)."""
    seconds = {row[0]: statistics.median(row[1]) for row in rows if row[1]}
    measured = {row[0]: Measurement(row[0], wall=row[1], cpu=row[2]) for row in rows if row[1]}
    lost = {row[0]: row[7] for row in rows}
    cold = seconds["ours, cold, default settings"]
    warm = seconds["ours, warm (all 304), default settings"]
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"{'met    ' if ok else 'NOT met'}  {text}")

    ours_cold = measured["ours, cold, default settings"]
    # Two anchors for "stock feedparser": as its users run it (fetching the URLs itself),
    # and the stricter one, parsing bytes already in memory (no network at all).
    for label in (fetching_label, "feedparser alone, same bytes, 1 process"):
        if label not in measured:
            continue
        stock, alone = measured[label], seconds[label]
        best = ours_cold.best_wall / stock.best_wall
        check(
            cold <= 0.85 * alone,
            f"cold {cold:.2f} s is {cold / alone:.2f}x {label} {alone:.2f} s, "
            f"{best:.2f}x on the best runs (goal <= 0.85x)",
        )
        lines.append(f"{'':9}cold on CPU: {verdict(ours_cold, stock, 0.85)}")
    aio = seconds.get("pelican-aio-planet, first run")
    if aio is not None:
        ours_lost = lost["ours, cold, default settings"]
        check(
            cold < aio and ours_lost == 0,
            f"cold {cold:.2f} s < pelican-aio-planet {aio:.2f} s, {ours_lost} feeds lost "
            f"(aio-planet: {lost['pelican-aio-planet, first run']})",
        )
    best_warm = measured["ours, warm (all 304), default settings"].best_wall
    check(
        warm <= 1.5 * floor,
        f"warm (all 304) {warm:.2f} s is {warm / floor:.2f}x its network floor "
        f"{floor:.2f} s = {rounds} rounds x {latency * 1000:.0f} ms, {best_warm / floor:.2f}x "
        "on the best run (goal <= 1.5x)",
    )
    fresh = [row for row in rows if row[0].startswith("ours, second run, fresh")]
    for row in fresh:
        to_fresh = int(str(row[3]).split()[0])
        check(
            to_fresh == 0,
            f"second run within the declared freshness: {to_fresh} requests to the feeds "
            f"that declared it (plus {str(row[3]).split()[1].lstrip('+')} to the failing "
            "feeds, which declared none)",
        )
    return lines


def store_file_system(folder: str | None) -> str:
    """The folder our runs' stores are made in, with its file system type (Linux)."""
    path = Path(folder or tempfile.gettempdir()).resolve()
    kind, longest = "?", -1
    with contextlib.suppress(OSError):
        for line in Path("/proc/mounts").read_text().splitlines():
            mount, fs_type = line.split()[1:3]
            if path.is_relative_to(mount) and len(mount) > longest:
                kind, longest = fs_type, len(mount)
    return f"{path} ({kind})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts of the farm")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of ours and of the parse-only rows; the table shows their median and "
        "best (the peers, slow, run once)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="*",
        default=[8, 32],
        help="PLANET_CONCURRENCY values to run besides the default settings",
    )
    parser.add_argument(
        "--feedparser-threads",
        type=int,
        default=DEFAULTS["PLANET_CONCURRENCY"],
        help="threads of the row where stock feedparser fetches the URLs itself "
        "(default: as many as our requests in flight, PLANET_CONCURRENCY)",
    )
    parser.add_argument(
        "--store-in",
        help="folder in which each run of ours makes its store (default: the temporary "
        "folder); on a file system where creating a file is costly (ext4 without a journal "
        "checks recently deleted inodes), a tmpfs such as /dev/shm shows our code's CPU alone",
    )
    parser.add_argument("--peer-python", help="python of a venv with the peer plugins")
    parser.add_argument(
        "--peers",
        nargs="*",
        choices=sorted(PEERS),
        help="run only these peers (default: all); pelican-feed-planet, which fetches one "
        "feed at a time, takes minutes",
    )
    parser.add_argument(
        "--max-age",
        type=int,
        default=600,
        help="also run ours on a farm whose feeds send Cache-Control: max-age=N (0: skip); "
        "the second run then requests nothing",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # failed feeds are counted in the table

    farm, port = start_farm(args.feeds, args.latency, args.hosts)
    failing = Farm.failing_paths(args.feeds)
    expected_failures = {"feed-" + path.split("/")[-1].removesuffix(".xml") for path in failing}
    expected_entries = (args.feeds - len(expected_failures)) * ENTRIES_PER_FEED
    try:
        urls = {
            f"feed-{i}": f"http://{host_address(i, args.hosts)}:{port}/feed/{i}.xml"
            for i in range(args.feeds)
        }
        rows = []
        for concurrency in [None, *args.concurrency]:
            rows += ours(
                urls,
                stats(port),
                expected_failures,
                concurrency,
                args.repeat,
                store_in=args.store_in,
            )
        fetching = feedparser_fetching(urls, stats(port), args.feedparser_threads, args.repeat)
        rows += [fetching, *parse_only(args.feeds, args.repeat)]
        if args.peer_python:
            rows += peers(args.peer_python, urls, expected_entries, args.peers)
    finally:
        farm.terminate()
        farm.wait()
    if args.max_age:
        # The same feeds from a farm that declares them fresh: the second run is not due.
        farm, port = start_farm(args.feeds, args.latency, args.hosts, args.max_age)
        try:
            urls = {name: re.sub(r":\d+/", f":{port}/", url, count=1) for name, url in urls.items()}
            labels = (f"cold, max-age={args.max_age}", "second run, fresh (no request)")
            rows += ours(
                urls, stats(port), expected_failures, None, args.repeat, labels, args.store_in
            )
        finally:
            farm.terminate()
            farm.wait()

    table = Table(
        title=f"planet fetch: {args.feeds} feeds on {args.hosts} hosts, "
        f"{args.latency * 1000:.0f} ms latency, 2% HTTP 500 (expected failures), "
        "1 Chinese feed in 6 GB2312"
    )
    columns = (
        "run",
        "wall best / median (s)",
        "CPU best / median (s)",
        "requests",
        "fetched",
        "304",
        "failed",
        "lost",
        "entries",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "run" else "right")

    def spread(values: list[float]) -> str:
        if not values:
            return "-"
        return f"{min(values):.2f} / {statistics.median(values):.2f}"

    for label, seconds, cpus, *rest in rows:
        table.add_row(label, spread(seconds), spread(cpus), *map(str, rest))
    console = Console(width=120)
    console.print(table)
    console.print(
        f"python {platform.python_version()}, {platform.platform()}, "
        f"{os.cpu_count()} CPUs, feedparser {feedparser.__version__}"
    )
    defaults = {name: DEFAULTS[name] for name in ("PLANET_CONCURRENCY", "PLANET_HOST_CONCURRENCY")}
    console.print(f"default settings: {defaults}; {machine()}")
    console.print(f"our stores in {store_file_system(args.store_in)}")
    rounds = network_rounds(
        args.feeds, args.hosts, defaults["PLANET_CONCURRENCY"], defaults["PLANET_HOST_CONCURRENCY"]
    )
    floor = rounds * args.latency
    times = {row[0]: row[1] for row in rows}
    warm = statistics.median(times["ours, warm (all 304), default settings"])
    console.print(
        f"network floor of a run that asks every feed: {rounds} rounds x "
        f"{args.latency * 1000:.0f} ms = {floor:.2f} s; warm (all 304) median {warm:.2f} s "
        f"= {warm / floor:.2f}x the floor"
    )
    console.print('requests: "n +m" = n to feeds that answer, m to the farm\'s failing feeds')
    for line in goals(rows, floor, rounds, args.latency, fetching[0]):
        console.print(line, markup=False)


if __name__ == "__main__":
    main()
