"""``invoke dev``: build, serve on loopback, rebuild on every save, reload the open tab.

The writer's loop. One build at start, then one per batch of changes that ``watchfiles``
reports in the watched folders (content, data, theme, plugins, catalogs, settings). Each
build runs Pelican (``pelican.main``, as ``python -m pelican``) in a fork of a warm process
that has imported Pelican and the settings' plugins once (:data:`WARM_SCRIPT`; a saved
``.py`` file starts a new one, so an edited plugin or setting takes effect; without
``fork``, a fresh interpreter per build), with the caches on (:data:`CACHED_BUILD`, as
``invoke live`` builds), into a staging folder kept beside the output (``<output>.dev/``),
and search indexing deferred (``SEARCH_DEFER_INDEX``). A build that succeeds is mirrored
onto the served folder (:func:`plugins.core.mirror.mirror`: only files whose bytes changed
are replaced, each atomically), then every open tab is told to reload; Pagefind then
indexes the staging folder in the background and its bundle is mirrored in the same way.
A build that fails prints its located error lines (Pelican's own console lines, relayed)
and leaves the served folder as it was: the last good site stays up.

The server (:class:`DevServer`) is the standard library's threaded HTTP server on
loopback, serving the output folder as ``invoke serve`` does, plus two URLs of its own
under :data:`PREFIX`:

- ``/__dev__/events``: a server-sent-events stream (``text/event-stream``). On connecting
  a client gets ``hello`` (this server's run and build number), then ``reload`` after each
  build that changed the site (``unchanged`` after one that did not), ``failed`` (the
  error lines, JSON) after a failed build and ``indexed`` when search has caught up; a
  comment every :data:`KEEPALIVE` seconds keeps the connection open through idle times.
- ``/__dev__/reload.js``: the script that listens to it. The server adds
  ``<script src="/__dev__/reload.js" data-build="…" defer></script>`` to every HTML page
  *it sends* (before ``</body>``); the files on disk never have it, so ``output/`` stays
  what ``invoke build`` writes. The script reloads the page on ``reload``, and on a
  ``hello`` from another run or build than the one the page was served from (the server
  was restarted, or a build finished before the stream connected or while it was down);
  when the connection is lost it keeps trying (``EventSource`` retries on its own; the
  script opens a new one if the browser gave up).

Server-sent events need nothing beyond ``http.server``: one long response per tab, written
by its own thread. A WebSocket library or livereload would add a dependency for a channel
that only ever goes from the server to the page.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler

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
#: The server's own URLs start with this; Pelican never writes such a folder.
PREFIX = "/__dev__/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" data-build="{{build}}" defer></script>'
#: Seconds between keep-alive comments on an idle event stream.
KEEPALIVE = 15.0
#: What the event stream asks the browser to wait before reconnecting (ms).
RETRY_MS = 500
#: watchfiles' grouping of changes: a batch ends after STEP_MS without a new change (or
#: DEBOUNCE_MS at most), so an editor's write, rename and chmod make one build.
DEBOUNCE_MS, STEP_MS = 1600, 50
#: Names in the watched folders that never start a build: editors' and our own temporary
#: files, and the planet's fetch lock (the same as ``invoke regenerate``'s).
IGNORED = (r"^\..*\.tmp$", r"^\.fetch\.lock$")

#: The warm builder (:class:`Warm`): a process that imports Pelican and the settings'
#: plugins once, then forks one child per build, which runs ``pelican.main`` as
#: ``python -m pelican`` would and exits. A child starts with everything imported (about
#: a second of CPU that a fresh interpreter pays on every build) and with nothing left
#: by an earlier build (it never ran one). It is started again when a Python file under
#: the watched folders changes (an edited plugin or settings module must be imported
#: anew). Lines starting with NUL are its own: ``ready`` and ``done <exit status>``.
WARM_SCRIPT = """\
import functools, gc, importlib, json, os, sys, traceback
root, settings_file = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
import pelican
from pelican.settings import read_settings
for name in read_settings(settings_file).get("PLUGINS") or []:
    importlib.import_module(name if isinstance(name, str) else name.__name__)
# what reading the settings memoized (conference.yaml by its mtime...) is not inherited:
# a build starts as a fresh interpreter's would, with the modules imported
for found in gc.get_objects():
    if isinstance(found, functools._lru_cache_wrapper):
        found.cache_clear()
print("\\0ready", flush=True)
for line in sys.stdin:
    child = os.fork()
    if child == 0:
        code = 0
        try:
            pelican.main(json.loads(line))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(child, 0)
    print(f"\\0done {os.waitstatus_to_exitcode(status)}", flush=True)
"""


RELOAD_JS = """\
/* invoke dev: reload this page when the site is rebuilt (served only by the dev server). */
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-build") : null;
  function connect() {
    var source = new EventSource("__EVENTS__");
    source.addEventListener("hello", function (event) {
      if (seen !== null && seen !== event.data) { location.reload(); }
      seen = event.data;
    });
    source.addEventListener("reload", function (event) {
      seen = event.data;
      location.reload();
    });
    source.addEventListener("failed", function (event) {
      var lines = JSON.parse(event.data).lines;
      console.warn("invoke dev: the build failed; the last good site is shown.\\n" +
        lines.join("\\n"));
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, __RETRY__);
      }
    };
  }
  connect();
})();
""".replace("__EVENTS__", EVENTS_PATH).replace("__RETRY__", str(RETRY_MS))


class Events:
    """The build events, fanned out to every connected event stream (one queue each)."""

    def __init__(self) -> None:
        self.run = secrets.token_hex(4)  # tells a restarted server from this one
        self.build = 0
        self._lock = threading.Lock()
        self._queues: set[queue.SimpleQueue] = set()
        self._closed = False

    @property
    def state(self) -> str:
        """The ``hello``/``reload`` data: this run and its build number."""
        return f"{self.run}.{self.build}"

    def subscribe(self) -> queue.SimpleQueue:
        """A new queue that receives every later event; ``None`` when the server stops."""
        mine: queue.SimpleQueue = queue.SimpleQueue()
        with self._lock:
            if self._closed:
                mine.put(None)
            self._queues.add(mine)
        return mine

    def unsubscribe(self, mine: queue.SimpleQueue) -> None:
        with self._lock:
            self._queues.discard(mine)

    def publish(self, kind: str, data: str | None = None) -> None:
        """Send ``kind`` to every stream; a ``reload`` counts a new build."""
        with self._lock:
            if kind == "reload":
                self.build += 1
            message = (kind, self.state if data is None else data)
            for each in self._queues:
                each.put(message)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._lock:
            self._closed = True
            for each in self._queues:
                each.put(None)

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._queues)


def event_message(kind: str, data: str) -> bytes:
    """One server-sent event (``data`` is a single line: JSON or a token)."""
    return f"event: {kind}\ndata: {data}\n\n".encode()


def inject(page: bytes, build: str) -> bytes:
    """``page`` with :data:`SCRIPT_TAG` before its last ``</body>`` (at the end if none).

    ``build`` (:attr:`Events.state`, the build the page is served from) tells the script
    whether a ``hello`` is news: a rebuild that ended between the page's loading and its
    stream's connecting still reloads it."""
    tag = SCRIPT_TAG.format(build=html.escape(build)).encode()
    at = page.lower().rfind(b"</body>")
    if at < 0:
        return page + tag
    return page[:at] + tag + page[at:]


class DevHandler(ComplexHTTPRequestHandler):
    """``invoke serve``'s handler (Pelican's), plus the event stream, the reload script,
    the script added to HTML pages and ``Cache-Control: no-store`` on everything (a
    rebuilt page is never taken from the browser's cache)."""

    events: Events  # set on the subclass that :class:`DevServer` makes
    extensions_map = {  # noqa: RUF012 - the base class's attribute, extended
        **ComplexHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".atom": "application/atom+xml",
        ".ics": "text/calendar",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, msg_format: str, *args: object) -> None:  # a line per request: too many
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS_PATH:
            return self._stream()
        if path == SCRIPT_PATH:
            return self._send(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
        if path.startswith(PREFIX):
            return self.send_error(404)
        found = self._existing(path)
        if found is None:
            return self.send_error(404)
        file = Path(self.translate_path(found))
        if file.suffix == ".html" and file.is_file():
            state = self.events.state  # read before the file: a newer file only reloads again
            return self._send(inject(file.read_bytes(), state), "text/html; charset=utf-8")
        self.path = found
        return super(ComplexHTTPRequestHandler, self).do_GET()

    def _existing(self, path: str) -> str | None:
        """The request path as Pelican's server finds it (``/a`` may be ``/a.html`` or
        ``/a/index.html``), without its warning for a path not found."""
        slash = path.endswith("/")
        bare = path.rstrip("/")
        for suffix in self.SUFFIXES:
            if suffix == "/" and not slash:
                continue  # the base class redirects /folder to /folder/
            if os.path.exists(self.translate_path(bare + suffix)):
                return bare + suffix
        return None

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        mine = self.events.subscribe()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            self.wfile.write(event_message("hello", self.events.state))
            self.wfile.flush()
            while True:
                try:
                    message = mine.get(timeout=KEEPALIVE)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    if message is None:
                        return
                    self.wfile.write(event_message(*message))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed or reloaded
        finally:
            self.events.unsubscribe(mine)
            self.close_connection = True


class DevServer:
    """The output folder served on ``host:port`` in a background thread, with events."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.events = Events()
        handler = type("Handler", (DevHandler,), {"events": self.events, "base_path": str(folder)})
        folder.mkdir(parents=True, exist_ok=True)

        class Server(ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.httpd = Server((host, port), handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> DevServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.events.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@dataclass
class Outcome:
    """What one build did: ``ok``, the console lines of a failure, files changed."""

    ok: bool
    seconds: float
    lines: list[str] = field(default_factory=list)
    changed: int = 0
    removed: int = 0


class Warm:
    """The warm builder's process (:data:`WARM_SCRIPT`); ``run`` builds in a fork of it."""

    def __init__(self, root: Path, settings_file: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WARM_SCRIPT, str(root), str(settings_file)],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
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


def watch_filter():
    """``watchfiles``' default filter, also ignoring :data:`IGNORED`."""
    from watchfiles import DefaultFilter

    return DefaultFilter(ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, *IGNORED))


def rebuild(builder: Builder, events: Events, say: Callable[[str], None] = print) -> Outcome:
    """Build once and tell the open tabs: ``reload`` when the site changed, ``failed``
    (with the error lines) when the build failed."""
    outcome = builder.build()
    if not outcome.ok:
        say(
            f"Build failed ({outcome.seconds:.1f} s); still serving the last good site. "
            "Fix the lines above and save."
        )
        events.publish("failed", json.dumps({"lines": outcome.lines[-50:]}))
        return outcome
    if outcome.changed or outcome.removed:
        events.publish("reload")
        tabs = events.listeners
        say(
            f"Built in {outcome.seconds:.1f} s: {outcome.changed} file(s) written, "
            f"{outcome.removed} removed; {tabs} open tab(s) told to reload"
        )
    else:
        events.publish("unchanged")
        say(f"Built in {outcome.seconds:.1f} s: no file changed")
    builder.start_index(lambda: events.publish("indexed"))
    return outcome


def run_dev(
    root: Path,
    settings_file: Path,
    output: Path,
    paths: Iterable[Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    index: bool = True,
    warm: bool = hasattr(os, "fork"),
    stop: threading.Event | None = None,
    ready: Callable[[DevServer], None] | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``output``, build, then rebuild on every batch of changes under ``paths``
    until ``stop`` is set (or Ctrl-C). ``ready`` is called with the running server."""
    # watchfiles' Rust watcher (the object its ``watch()`` wraps, documented as its "Rust
    # backend direct usage") is started before the first build: a save made while that
    # build runs is kept and starts the next one, none is lost.
    from watchfiles import Change
    from watchfiles._rust_notify import RustNotify

    paths = [Path(p) for p in paths]
    accept = watch_filter()
    builder = Builder(root, settings_file, output, say=say, index=index, warm=warm)
    with (
        DevServer(output, host, port) as server,
        RustNotify([str(p) for p in paths], False, False, 300, True, False) as watcher,
    ):
        say(f"Serving {output} at {server.url} with live reload (Ctrl-C to stop)")
        if ready is not None:
            ready(server)
        try:
            rebuild(builder, server.events, say)
            say("Watching " + ", ".join(_shown(root, p) for p in paths))
            while True:
                raw = watcher.watch(DEBOUNCE_MS, STEP_MS, 0, stop)
                if raw == "signal":
                    raise KeyboardInterrupt
                if raw == "stop":
                    return
                if raw == "timeout":
                    continue
                kept = {path for change, path in raw if accept(Change(change), path)}
                names = sorted(_shown(root, Path(path)) for path in kept)
                if not names:
                    continue
                more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                say(f"Changed: {', '.join(names[:3])}{more}; rebuilding")
                if any(path.endswith(".py") for path in kept):
                    builder.code_changed()
                rebuild(builder, server.events, say)
        finally:
            builder.close()


def _shown(root: Path, path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(root.resolve()))
    return str(path)


def main(argv: list[str] | None = None) -> int:
    """``python -m plugins.core.devserver``: what ``invoke dev`` runs (benchmarks too)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--settings", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-index", action="store_true", help="no Pagefind after builds")
    parser.add_argument(
        "--cold", action="store_true", help="each build in a fresh interpreter (no warm process)"
    )
    parser.add_argument("watch", nargs="+", type=Path, help="folders and files to watch")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        run_dev(
            args.root,
            args.settings,
            args.output,
            args.watch,
            host=args.host,
            port=args.port,
            index=not args.no_index,
            warm=not args.cold,
            say=lambda line: print(line, flush=True),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
