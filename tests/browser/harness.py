"""Browser helpers shared by the tests and fixtures of tests/browser (no fixtures here)."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 800}
BLOCKED = "net::ERR_BLOCKED_BY_CLIENT"  # what Chromium logs for a request we aborted


@dataclass
class Traffic:
    """What pages asked for: every request URL, and the problems the tests must not see."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self, foreign_ok: bool = False) -> list[str]:
        """Requests to other hosts and console errors; with ``foreign_ok``, only the
        console errors that are not the browser reporting a request we blocked."""
        if foreign_ok:
            return [f"console error: {text}" for text in self.console_errors if BLOCKED not in text]
        return [f"request to another host: {url}" for url in self.external] + [
            f"console error: {text}" for text in self.console_errors
        ]


def is_local(url: str) -> bool:
    """A URL the tests may load: the loopback server, or in-page data/blob/about URLs."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname == LOCAL_HOST


def open_context(browser, traffic: Traffic, **options):
    """A browser context whose pages record every request and console error into
    ``traffic`` and whose requests to other hosts are aborted."""
    options = {
        "viewport": VIEWPORT,
        "locale": "en-US",
        "timezone_id": "UTC",
        "service_workers": "block",
        **options,
    }
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)

    def on_page(page):
        def on_request(request):
            traffic.requests.append(request.url)
            if not is_local(request.url):
                traffic.external.append(request.url)

        def on_console(message):
            if message.type == "error":
                traffic.console_errors.append(f"{page.url}: {message.text}")

        page.on("request", on_request)
        page.on("console", on_console)
        page.on("pageerror", lambda error: traffic.console_errors.append(f"{page.url}: {error}"))

    context.on("page", on_page)
    return context


@contextlib.contextmanager
def serving(folder: Path, handler: type = SimpleHTTPRequestHandler) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) with ``handler`` while the block runs;
    yields the base URL (``http://127.0.0.1:<port>``)."""
    server = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
