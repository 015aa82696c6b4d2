"""Fixtures of the planet tests: a loopback feed server and fetch settings for it."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import require_corpora

ROOT = Path(__file__).resolve().parents[2]


def rss(title: str, items: list[tuple[str, str, str]], encoding: str = "utf-8") -> bytes:
    """A small RSS 2.0 document; ``items`` are (guid, title, pubDate)."""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{name}</title>"
        f"<link>https://blog.example.org/{guid}</link><pubDate>{date}</pubDate>"
        f"<description>&lt;p&gt;{name}&lt;/p&gt;</description></item>"
        for guid, name, date in items
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://blog.example.org/</link>{body}</channel></rss>\n"
    )
    return text.encode(encoding)


SIMPLE = rss(
    "Blog",
    [
        ("a1", "First post", "Sat, 14 Nov 2009 10:00:00 +0800"),
        ("a2", "Second post", "Sun, 15 Nov 2009 10:00:00 +0800"),
    ],
)


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = SIMPLE
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/rss+xml"})
    etag: str | None = None  # answer 304 to a matching If-None-Match
    delay: float = 0.0
    handler: Callable | None = None  # full control: handler(request_handler)


class FeedServer:
    """A threaded HTTP server on 127.0.0.1, port chosen by the OS."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:
                server.hits.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(404, b"not found", {})
                if route.delay:
                    time.sleep(route.delay)
                if route.handler:
                    return route.handler(self)
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        return self._send(304, b"", headers)
                return self._send(route.status, route.body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, **route) -> str:
        """Serve ``path``; returns its full URL."""
        self.routes[path] = Route(**route)
        return self.url(path)


@pytest.fixture
def server():
    """A running :class:`FeedServer`, shut down after the test."""
    feed_server = FeedServer()
    feed_server.thread.start()
    yield feed_server
    feed_server.httpd.shutdown()
    feed_server.httpd.server_close()


@pytest.fixture
def settings(tmp_path) -> dict:
    """Fetch settings for loopback tests: short timeouts, store in tmp, parse in-process."""
    return {
        "PLANET_STORE_PATH": str(tmp_path / "store"),
        "PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"],
        "PLANET_TIMEOUT": 1.0,
        "PLANET_FEED_TIMEOUT": 3.0,
        "PLANET_PARSE_WORKERS": 1,
        "PLANET_NEW_FEED_DAYS": None,
    }


@pytest.fixture
def corpora() -> Path:
    """The shared real-world corpora folder (skipped in a fork, required on CI)."""
    require_corpora("feedparser")
    return require_corpora("real-feeds").parent


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzip-compressed (for Content-Encoding tests)."""
    return gzip.compress(data, compresslevel=9)
