"""``invoke live --edition ID [--every 5m] [--publish]``: the site during the event.

Each round fetches the edition's streams, if it has any (the planet's fetcher, under the
store's fetch lock), builds the site, and with ``--publish`` builds it with the
publishing settings and uploads it (``rsync`` to ``--dest``); then one status line. Rounds
never overlap: the next starts ``--every`` after the previous one started, or at once when
a round took longer; and one ``live`` runs per project at a time (``.live.lock``, an
``flock`` the kernel releases however the process ends).

A round redoes only what changed (its build: :mod:`plugins.wall.livebuild`). Each builds
into ``<output>.live/``, which is kept between rounds with the build caches on (also with
the publishing settings, which otherwise turn them off: the caches are keyed by the
settings, so the two never mix), so only pages whose inputs changed are rendered again.
The finished build is then mirrored onto the output folder
(:func:`plugins.core.mirror.mirror`): only files whose bytes changed are replaced, so
their modification times, and ``rsync``, see only real changes. The status line says how
many pages were rendered, files changed and files sent. A round whose inputs are those of
the last build (nothing new fetched, no file edited: :mod:`plugins.core.inputstamp`) does
not build at all. Builds run in forks of one process that imported Pelican and the
plugins when the loop started (:class:`.livebuild.WarmBuilds`), started again when Python
code among the inputs changes.

Interrupted at any moment (Ctrl-C, SIGTERM), it leaves a consistent site and store:

- the store: every file is written atomically and the fetch lock is released (see
  :mod:`plugins.planet.fetch`), so each feed is as of before or after its update;
- the site: an interrupted (or failed) build is deleted with its staging folder (the next
  round builds afresh), and the output folder is only touched by the mirror of a finished
  build, during which signals are held back. A crash (``SIGKILL``, power cut) in the
  middle of a build or of a mirror leaves a marker beside the output folder, and the next
  start deletes the half build or completes the mirror. The output folder is always the
  last complete build.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from plugins.conference.api import publication
from plugins.core.interrupts import interruptible
from plugins.core.siteconfig import read_settings_file
from plugins.core.text import one_line

# A round's build is its own module; its names stay importable from here (tests and the
# benchmark use them; one_round calls build through this module's name, so it can be
# replaced in a test).
from .livebuild import (
    CACHED_BUILD,
    Built,
    WarmBuilds,
    _discard,
    _staging,
    build,
    recover,
    sync,
)

__all__ = [
    "CACHED_BUILD",
    "LOCK_NAME",
    "MAX_INTERVAL",
    "RSYNC_MISSING",
    "RSYNC_OPTIONS",
    "Built",
    "LiveError",
    "WarmBuilds",
    "_discard",
    "_output_path",
    "_staging",
    "build",
    "check_dest",
    "interval",
    "one_round",
    "publish",
    "recover",
    "require_rsync",
    "run_live",
    "sync",
]


#: rsync options of a published round (the same as ``invoke publish``): new files wait in
#: rsync's temporary folders until all have arrived and are then renamed in place
#: (``--delay-updates``), and files gone from the site are deleted only after that
#: (``--delete-after``), so readers never see a half-uploaded site nor a page whose
#: stylesheet was already deleted.
RSYNC_OPTIONS = ["-az", "--delay-updates", "--delete-after", "--chmod=D755,F644"]
#: What to install when rsync is missing (Debian and Ubuntu name the package ``rsync``).
RSYNC_MISSING = (
    "rsync is not installed (not found on PATH); expected rsync to upload the site "
    "(Debian/Ubuntu: sudo apt install rsync)"
)
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


def require_rsync() -> None:
    """Raise :class:`LiveError` before anything is built when rsync is not on ``PATH``."""
    if shutil.which("rsync") is None:
        raise LiveError(RSYNC_MISSING)


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
    # the rounds' builds in forks of one process that imported Pelican and the plugins
    warm = WarmBuilds(root, publish_settings or settings_file) if hasattr(os, "fork") else None
    with _live_lock(root), interruptible(terminate=True), _stopped(warm):
        recover(output)
        streams = f"{len(sources)} {'stream' if len(sources) == 1 else 'streams'}"
        say(
            f"live: edition {edition}, {streams if sources else 'no streams (schedule only)'}"
            f", a round every {_duration(every)}; Ctrl-C stops"
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
                        warm,
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
    warm: WarmBuilds | None = None,
) -> str:
    """Fetch, build (publish); returns the round's status line. ``warm``: build in its
    forks (:class:`.livebuild.WarmBuilds`), else in a fresh interpreter."""
    from plugins.planet.api import run_fetch

    stamp = datetime.now().astimezone().strftime("%H:%M:%S")
    if sources:
        summary = run_fetch(root, settings, sources=sources)
        failed = summary.failed
        line = (
            f"round {number} at {stamp}: {summary.new_entries} new "
            f"{'post' if summary.new_entries == 1 else 'posts'}, {len(failed)} failed "
            f"{'feed' if len(failed) == 1 else 'feeds'}"
        )
        if failed:
            line += " (" + "; ".join(one_line(f"{o.id}: {o.error}", 120) for o in failed) + ")"
    else:
        line = f"round {number} at {stamp}: no streams to fetch"
    started = time.monotonic()
    # a publishing round records the schedule's changes in the snapshots (data/schedule/)
    schedules = publication(settings) if publish_settings is not None else None
    extra = [schedules.setting] if schedules is not None else []
    built = build(root, publish_settings or settings_file, output, extra, warm)
    if isinstance(built, int):
        if schedules is not None:
            schedules.failed()
        return f"{line}; build failed (exit status {built}), the site is unchanged"
    if built.skipped:
        line += f"; nothing to build in {time.monotonic() - started:.1f} s (inputs unchanged)"
    else:
        took = time.monotonic() - started
        line += f"; built in {took:.1f} s{_rendered(root, settings, output)}"
    line += f", {_count(len(built.changed), 'file')} changed, {len(built.removed)} removed"
    if schedules is not None:
        line += "; " + schedules.summary()
    if publish_settings is not None and dest:
        sent = publish(output, dest)
        line += "; " + sent
    return line


def publish(output: Path, dest: str) -> str:
    """rsync the output folder to ``dest``; returns what it did, for the status line."""
    done = subprocess.run(
        ["rsync", *RSYNC_OPTIONS, "--stats", "--", f"{output}/", check_dest(dest)],
        check=False,
        stdout=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    if done.returncode:
        return f"rsync failed (exit status {done.returncode})"
    found = re.search(r"^Number of regular files transferred: ([\d,.]+)", done.stdout, re.M)
    sent = int(re.sub(r"\D", "", found.group(1))) if found else None
    return "published" + ("" if sent is None else f", {_count(sent, 'file')} sent")


def _rendered(root: Path, settings: dict, output: Path) -> str:
    """`` (N pages rendered, M unchanged)`` from the render cache's record of the build."""
    from plugins.core.buildcache import last_build

    counts = last_build(root, _staging(output), settings.get("CACHE_PATH") or "cache")
    if not counts:
        return ""
    return f" ({counts['rendered']:,} rendered, {counts['unchanged']:,} unchanged)"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@contextlib.contextmanager
def _stopped(warm: WarmBuilds | None) -> Iterator[None]:
    """The warm build process ends with the loop, however the loop ends."""
    try:
        yield
    finally:
        if warm is not None:
            warm.stop()


@contextlib.contextmanager
def _live_lock(root: Path) -> Iterator[None]:
    """One ``live`` per project (the store's own lock guards each fetch as well)."""
    from plugins.planet.api import LockError, fetch_lock

    try:
        with fetch_lock(root, LOCK_NAME):
            yield
    except LockError as exc:
        raise LiveError(str(exc).replace("another fetch", "another live loop")) from None


def _edition_sources(root: Path, settings: dict, edition: str) -> list:
    """The edition's stream feeds (none for an edition that only has a schedule)."""
    from plugins.conference.api import load_edition_index
    from plugins.planet.api import edition_stream_ids, load_sources

    content = Path(settings.get("PATH") or root / "content")
    editions = load_edition_index({**settings, "PATH": str(content)})
    if edition not in editions:
        raise LiveError(
            f"unknown edition {edition!r}; expected one of: {', '.join(sorted(editions)) or 'none'}"
        )
    sources = load_sources(root, settings)
    ids = set(edition_stream_ids(sources, edition))
    return [source for source in sources if source.id in ids]


def _output_path(root: Path, settings_file: Path) -> Path:
    output = Path(read_settings_file(settings_file).get("OUTPUT_PATH") or "output")
    return output if output.is_absolute() else (root / output)


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
