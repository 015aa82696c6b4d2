"""Benchmark ``invoke fetch`` on a loopback feed farm, cold and warm, against feedparser
alone and (when installed in another virtualenv) the peer plugins.

    .venv/bin/python bench/planet/bench_fetch.py [--feeds 300] [--latency 0.25]
        [--concurrency 8 32] [--peer-python /path/to/venv/bin/python]

Rows: our fetch cold (empty store) and warm (every feed answers 304) per concurrency;
feedparser alone parsing the same bytes in one process (what a naive aggregator pays for
parsing, with no network); our parse+sanitize alone; and, with ``--peer-python``,
pelican-feed-planet and pelican-aio-planet fetching the same farm (run twice: they keep
no validators, aio-planet has an HTTP cache).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedparser  # noqa: E402
from farm import make_feed  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from plugins.planet.fetch import run_fetch  # noqa: E402
from plugins.planet.parse import ParseJob, parse_feed  # noqa: E402
from plugins.planet.settings import DEFAULTS  # noqa: E402
from plugins.planet.sources import FeedSource  # noqa: E402

PEERS = {
    "pelican-feed-planet": "from pelican_planet.planet import Planet",
    "pelican-aio-planet": "from pelican.plugins.aio_planet.planet import Planet",
}
PEER_SCRIPT = """
import json, logging, sys, time
logging.disable(logging.CRITICAL)
{import_line}
feeds = json.loads(sys.argv[1])
times, articles = [], 0
for _ in range(2):
    planet = Planet(feeds)
    started = time.perf_counter()
    planet.get_feeds()
    times.append(time.perf_counter() - started)
    articles = len(planet._articles)
print(json.dumps({{"times": times, "articles": articles}}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_farm(feeds: int, latency: float) -> tuple[subprocess.Popen, int]:
    """The farm runs in its own process so its threads do not share our GIL."""
    port = free_port()
    farm = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("farm.py")),
            "--port",
            str(port),
            "--feeds",
            str(feeds),
            "--latency",
            str(latency),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return farm, port
        except OSError:
            time.sleep(0.1)
    farm.kill()
    raise RuntimeError("feed farm did not start")


def ours(urls: dict[str, str], concurrency: int) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = {
            "PLANET_STORE_PATH": tmp,
            "PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "PLANET_CONCURRENCY": concurrency,
        }
        sources = [FeedSource(name, url) for name, url in urls.items()]
        for label in ("cold", "warm (all 304)"):
            summary = run_fetch(ROOT, settings, sources=sources)
            rows.append(
                (
                    f"ours, {label}, concurrency {concurrency}",
                    summary.elapsed,
                    summary.fetched,
                    summary.not_modified,
                    len(summary.failed),
                    summary.new_entries,
                )
            )
    return rows


def parse_only(feeds: int) -> list[tuple]:
    bodies = [make_feed(i) for i in range(feeds)]
    started = time.perf_counter()
    entries = sum(
        len(feedparser.parse(body, response_headers={"content-type": ct}).entries)
        for body, ct in bodies
    )
    alone = time.perf_counter() - started
    hosts = frozenset(DEFAULTS["PLANET_EMBED_HOSTS"])
    started = time.perf_counter()
    for body, ct in bodies:
        parse_feed(ParseJob(body=body, headers={"content-type": ct}, embed_hosts=hosts))
    our_parse = time.perf_counter() - started
    return [
        ("feedparser alone, same bytes, 1 process", alone, feeds, "", "", entries),
        ("our parse + sanitize alone, 1 process", our_parse, feeds, "", "", entries),
    ]


def peers(python: str, urls: dict[str, str]) -> list[tuple]:
    rows = []
    for name, import_line in PEERS.items():
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
                (f"{name}: failed ({done.stderr.strip().splitlines()[-1:]})", None, "", "", "", "")
            )
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        for label, seconds in zip(("first run", "second run"), result["times"], strict=True):
            rows.append((f"{name}, {label}", seconds, "", "", "", result["articles"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--peer-python", help="python of a venv with the peer plugins")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # failed feeds are counted in the table

    farm, port = start_farm(args.feeds, args.latency)
    try:
        urls = {f"feed-{i}": f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(args.feeds)}
        rows = []
        for concurrency in args.concurrency:
            rows += ours(urls, concurrency)
        rows += parse_only(args.feeds)
        if args.peer_python:
            rows += peers(args.peer_python, urls)
    finally:
        farm.terminate()
        farm.wait()

    table = Table(
        title=f"planet fetch: {args.feeds} feeds, {args.latency * 1000:.0f} ms "
        "latency, 2% HTTP 500, 1 Chinese feed in 6 GB2312"
    )
    for column in ("run", "seconds", "fetched", "304", "failed", "entries"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for label, seconds, *rest in rows:
        table.add_row(label, "-" if seconds is None else f"{seconds:.2f}", *map(str, rest))
    console = Console(width=120)
    console.print(table)
    console.print(
        f"python {platform.python_version()}, {platform.platform()}, "
        f"{os.cpu_count()} CPUs, feedparser {feedparser.__version__}"
    )


if __name__ == "__main__":
    main()
