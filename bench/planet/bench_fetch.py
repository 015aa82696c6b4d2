"""Benchmark ``invoke fetch`` on a loopback feed farm, cold and warm, against feedparser
alone and (when installed in another virtualenv) the peer plugins.

    .venv/bin/python bench/planet/bench_fetch.py [--feeds 300] [--latency 0.25]
        [--hosts 20] [--repeat 3] [--concurrency 8 32] [--peer-python /path/to/python]
        [--max-age 600]

Rows: our fetch cold (empty store) and warm (every feed answers 304) with the default
settings, then with each ``--concurrency``; feedparser alone parsing the same bytes in one
process (what a naive aggregator pays for parsing, with no network); our parse+sanitize
alone; with ``--peer-python``, pelican-feed-planet and pelican-aio-planet fetching the
same farm (run twice: they keep no validators, aio-planet has an HTTP cache); last, with
``--max-age`` (default 600, 0 skips it), our fetch on a farm whose feeds send
``Cache-Control: max-age``, cold and again at once (the second run asks only the failed
feeds again: the others are fresh).

"lost" counts feeds that did not end fetched or not-modified, other than the farm's
deliberate HTTP 500s (those are expected failures); for the peers, which report only
articles, it is the article shortfall divided by the entries per feed. The goals of the
fetch are checked at the end, against the default-settings rows.

Every row gives wall and CPU time, best and median of ``--repeat`` runs
(``bench/measure.py``). CPU is that of the fetching process and every process below it
(the parse pool's fork server and workers: ``measure.tree_cpu``). Unlike the build
benches' goals, the fetch goals stay on wall time: they are about waiting (how much of
the farm's latency a run hides, against the network's floor), which CPU time does not
measure; the CPU column shows what the waiting cost.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedparser  # noqa: E402
from farm import STATS_PATH, Farm, host_address  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.measure import machine  # noqa: E402
from plugins.planet.settings import DEFAULTS  # noqa: E402

PEERS = {
    "pelican-feed-planet": "from pelican_planet.planet import Planet",
    "pelican-aio-planet": "from pelican.plugins.aio_planet.planet import Planet",
}
PEER_SCRIPT = """
import json, logging, sys, time
from resource import RUSAGE_SELF, getrusage
logging.disable(logging.CRITICAL)
{import_line}
feeds = json.loads(sys.argv[1])
def cpu():
    usage = getrusage(RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
times, cpus, articles = [], [], 0
for _ in range(2):
    planet = Planet(feeds)
    started, used = time.perf_counter(), cpu()
    planet.get_feeds()
    times.append(time.perf_counter() - started)
    cpus.append(cpu() - used)
    articles = len(planet._articles)
print(json.dumps({{"times": times, "cpus": cpus, "articles": articles}}))
"""


ENTRIES_PER_FEED = 20  # farm.make_feed's default


def start_farm(
    feeds: int, latency: float, hosts: int, max_age: int = 0
) -> tuple[subprocess.Popen, int]:
    """The farm runs in its own process so it does not share our GIL or event loop."""
    farm = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("farm.py")),
            "--port",
            "0",
            "--feeds",
            str(feeds),
            "--latency",
            str(latency),
            "--hosts",
            str(hosts),
            "--max-age",
            str(max_age),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = farm.stdout.readline() if farm.stdout else ""
    if not line.startswith("port "):
        farm.kill()
        raise RuntimeError(f"feed farm did not start: {line!r}")
    return farm, int(line.split()[1])


OURS_SCRIPT = """
import json, logging, os, sys, tempfile, urllib.request
sys.path.insert(0, sys.argv[1])
logging.disable(logging.CRITICAL)
from bench.measure import tree_cpu
from plugins.planet.fetch import run_fetch
from plugins.planet.sources import FeedSource
settings, urls, stats = json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
sources = [FeedSource(name, url) for name, url in urls.items()]
def requests():
    with urllib.request.urlopen(stats) as answer:
        return json.load(answer)
runs = []
with tempfile.TemporaryDirectory() as tmp:
    for _ in range(2):
        before = requests()
        cpu = tree_cpu(os.getpid())
        summary = run_fetch(sys.argv[1], {**settings, "PLANET_STORE_PATH": tmp}, sources=sources)
        cpu = tree_cpu(os.getpid()) - cpu
        after = requests()
        runs.append({
            "elapsed": summary.elapsed,
            "cpu": cpu,
            "fetched": summary.fetched,
            "not_modified": summary.not_modified,
            "deferred": summary.deferred,
            "failed": [o.id for o in summary.failed],
            "new_entries": summary.new_entries,
            "requests": after["requests"] - before["requests"],
            "failing_requests": after["failing_requests"] - before["failing_requests"],
        })
print(json.dumps(runs))
"""


def stats(port: int) -> str:
    """The farm's request counter (see :data:`farm.STATS_PATH`)."""
    return f"http://127.0.0.1:{port}{STATS_PATH}"


def ours(
    urls: dict[str, str],
    stats: str,
    expected_failures: set[str],
    concurrency: int | None,
    repeat: int,
    labels: tuple[str, str] = ("cold", "warm (all 304)"),
) -> list[tuple]:
    """Each cold + warm pair runs in a new process, as ``invoke fetch`` does: the fork
    server of the parse pool is started (and its imports paid) in every cold run."""
    settings: dict = {"PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"]}
    if concurrency is None:
        name = "default settings"
    else:
        settings["PLANET_CONCURRENCY"] = concurrency
        name = f"concurrency {concurrency}"
    times: dict[str, list[float]] = {label: [] for label in labels}
    cpus: dict[str, list[float]] = {label: [] for label in labels}
    counts: dict[str, tuple] = {}
    for _ in range(repeat):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                OURS_SCRIPT,
                str(ROOT),
                json.dumps(settings),
                json.dumps(urls),
                stats,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=True,
        )
        for label, run in zip(labels, json.loads(done.stdout), strict=True):
            failed = set(run["failed"])
            lost = len(failed - expected_failures)  # a feed lost
            lost += len(expected_failures - failed)  # an error page taken as a feed
            times[label].append(run["elapsed"])
            cpus[label].append(run["cpu"])
            answered = str(run["not_modified"])
            if run["deferred"]:  # not requested at all: the farm said they were fresh
                answered += f" +{run['deferred']} fresh"
            # Requests the farm received; "+n" of them to its failing feeds, which
            # declare no freshness and so are asked again on every run.
            sent = f"{run['requests'] - run['failing_requests']} +{run['failing_requests']}"
            row = (sent, run["fetched"], answered, len(failed), lost, run["new_entries"])
            # Counts do not vary between repeats; keep the worst "lost" if they do.
            if label not in counts or lost > counts[label][4]:
                counts[label] = row
    return [
        (f"ours, {label}, {name}", times[label], cpus[label], *counts[label]) for label in labels
    ]


PARSE_SCRIPT = """
import json, sys, time
from resource import RUSAGE_SELF, getrusage
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from farm import make_feed
feeds, repeat, ours = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "ours"
bodies = [make_feed(i) for i in range(feeds)]
if ours:
    from plugins.planet.parse import ParseJob, parse_feed
    from plugins.planet.settings import DEFAULTS
    hosts = frozenset(DEFAULTS["PLANET_EMBED_HOSTS"])
    def run():
        jobs = (ParseJob(body=b, headers={"content-type": t}, embed_hosts=hosts) for b, t in bodies)
        return sum(len(parse_feed(job)["entries"]) for job in jobs)
else:
    import feedparser
    def run():
        parsed = (feedparser.parse(b, response_headers={"content-type": ct}) for b, ct in bodies)
        return sum(len(result.entries) for result in parsed)
def cpu():
    usage = getrusage(RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
times, cpus = [], []
for _ in range(repeat):
    started, used = time.perf_counter(), cpu()
    entries = run()
    times.append(time.perf_counter() - started)
    cpus.append(cpu() - used)
print(json.dumps({"times": times, "cpus": cpus, "entries": entries}))
"""


def parse_only(feeds: int, repeat: int) -> list[tuple]:
    """Parsing alone, no network, one process each: feedparser as installed (stock: our
    parser module changes feedparser's reader in the processes that import it, so the
    baseline runs in a process that never does), then our parse + sanitize."""
    rows = []
    for label, which in (
        ("feedparser alone, same bytes, 1 process", "feedparser"),
        ("our parse + sanitize alone, 1 process", "ours"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PARSE_SCRIPT,
                str(ROOT),
                str(Path(__file__).resolve().parent),
                str(feeds),
                str(repeat),
                which,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            check=True,
        )
        result = json.loads(done.stdout)
        rows.append(
            (label, result["times"], result["cpus"], "", feeds, "", "", "", result["entries"])
        )
    return rows


def peers(
    python: str, urls: dict[str, str], expected_entries: int, names: list[str] | None = None
) -> list[tuple]:
    rows = []
    for name, import_line in PEERS.items():
        if names and name not in names:
            continue
        with tempfile.TemporaryDirectory() as home:  # aio-planet caches in ~/.cache
            env = {**os.environ, "HOME": home}
            done = subprocess.run(
                [
                    python,
                    "-c",
                    textwrap.dedent(PEER_SCRIPT.format(import_line=import_line)),
                    json.dumps(urls),
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=900,
            )
        if done.returncode != 0:
            rows.append(
                (
                    f"{name}: failed ({done.stderr.strip().splitlines()[-1:]})",
                    *([[], []] + [""] * 6),
                )
            )
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        lost = round(max(0, expected_entries - result["articles"]) / ENTRIES_PER_FEED)
        runs = zip(("first run", "second run"), result["times"], result["cpus"], strict=True)
        for label, seconds, cpu in runs:
            rows.append(
                (f"{name}, {label}", [seconds], [cpu], "", "", "", "", lost, result["articles"])
            )
    return rows


def network_rounds(feeds: int, hosts: int, concurrency: int, host_concurrency: int) -> int:
    """Round trips a run needs at least when every request waits one latency: feed ``i``
    is on host ``i % hosts``; at most ``concurrency`` requests are in flight, at most
    ``host_concurrency`` of them to one host."""
    per_host = [len(range(h, feeds, hosts)) for h in range(min(hosts, feeds))]
    return max(-(-feeds // concurrency), *(-(-n // host_concurrency) for n in per_host))


def goals(rows: list[tuple], floor: float, rounds: int, latency: float) -> list[str]:
    """The goals of issue 16, checked on the default-settings rows."""
    seconds = {row[0]: statistics.median(row[1]) for row in rows if row[1]}
    lost = {row[0]: row[7] for row in rows}
    cold = seconds["ours, cold, default settings"]
    warm = seconds["ours, warm (all 304), default settings"]
    alone = seconds["feedparser alone, same bytes, 1 process"]
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"{'met    ' if ok else 'NOT met'}  {text}")

    check(
        cold <= 0.85 * alone,
        f"cold {cold:.2f} s is {cold / alone:.2f}x feedparser alone {alone:.2f} s (goal <= 0.85x)",
    )
    aio = seconds.get("pelican-aio-planet, first run")
    if aio is not None:
        ours_lost = lost["ours, cold, default settings"]
        check(
            cold < aio and ours_lost == 0,
            f"cold {cold:.2f} s < pelican-aio-planet {aio:.2f} s, {ours_lost} feeds lost "
            f"(aio-planet: {lost['pelican-aio-planet, first run']})",
        )
    check(
        warm <= 1.5 * floor,
        f"warm (all 304) {warm:.2f} s is {warm / floor:.2f}x its network floor "
        f"{floor:.2f} s = {rounds} rounds x {latency * 1000:.0f} ms (goal <= 1.5x)",
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
            rows += ours(urls, stats(port), expected_failures, concurrency, args.repeat)
        rows += parse_only(args.feeds, args.repeat)
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
            rows += ours(urls, stats(port), expected_failures, None, args.repeat, labels)
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
    for line in goals(rows, floor, rounds, args.latency):
        console.print(line, markup=False)


if __name__ == "__main__":
    main()
