"""``invoke dev``'s builds: Pelican in a fork of a warm process, mirrored when good.

:class:`Builder` builds into the staging folder (``<output>.dev/``) with the settings of
:data:`CACHED_BUILD`, in a fork of the warm process (:class:`Warm`, :data:`WARM_SCRIPT`)
or, without ``fork``, in a fresh ``python -m pelican``; a build that succeeds is mirrored
onto the served folder (:func:`plugins.core.mirror.mirror`), and Pagefind then indexes the
staging folder in the background. What it did is an :class:`Outcome`. The loop that
calls it on every save is :mod:`plugins.core.devserver`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomic
from .mirror import mirror

#: Settings every dev build runs with, whatever the settings file says (those of ``invoke
#: live``): the staging output is kept and the caches are used; search is indexed after
#: the pages, in the background.
CACHED_BUILD = {
    "DELETE_OUTPUT_DIRECTORY": "false",
    "CACHE_CONTENT": "true",
    "LOAD_CONTENT_CACHE": "true",
    "RENDER_CACHE": "true",
    "SEARCH_DEFER_INDEX": "true",
}

#: The warm builder (:class:`Warm`): a process that imports Pelican and the settings'
#: plugins once, then forks one child per build, which runs ``pelican.main`` as
#: ``python -m pelican`` would. A child starts with everything imported (about a second of
#: CPU that a fresh interpreter pays on every build) and with nothing left by an earlier
#: build (it never ran one). A child whose build succeeded stays, holding that build's
#: objects, to re-render saved pages on request (:mod:`plugins.core.devpreview`) until the
#: next build starts. The warm process is started again when a Python file under the
#: watched folders changes (an edited plugin or settings module must be imported anew).
#: Its input lines are JSON: Pelican's arguments (a build) or a preview request; lines
#: starting with NUL are its own: ``ready``, ``done <exit status>``, ``previewed <JSON>``.
#: Started with ``builds`` as its third argument (``invoke live``), no child stays: each
#: ends with its build.
WARM_SCRIPT = """\
import functools, gc, importlib, json, os, sys, traceback
root, settings_file = sys.argv[1], sys.argv[2]
previews = sys.argv[3:] != ["builds"]
sys.path.insert(0, root)
try:
    import pelican
    from pelican.settings import read_settings
    for name in read_settings(settings_file).get("PLUGINS") or []:
        importlib.import_module(name if isinstance(name, str) else name.__name__)
    # after the settings, which put the plugins' folder on the path (a site outside the
    # repository)
    from plugins.core import devpreview
except BaseException:
    sys.exit(1)  # quietly: the build then runs in a fresh interpreter, which says why
# what reading the settings memoized (conference.yaml by its mtime...) is not inherited:
# a build starts as a fresh interpreter's would, with the modules imported
for found in gc.get_objects():
    if isinstance(found, functools._lru_cache_wrapper):
        found.cache_clear()
print("\\0ready", flush=True)
resident = None  # (pid, requests, replies) of the last good build's child
def end_resident():
    global resident
    if resident is not None:
        resident[1].close()  # the child reads the end of its requests and exits
        resident[2].close()
        os.waitpid(resident[0], 0)
        resident = None
def ask(request):
    global resident
    if resident is None:
        return {"skipped": "no build to preview from"}
    try:
        resident[1].write(json.dumps(request) + "\\n")
        resident[1].flush()
        answer = resident[2].readline()
    except OSError:
        answer = ""
    if not answer:
        end_resident()
        return {"skipped": "the preview process ended"}
    return json.loads(answer)
for line in sys.stdin:
    request = json.loads(line)
    if isinstance(request, dict):
        print("\\0previewed " + json.dumps(ask(request)), flush=True)
        continue
    end_resident()
    asked, ask_end = os.pipe()
    tell_end, told = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(ask_end)
        os.close(tell_end)
        code = 0
        recorder = devpreview.Recorder() if previews else None
        try:
            pelican.main(request)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        try:
            os.write(told, f"{code}\\n".encode())
            if code == 0 and recorder is not None:
                devpreview.serve(recorder, asked, told)
        finally:
            os._exit(code)
    os.close(asked)
    os.close(told)
    replies = os.fdopen(tell_end, "r", encoding="utf-8")
    status = replies.readline()
    if status.strip() == "0" and previews:
        resident = (child, os.fdopen(ask_end, "w", encoding="utf-8"), replies)
        code = 0
    else:
        os.close(ask_end)
        replies.close()
        _, waited = os.waitpid(child, 0)
        code = int(status) if status.strip() else os.waitstatus_to_exitcode(waited)
    print(f"\\0done {code}", flush=True)
"""


@dataclass
class Outcome:
    """What one build did: ``ok``, the console lines of a failure, files changed."""

    ok: bool
    seconds: float
    lines: list[str] = field(default_factory=list)
    changed: int = 0
    removed: int = 0


@dataclass
class Preview:
    """What a preview did: the pages it wrote (relative to the output) or why it did not."""

    written: list[str]
    skipped: str | None
    seconds: float


class Warm:
    """The warm builder's process (:data:`WARM_SCRIPT`); ``run`` builds in a fork of it."""

    def __init__(self, root: Path, settings_file: Path, *, previews: bool = True) -> None:
        """``previews``: a good build's child stays for previews, and its warnings come
        with its output lines (``invoke dev``); else each child ends with its build and
        its standard error is this process's (``invoke live``)."""
        script = [sys.executable, "-c", WARM_SCRIPT, str(root), str(settings_file)]
        self.process = subprocess.Popen(
            script if previews else [*script, "builds"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if previews else None,
            text=True,
            errors="replace",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # Ctrl-C reaches the dev loop, which stops it
        )
        self.ready: bool | None = None  # None until it says ready or ends

    def wait_ready(self) -> bool:
        """Whether it started (its import errors, if any, are for the build to report)."""
        if self.ready is None:
            self.ready = False
            assert self.process.stdout is not None
            for line in self.process.stdout:
                if line.rstrip("\n") == "\0ready":
                    self.ready = True
                    break
        return self.ready and self.process.poll() is None

    def run(self, args: list[str], say: Callable[[str], None]) -> tuple[int | None, list[str]]:
        """Build with Pelican's ``args`` in a fork; (exit status or None if the warm
        process died, the lines printed)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        lines: list[str] = []
        try:
            self.process.stdin.write(json.dumps(args) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return None, lines
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if line.startswith("\0done "):
                return int(line.removeprefix("\0done ")), lines
            lines.append(line)
            say(line)
        return None, lines

    def preview(self, paths: list[str], into: Path, say: Callable[[str], None]) -> dict | None:
        """Ask the last good build's process to re-render the pages of ``paths`` into
        ``into`` (:mod:`plugins.core.devpreview`); its answer, None if it died."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps({"preview": paths, "into": str(into)}) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        for line in self.process.stdout:
            line = line.rstrip("\n")
            if line.startswith("\0previewed "):
                return json.loads(line.removeprefix("\0previewed "))
            say(line)
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class Builder:
    """Builds into the staging folder and mirrors a good build onto the served one."""

    def __init__(
        self,
        root: Path,
        settings_file: Path,
        output: Path,
        *,
        say: Callable[[str], None] = print,
        index: bool = True,
        warm: bool = hasattr(os, "fork"),
    ) -> None:
        self.root, self.settings_file, self.output = root, settings_file, output
        self.staging = output.with_name(output.name + ".dev")
        self.say = say
        self.index = index
        self.warm = warm
        self._warm: Warm | None = Warm(root, settings_file) if warm else None
        self.lock = threading.Lock()  # one mirror onto the served folder at a time
        self._indexer: subprocess.Popen | None = None
        self._index_thread: threading.Thread | None = None

    def arguments(self) -> list[str]:
        """Pelican's command-line arguments of a dev build."""
        arguments = ["-s", str(self.settings_file), "-o", str(self.staging), "-e"]
        return arguments + [f"{name}={value}" for name, value in CACHED_BUILD.items()]

    def command(self) -> list[str]:
        return [sys.executable, "-m", "pelican", *self.arguments()]

    def code_changed(self) -> None:
        """A Python file changed: the warm process has the old code; start a new one."""
        if self._warm is not None:
            self._warm.stop()
            self._warm = Warm(self.root, self.settings_file)

    def close(self) -> None:
        self.stop_index()
        if self._warm is not None:
            self._warm.stop()
            self._warm = None

    def build(self) -> Outcome:
        """One build; its console lines are relayed as they come. In a fork of the warm
        process when it is up; else (no ``fork``, or it could not import the settings'
        plugins: the build then shows why) in a fresh ``python -m pelican``."""
        self.stop_index()
        started = time.perf_counter()
        status: int | None = None
        lines: list[str] = []
        if self._warm is not None and self._warm.wait_ready():
            status, lines = self._warm.run(self.arguments(), self.say)
        if status is None:
            status, lines = self._cold_build()
        if self.warm and (self._warm is None or self._warm.process.poll() is not None):
            if self._warm is not None:
                self._warm.stop()
            self._warm = Warm(self.root, self.settings_file)  # ready for the next save
        if status:
            return Outcome(False, time.perf_counter() - started, [x for x in lines if x.strip()])
        with self.lock:
            result = mirror(self.staging, self.output)
        return Outcome(
            True, time.perf_counter() - started, [], len(result.changed), len(result.removed)
        )

    def preview(self, paths: list[str]) -> Preview:
        """Re-render the pages of the saved Markdown files ``paths`` with the last good
        build's objects and copy them onto the served folder, each atomically; the full
        build must follow (:mod:`plugins.core.devpreview`). Skipped without a warm
        process."""
        started = time.perf_counter()
        if self._warm is None or not self._warm.wait_ready():
            return Preview([], "no warm build process", 0.0)
        scratch = self.output.with_name(self.output.name + ".preview")
        answer = self._warm.preview(paths, scratch, self.say) or {"skipped": "no answer"}
        skipped, copied = answer.get("skipped"), []
        try:
            with self.lock:
                for name in answer.get("written", []):
                    target = (self.output / str(name)).resolve()
                    target.relative_to(self.output.resolve())  # only inside the output
                    write_atomic(target, (scratch / str(name)).read_bytes(), durable=False)
                    copied.append(str(name))
        except (OSError, ValueError) as error:  # the full build that follows writes them
            skipped = f"{type(error).__name__}: {error}"
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return Preview(copied, skipped, time.perf_counter() - started)

    def _cold_build(self) -> tuple[int, list[str]]:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        child = subprocess.Popen(
            self.command(),
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
        )
        lines = []
        assert child.stdout is not None
        for line in child.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            self.say(line)
        return child.wait(), lines

    def start_index(self, done: Callable[[], None]) -> None:
        """Index the staging folder with Pagefind in the background, then mirror it."""
        if not self.index:
            return
        command = [sys.executable, "-m", "plugins.search", str(self.staging)]
        command += ["--settings", str(self.settings_file)]
        indexer = subprocess.Popen(
            command, cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self._indexer = indexer

        def wait() -> None:
            _, errors = indexer.communicate()
            if indexer.returncode == 0:
                with self.lock:
                    if self._indexer is indexer:  # not stopped by a newer build
                        mirror(self.staging, self.output)
                done()
            elif indexer.returncode > 0:  # a negative status: stopped by a newer build
                for line in errors.splitlines():
                    self.say(line)

        self._index_thread = threading.Thread(target=wait, daemon=True)
        self._index_thread.start()

    def stop_index(self) -> None:
        indexer, self._indexer = self._indexer, None
        if indexer is not None and indexer.poll() is None:
            indexer.terminate()
        if self._index_thread is not None:
            self._index_thread.join()
            self._index_thread = None
