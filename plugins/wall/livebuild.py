"""A live round's build: incremental, skipped when nothing changed, safe to interrupt.

:func:`build` builds into ``<output>.live/`` (kept between rounds, caches on:
:data:`CACHED_BUILD`) in a fork of a warm process (:class:`WarmBuilds`) or a fresh
Pelican, unless the stamp of its inputs
(:mod:`plugins.core.inputstamp`) is that of the last successful build; a finished build
is mirrored onto the output folder by :func:`sync`, signals held back. Markers beside the
output folder record a build or a mirror under way, so that :func:`recover` can delete a
half build or complete a mirror that a crash cut short. The loop that runs the rounds,
and the guarantees this gives, are described in :mod:`plugins.wall.live`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import write_atomic
from plugins.core.devbuild import Warm
from plugins.core.inputstamp import input_stamps, tree_state
from plugins.core.mirror import MirrorResult, mirror
from plugins.core.siteconfig import read_settings_file

#: Settings every live build runs with, whatever the settings file says: the output of the
#: last round is kept and the caches are used (they are keyed by the settings).
CACHED_BUILD = {
    "DELETE_OUTPUT_DIRECTORY": "false",
    "CACHE_CONTENT": "true",
    "LOAD_CONTENT_CACHE": "true",
    "RENDER_CACHE": "true",
}


@dataclass
class Built(MirrorResult):
    """What a round's build changed in the output folder; ``skipped``: its inputs were
    those of the last build, so it was not run (:mod:`plugins.core.inputstamp`)."""

    skipped: bool = False


class WarmBuilds:
    """The rounds' builds in forks of one warm process (:class:`plugins.core.devbuild.Warm`
    without previews): it imports Pelican and the plugins once, so a round does not pay
    the 0.6–1 s of CPU a fresh interpreter's imports cost; each fork starts with nothing
    left by an earlier build, as a fresh ``python -m pelican`` does. The process is started
    again when the Python code among the build's inputs changed (a settings file, a
    plugin, a library: the second of :func:`plugins.core.inputstamp.input_stamps`), or
    when it died; when it cannot start, the round builds in a fresh interpreter."""

    def __init__(self, root: Path, settings_file: Path) -> None:
        self.root, self.settings_file = root, settings_file
        self.warm: Warm | None = None
        self._code: str | None = None

    @property
    def pid(self) -> int | None:
        """The warm process's id (a bench counts its CPU), None when it is not running."""
        return self.warm.process.pid if self.warm is not None else None

    def run(self, arguments: list[str], code: str) -> int | None:
        """Pelican with ``arguments`` in a fork; its exit status, or None when there is no
        warm process to build in (the caller then builds in a fresh one)."""
        if self.warm is not None and (code != self._code or self.warm.process.poll() is not None):
            self.stop()
        if self.warm is None:
            self.warm, self._code = Warm(self.root, self.settings_file, previews=False), code
        if not self.warm.wait_ready():
            self.stop()
            return None
        # its standard output (Pelican's summary) would drown the status lines; its
        # warnings and errors go to this process's standard error, as a fresh one's do
        status, _ = self.warm.run(arguments, lambda line: None)
        if status is None:
            self.stop()
        return status

    def kill(self) -> None:
        """Stop the warm process and the build it is running (an interrupted round)."""
        if self.warm is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.warm.process.pid, signal.SIGTERM)  # its session: the fork too
        self.stop()

    def stop(self) -> None:
        if self.warm is not None:
            self.warm.stop()
            self.warm = None


def build(
    root: Path,
    settings_file: Path,
    output: Path,
    extra: list[str] | None = None,
    warm: WarmBuilds | None = None,
) -> Built | int:
    """Build into ``<output>.live/`` (kept between rounds), then mirror it onto ``output``.

    Returns what the mirror changed, or Pelican's exit status when the build failed.
    ``extra``: more ``NAME=JSON`` settings for the build (a publishing round's time).
    Pelican runs in a child process (a fresh interpreter each round, as ``regenerate``
    does, so no state of one build leaks into the next); on an interrupt the child is
    stopped and the staging folder deleted before the interrupt goes on.

    When nothing the build reads changed since the last successful one (the stamp of its
    inputs, kept beside the output folder, is the same, and nothing wrote to the staging
    folder since), the build is not run: its output would be the staging folder as it is.
    ``extra`` is not an input: it only names the time of a publication, which dates the
    schedule changes a build records, and an unchanged schedule records none.
    """
    staging = _staging(output)
    stamp, code = _stamps(root, settings_file, output)
    known = _inputs(output)
    if known.get("inputs") == stamp and known.get("staging") == tree_state(staging):
        if known.get("output") == tree_state(output):
            return Built(skipped=True)  # and no one wrote to the output folder since
        result = sync(staging, output)
        _record(output, stamp)
        return Built(result.changed, result.removed, skipped=True)
    _record_path(output).unlink(missing_ok=True)
    building = _marker(output, "building")
    building.touch()
    arguments = ["-s", str(settings_file), "-o", str(staging), "--fatal", "warnings", "-q"]
    arguments += ["-e", *(f"{name}={value}" for name, value in CACHED_BUILD.items())]
    arguments += extra or []
    try:
        status = warm.run(arguments, code) if warm is not None else None
        if status is None:
            status = _fresh_build(root, arguments)
    except BaseException:
        if warm is not None:
            warm.kill()
        _discard(output)
        raise
    if status:
        _discard(output)
        return status
    building.unlink()
    result = sync(staging, output)
    _record(output, stamp)
    return Built(result.changed, result.removed)


def _fresh_build(root: Path, arguments: list[str]) -> int:
    """Pelican in a fresh interpreter; its exit status. Stopped with its children when
    the round is interrupted."""
    # its summary line would drown the status lines; its warnings and errors still show
    child = subprocess.Popen(
        [sys.executable, "-m", "pelican", *arguments],
        cwd=root,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        return child.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        raise


def _stamps(root: Path, settings_file: Path, output: Path) -> tuple[str, str]:
    """The stamps of what a build with ``settings_file`` into ``output`` reads and of its
    code (read anew each round: the settings may have been edited)."""
    from plugins.conference.api import outside_inputs

    settings = read_settings_file(settings_file)
    return input_stamps(
        root,
        settings,
        skip=[output, _staging(output)],
        extra=outside_inputs(settings),
    )


def _inputs(output: Path) -> dict:
    """The record of the last successful build (its inputs' stamp, the state of the
    staging and output folders after it), or an empty one."""
    try:
        known = json.loads(_record_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _record(output: Path, stamp: str) -> None:
    """Record a successful build of inputs ``stamp`` (after the mirror)."""
    record = {
        "inputs": stamp,
        "staging": tree_state(_staging(output)),
        "output": tree_state(output),
    }
    write_atomic(_record_path(output), json.dumps(record))


def sync(staging: Path, output: Path) -> MirrorResult:
    """Mirror the finished build onto the output folder, signals held back."""
    syncing = _marker(output, "syncing")
    with _signals_held():
        syncing.touch()
        result = mirror(staging, output)
        syncing.unlink()
    return result


def recover(output: Path) -> None:
    """Finish what a crash left: a mirror cut short is completed, a build never finished
    is deleted (and the folder an earlier version swapped out is put back or removed)."""
    previous = output.with_name(output.name + ".previous")
    if previous.exists() and not output.exists():
        previous.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
    staging, building, syncing = (
        _staging(output),
        _marker(output, "building"),
        _marker(output, "syncing"),
    )
    if building.exists():
        _discard(output)
    if syncing.exists():
        if staging.is_dir():
            sync(staging, output)  # removes the marker when done
        syncing.unlink(missing_ok=True)


def _discard(output: Path) -> None:
    """Delete a build never finished: its staging folder, its markers, and the record of
    the last build, which no longer describes the staging folder."""
    shutil.rmtree(_staging(output), ignore_errors=True)
    _marker(output, "building").unlink(missing_ok=True)
    _record_path(output).unlink(missing_ok=True)


def _record_path(output: Path) -> Path:
    """``.<output>.inputs`` beside the output folder: the last build's record, not a
    marker of a round cut short."""
    return output.with_name(f".{output.name}.inputs")


def _marker(output: Path, what: str) -> Path:
    """``.<output>.live-building`` or ``-syncing`` beside the output folder, never in it."""
    return output.with_name(f".{output.name}.live-{what}")


def _staging(output: Path) -> Path:
    return output.with_name(output.name + ".live")


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs (delivered right after)."""
    held = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
