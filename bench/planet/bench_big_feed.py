"""Benchmark: what one very large feed costs the build, against the sample build.

    .venv/bin/python bench/planet/bench_big_feed.py [--entries 20000] [--languages 400]
        [--repeat 3]

Copies the sample site (``content/``, ``data/``) to a temporary folder and builds it as it
is (``sample``); then replaces one participant's local feed with one Atom feed of
``--entries`` short entries (about 4.8 MB for 20,000), each with its own ``xml:lang``
cycling through ``--languages`` languages Babel knows and one in ten naming the 2009
edition's hashtag on its days (so the roundup matches them), fetches it into the copy's
store and builds again (``big feed``, default caps), then once more with
``PLANET_MAX_ENTRIES_PER_FEED`` raised to keep every entry (``all kept``). Each build
runs ``--repeat`` times, each in a fresh process; rows give wall and CPU time (best and
median, ``bench/measure.py``), peak memory (max RSS of the build and its children),
output bytes and files. Not a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.measure import machine  # noqa: E402

BUILD = """
import sys
sys.path.insert(0, {root!r})
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings({conf!r}, override={{"PATH": {content!r}, "OUTPUT_PATH": {output!r},
                         "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, **{extra!r}}})
Pelican(settings).run()
"""


def big_feed(entries: int, languages: int) -> bytes:
    """An Atom feed of ``entries`` short entries in ``languages`` declared languages."""
    from babel import Locale

    tags = sorted(t for t in Locale("en").languages if "_" not in t)[:languages]
    start = datetime(2009, 11, 14, 2, tzinfo=UTC)
    items = []
    for i in range(entries):
        on_topic = i % 10 == 0
        when = start + (timedelta(hours=i % 40) if on_topic else timedelta(days=30 + i))
        text = "#cnbc09 day notes" if on_topic else "an ordinary day"
        items.append(
            f'<entry xml:lang="{tags[i % len(tags)]}"><id>tag:big.example.org,2009:{i}</id>'
            f'<title>Post {i}</title><link href="https://big.example.org/p/{i}"/>'
            f"<updated>{when:%Y-%m-%dT%H:%M:%SZ}</updated>"
            f'<content type="html">{escape(f"<p>{text} {i}</p>")}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Big</title><id>tag:big.example.org,2009:feed</id>"
        '<link rel="self" href="https://big.example.org/feed.atom"/>'
        "<updated>2009-11-14T00:00:00Z</updated>" + "\n".join(items) + "</feed>\n"
    ).encode("utf-8")


def build(site: Path, runs: int, **extra) -> dict:
    """Build ``site`` ``runs`` times, each in a fresh process (``extra`` settings); the
    time and memory of the runs, the output's size."""
    from bench.measure import run

    output = site / "output"
    script = BUILD.format(
        root=str(ROOT),
        conf=str(ROOT / "pelicanconf.py"),
        content=str(site / "content"),
        output=str(output),
        extra=extra,
    )
    row = run(
        [sys.executable, "-c", script],
        runs,
        cwd=site,
        before=lambda: shutil.rmtree(output, ignore_errors=True),
    )
    files = [p for p in output.rglob("*") if p.is_file()]
    return {
        "row": row,
        "files": len(files),
        "output_mb": sum(p.stat().st_size for p in files) / 2**20,
    }


def main() -> None:
    """Run both builds and print one row each."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--languages", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3, help="builds per row (3 or more)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        shutil.copytree(ROOT / "content", site / "content")
        shutil.copytree(ROOT / "data", site / "data")
        rows = {"sample": build(site, args.repeat)}
        feed = site / "data/sample-feeds/zhou-yun.xml"
        feed.write_bytes(big_feed(args.entries, args.languages))
        from plugins.planet.fetch import run_fetch
        from plugins.planet.sources import load_sources

        settings = {"PATH": str(site / "content"), "PLANET_NEW_FEED_DAYS": None}
        started = time.monotonic()
        run_fetch(site, settings, sources=load_sources(site, settings))
        fetch_seconds = time.monotonic() - started
        rows["big feed"] = build(site, args.repeat)
        rows["all kept"] = build(site, args.repeat, PLANET_MAX_ENTRIES_PER_FEED=args.entries)
        print(
            f"feed: {args.entries} entries, {feed.stat().st_size / 2**20:.1f} MB, "
            f"{args.languages} languages; fetch {fetch_seconds:.1f} s"
        )
        print(f"{args.repeat} build(s) per row; {machine()}")
        print(
            "| build | runs | wall best / median (s) | CPU best / median (s) | "
            "peak RSS (MiB) | output (MB) | files |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, result in rows.items():
            row = result["row"]
            print(
                f"| {name} | {row.runs} | {row.best_wall:.1f} / {row.median_wall:.1f} | "
                f"{row.best_cpu:.1f} / {row.median_cpu:.1f} | {row.peak_mib:.0f} | "
                f"{result['output_mb']:.1f} | {result['files']} |"
            )


if __name__ == "__main__":
    main()
