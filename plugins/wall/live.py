"""``invoke live --edition ID [--every 5m] [--publish]``: the wall during the event.

Each round fetches the edition's streams (the planet's fetcher, under the store's fetch
lock), builds the site, and with ``--publish`` builds it with the publishing settings and
uploads it (``rsync`` to ``--dest``); then one status line. Rounds never overlap: the
next starts ``--every`` after the previous one started, or at once when a round took
longer; and one ``live`` runs per project at a time (``.live.lock``, an ``flock`` the
kernel releases however the process ends).

Interrupted at any moment (Ctrl-C, SIGTERM), it leaves a consistent site and store:

- the store: every file is written atomically and the fetch lock is released (see
  :mod:`plugins.planet.fetch`), so each feed is as of before or after its update;
- the site: each round builds into ``<output>.live/`` and only a finished build takes the
  place of the output folder, by two renames during which signals are held back; an
  interrupted build is deleted, and a swap cut short by a crash is completed (or undone)
  on the next start. The output folder is always the last complete build.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from plugins.core.siteconfig import read_settings_file
from plugins.core.text import one_line

#: rsync options of a published round (the same as ``invoke publish``).
RSYNC_OPTIONS = ["-az", "--delete", "--chmod=D755,F644"]
LOCK_NAME = ".live.lock"
#: The longest ``--every``, in seconds.
MAX_INTERVAL = 24 * 3600
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$")


class LiveError(Exception):
    """A bad option or a second ``live`` on the same project (one line)."""


def interval(text: str) -> float:
    """``90s``, ``5m``, ``1h`` or plain seconds, as seconds (more than none, at most
    :data:`MAX_INTERVAL`: a live wall rounds at least daily, and ``time.sleep`` fails on
    a wait beyond what the platform's clock can count)."""
    found = _INTERVAL.match(str(text))
    if not found or float(found.group(1)) <= 0:
        raise LiveError(f"--every {text!r} is not a duration; expected e.g. 90s, 5m or 1h")
    seconds = float(found.group(1)) * {"s": 1, "m": 60, "h": 3600}[found.group(2) or "s"]
    if seconds > MAX_INTERVAL:
        raise LiveError(
            f"--every {text!r} is longer than a day; expected at most 24h (e.g. 90s, 5m or 1h)"
        )
    return seconds


def check_dest(dest: str) -> str:
    """``dest`` if rsync can only read it as the destination: a value starting with ``-``
    would be read as an option (``-e …`` runs a command), so it is refused."""
    if dest.startswith("-"):
        raise LiveError(
            f"--dest {dest!r} starts with '-', which rsync would read as an option; "
            "expected a destination such as user@host:/var/www/site/ or ./folder"
        )
    return dest


def run_live(
    root: Path,
    settings_file: Path,
    edition: str,
    every: float,
    *,
    publish_settings: Path | None = None,
    dest: str = "",
    rounds: int | None = None,
    say: Callable[[str], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Repeat rounds until interrupted (or ``rounds`` are done); returns the exit status."""
    say = say or (lambda line: print(line, flush=True))
    settings = read_settings_file(settings_file)
    sources = _edition_sources(root, settings, edition)
    output = _output_path(root, publish_settings or settings_file)
    number = 0
    with _live_lock(root), _terminate_as_interrupt():
        recover(output)
        say(
            f"live: edition {edition}, {len(sources)} streams, a round every "
            f"{_duration(every)}; Ctrl-C stops"
        )
        try:
            while rounds is None or number < rounds:
                number += 1
                started = clock()
                say(
                    one_round(
                        number,
                        root,
                        settings,
                        sources,
                        settings_file,
                        output,
                        publish_settings,
                        dest,
                    )
                )
                if rounds is not None and number >= rounds:
                    break
                time.sleep(max(0.0, every - (clock() - started)))
        except KeyboardInterrupt:
            say(
                f"live: stopped during round {number}; the site is the last complete "
                "build and the store is consistent"
            )
            return 130
    return 0


def one_round(
    number: int,
    root: Path,
    settings: dict,
    sources: list,
    settings_file: Path,
    output: Path,
    publish_settings: Path | None,
    dest: str,
) -> str:
    """Fetch, build (publish); returns the round's status line."""
    from plugins.planet.fetch import run_fetch

    stamp = datetime.now().astimezone().strftime("%H:%M:%S")
    summary = run_fetch(root, settings, sources=sources)
    failed = summary.failed
    line = (
        f"round {number} at {stamp}: {summary.new_entries} new "
        f"{'post' if summary.new_entries == 1 else 'posts'}, {len(failed)} failed "
        f"{'feed' if len(failed) == 1 else 'feeds'}"
    )
    if failed:
        line += " (" + "; ".join(one_line(f"{o.id}: {o.error}", 120) for o in failed) + ")"
    started = time.monotonic()
    status = build(root, publish_settings or settings_file, output)
    if status:
        return f"{line}; build failed (exit status {status}), the site is unchanged"
    line += f"; built in {time.monotonic() - started:.1f} s"
    if publish_settings is not None and dest:
        done = subprocess.run(
            ["rsync", *RSYNC_OPTIONS, "--", f"{output}/", check_dest(dest)], check=False
        )
        line += (
            "; published"
            if done.returncode == 0
            else (f"; rsync failed (exit status {done.returncode})")
        )
    return line


def build(root: Path, settings_file: Path, output: Path) -> int:
    """Build into ``<output>.live/``, then put it in the output folder's place.

    Pelican runs in a child process (a fresh interpreter each round, as ``regenerate``
    does, so no state of one build leaks into the next); on an interrupt the child is
    stopped and its partial output deleted before the interrupt goes on.
    """
    staging = _staging(output)
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pelican",
        "-s",
        str(settings_file),
        "-o",
        str(staging),
        "--fatal",
        "warnings",
        "-q",
    ]
    # its summary line would drown the status lines; its warnings and errors still show
    child = subprocess.Popen(command, cwd=root, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        status = child.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if status:
        shutil.rmtree(staging, ignore_errors=True)
        return status
    swap(staging, output)
    return 0


def swap(staging: Path, output: Path) -> None:
    """Put the finished build ``staging`` in place of ``output``, signals held back."""
    previous = _previous(output)
    shutil.rmtree(previous, ignore_errors=True)
    with _signals_held():
        if output.exists():
            output.rename(previous)
        staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


def recover(output: Path) -> None:
    """Finish what a crash left: a swap cut short, or a build never finished."""
    previous = _previous(output)
    if previous.exists() and not output.exists():
        previous.rename(output)  # the crash came between the two renames: undo the first
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(_staging(output), ignore_errors=True)


def _staging(output: Path) -> Path:
    return output.with_name(output.name + ".live")


def _previous(output: Path) -> Path:
    return output.with_name(output.name + ".previous")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs (delivered right after)."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the loop) ends it as Ctrl-C does; and SIGINT
    stops it even when the loop was started with SIGINT ignored (a shell starts its
    background jobs so, and Python then leaves Ctrl-C without effect)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, interrupt),
        # Python's own Ctrl-C handler (asyncio.run then cancels the fetch as usual)
        signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _live_lock(root: Path) -> Iterator[None]:
    """One ``live`` per project (the store's own lock guards each fetch as well)."""
    from plugins.planet.api import LockError
    from plugins.planet.lock import fetch_lock

    try:
        with fetch_lock(root, LOCK_NAME):
            yield
    except LockError as exc:
        raise LiveError(str(exc).replace("another fetch", "another live loop")) from None


def _edition_sources(root: Path, settings: dict, edition: str) -> list:
    from plugins.planet.sources import edition_stream_ids, load_sources

    sources = load_sources(root, settings)
    ids = set(edition_stream_ids(sources, edition))
    if not ids:
        raise LiveError(
            f"edition {edition!r} lists no streams; expected an edition whose "
            "edition.yaml has 'streams'"
        )
    return [source for source in sources if source.id in ids]


def _output_path(root: Path, settings_file: Path) -> Path:
    output = Path(read_settings_file(settings_file).get("OUTPUT_PATH") or "output")
    return output if output.is_absolute() else (root / output)


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
