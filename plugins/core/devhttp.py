"""``invoke dev``'s server: the output folder on loopback, plus the reload channel.

:class:`DevServer` is the standard library's threaded HTTP server serving the output
folder as ``invoke serve`` does (Pelican's handler), plus two URLs under :data:`PREFIX`:
the server-sent-events stream (:data:`EVENTS_PATH`, fed by :class:`Events`) and the
script that listens to it (:data:`SCRIPT_PATH`), which :func:`inject` adds to every HTML
page the server sends. The build loop that publishes the events is
:mod:`plugins.core.devserver`; the whole protocol is described there.
"""

from __future__ import annotations

import html
import os
import queue
import secrets
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from pelican.server import ComplexHTTPRequestHandler

#: The server's own URLs start with this; Pelican never writes such a folder.
PREFIX = "/__dev__/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" data-build="{{build}}" defer></script>'
#: Seconds between keep-alive comments on an idle event stream.
KEEPALIVE = 15.0
#: What the event stream asks the browser to wait before reconnecting (ms).
RETRY_MS = 500

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
    function reload(event) {
      seen = event.data;
      location.reload();
    }
    source.addEventListener("preview", reload);
    source.addEventListener("reload", reload);
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
        """Send ``kind`` to every stream; a ``reload`` or a ``preview`` counts a new build."""
        with self._lock:
            if kind in ("reload", "preview"):
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
