"""Lighthouse over one page of each type in each language, printing the four scores.

    .venv/bin/python bench/lighthouse.py [--form-factor mobile|desktop|both] [--pages …]

Run by ``invoke lighthouse``. It installs Lighthouse 12.2.3 from npm into ``.lighthouse/``
once (the version that runs on Node 20), builds the site with its public address set to
the loopback server it then starts (so canonical and hreflang links point at the pages
Lighthouse reads), and drives Debian's chromium headless. Results go to stdout as a table
and, with ``--json FILE``, to a file. Nothing here is a test: scores depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools.loopback import serve_quietly  # noqa: E402 - the tasks' loopback server

TOOL = ROOT / ".lighthouse"
VERSION = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "index.html",
    "editions": "editions/index.html",
    "edition": "editions/2009/index.html",
    "schedule": "editions/2009/schedule.html",
    "session": "editions/2009/sessions/micro-power.html",
    "roundup": "editions/2009/roundup.html",
    "person": "people/huyong.html",
    "people": "people/index.html",
    "post": "posts/call-for-participation.html",
    "posts": "posts/index.html",
    "page": "about.html",
    "planet": "planet/index.html",
    "tag": "tags/lianzhou.html",
    "search": "search.html",
}
LANGUAGES = ("zh-hans", "en", "fr")
#: Lighthouse's performance metrics printed beside the scores (ms; CLS unitless).
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}


def lighthouse_binary() -> Path:
    """The Lighthouse CLI, installed into .lighthouse/ with npm on first use."""
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(TOOL),
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )
    return binary


def serve(folder: Path):
    """``folder`` on a free loopback port, in a thread, text files gzipped as a static
    host serves them (GitHub Pages, Netlify, nginx with ``gzip on``); yields the base
    URL."""
    return serve_quietly(folder, compress=True)


def build(output: Path, base: str) -> None:
    """The sample site with ``base`` as its public address (absolute canonical links)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "-s",
            "pelicanconf.py",
            "-o",
            str(output),
            "-q",
            "-e",
            f'SITEURL="{base}"',
            f'FEED_DOMAIN="{base}"',
            "RELATIVE_URLS=false",
        ],
        cwd=ROOT,
        check=True,
    )


def audit(
    binary: Path,
    url: str,
    form_factor: str,
    folder: Path,
    keep: Path | None = None,
    cpu_slowdown: float | None = None,
) -> dict[str, int]:
    """The four category scores (0–100) of one page; its report is copied to ``keep``."""
    report = folder / "report.json"
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync"
    )
    command = [
        str(binary),
        url,
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if cpu_slowdown is not None:  # Lighthouse's calibration for a slower CPU than it expects
        command.append(f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}")
    subprocess.run(command, check=True, timeout=300)
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report, keep)
    data = json.loads(report.read_text("utf-8"))
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    # the metrics behind the performance score, to tell the page from the machine's load
    for metric, audit_id in METRICS.items():
        scores[metric] = data["audits"][audit_id].get("numericValue") or 0
    # Lighthouse's measure of the CPU it ran on: its simulated phone is 4x slower than
    # this, so a loaded machine (a low index) turns into long simulated tasks
    scores["BI"] = data.get("environment", {}).get("benchmarkIndex") or 0
    return scores


def main(argv: list[str] | None = None) -> int:
    """Build, serve, audit every page and form factor asked for, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--form-factor", choices=("mobile", "desktop", "both"), default="both")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page types")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--json", help="also write the scores to this file")
    parser.add_argument("--reports", help="keep every Lighthouse JSON report in this folder")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="CPU slowdown of the simulated phone (Lighthouse's default: 4 "
        "for mobile, 1 for desktop); see docs/benchmarks.md",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists() or shutil.which("npm") is None:
        print(
            f"error: needs {CHROMIUM} and npm (apt-get install chromium nodejs npm)",
            file=sys.stderr,
        )
        return 1
    binary = lighthouse_binary()
    factors = ("mobile", "desktop") if args.form_factor == "both" else (args.form_factor,)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        site, work = Path(folder) / "site", Path(folder) / "work"
        work.mkdir()
        with serve(site) as base:
            build(site, base)
            print(
                f"{'page':<10} {'lang':<8} {'form':<8} "
                + " ".join(f"{c[:13]:>13}" for c in CATEGORIES)
                + "".join(f"{m:>7}" for m in (*METRICS, "BI"))
            )
            for name in args.pages.split(","):
                for lang in args.languages.split(","):
                    for factor in factors:
                        keep = (
                            Path(args.reports) / f"{name}-{lang}-{factor}.json"
                            if args.reports
                            else None
                        )
                        scores = audit(
                            binary,
                            f"{base}/{lang}/{PAGES[name]}",
                            factor,
                            work,
                            keep,
                            args.cpu_slowdown,
                        )
                        rows.append({"page": name, "lang": lang, "form": factor, **scores})
                        print(
                            f"{name:<10} {lang:<8} {factor:<8} "
                            + " ".join(f"{scores[c]:>13}" for c in CATEGORIES)
                            + "".join(
                                f"{scores[m]:>7.2f}" if m == "CLS" else f"{scores[m]:>7.0f}"
                                for m in (*METRICS, "BI")
                            ),
                            flush=True,
                        )
    lowest = {c: min(row[c] for row in rows) for c in CATEGORIES}
    print("lowest     " + " " * 18 + " ".join(f"{lowest[c]:>13}" for c in CATEGORIES))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
