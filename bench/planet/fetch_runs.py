"""The runs of ``bench_fetch.py``, each in its own process: the loopback feed farm, our
``invoke fetch`` (cold then warm), parsing alone (feedparser as installed, then ours), and
the peer plugins from another virtualenv. Each returns the rows of the bench's table:
``(label, wall times, CPU times, requests, fetched, 304, failed, lost, entries)``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# farm.py lies beside this file, whether it runs from bench_fetch.py or is imported as
# bench.planet.fetch_runs
sys.path.insert(0, str(Path(__file__).resolve().parent))

from farm import STATS_PATH  # noqa: E402

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
with tempfile.TemporaryDirectory(dir=sys.argv[5] or None) as tmp:
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
    store_in: str | None = None,
) -> list[tuple]:
    """Each cold + warm pair runs in a new process, as ``invoke fetch`` does: the fork
    server of the parse pool is started (and its imports paid) in every cold run. The
    store of each pair is a new folder in ``store_in`` (default: the temporary folder)."""
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
                store_in or "",
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


FEEDPARSER_FETCH_SCRIPT = """
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
from resource import RUSAGE_SELF, getrusage
import feedparser
urls, stats = json.loads(sys.argv[1]), sys.argv[2]
threads, repeat = int(sys.argv[3]), int(sys.argv[4])
def requests():
    with urllib.request.urlopen(stats) as answer:
        return json.load(answer)["requests"]
def cpu():
    usage = getrusage(RUSAGE_SELF)  # every thread of this process, ended ones included
    return usage.ru_utime + usage.ru_stime
runs = []
for _ in range(repeat):
    before = requests()
    started, used = time.perf_counter(), cpu()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(feedparser.parse, urls))
    elapsed, spent = time.perf_counter() - started, cpu() - used
    fetched = sum(result.get("status") == 200 for result in results)
    runs.append({
        "elapsed": elapsed,
        "cpu": spent,
        "fetched": fetched,
        "failed": len(results) - fetched,
        "entries": sum(len(result.entries) for result in results),
        "requests": requests() - before,
    })
print(json.dumps(runs))
"""


def feedparser_fetching(urls: dict[str, str], stats: str, threads: int, repeat: int) -> tuple:
    """Stock feedparser as its users run it: ``feedparser.parse(url)`` fetches each feed
    itself (urllib, one connection per request, no validators on a cold run), the feeds
    spread over a pool of ``threads`` threads; CPU is that of the whole process, every
    thread included. A process that never imports our parser (whose speedups change
    feedparser's reader in the processes that import it)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FEEDPARSER_FETCH_SCRIPT,
            json.dumps(list(urls.values())),
            stats,
            str(threads),
            str(repeat),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    runs = json.loads(done.stdout)
    last = runs[-1]
    return (
        f"feedparser fetching the URLs itself, {threads} threads",
        [run["elapsed"] for run in runs],
        [run["cpu"] for run in runs],
        str(last["requests"]),
        last["fetched"],
        "",
        last["failed"],
        "",
        last["entries"],
    )


def peers(
    python: str, urls: dict[str, str], expected_entries: int, names: list[str] | None = None
) -> list[tuple]:
    """The peer plugins (all, or those in ``names``) with ``python`` (a virtualenv that has
    them), each fetching the farm twice in one process with an empty home (aio-planet's
    cache); "lost" is the article shortfall divided by the entries per feed."""
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
