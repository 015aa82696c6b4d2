"""A feed farm on loopback for benchmarks: many synthetic feeds behind slow servers.

300 feeds by default, each answered after ``latency`` seconds; 2% answer 500; half are
Chinese and one Chinese feed in six is GB2312-encoded (the rest UTF-8). Bodies are
generated once from a fixed seed, so every run and every tool sees the same bytes. ETags
are honoured (304), so a second run measures conditional GET. ``GET /_farm/stats`` tells
how many feed requests the farm has received, so a benchmark can show what a run sent.
With ``--max-age N`` the feeds also say ``Cache-Control: max-age=N`` (off by default: the
goal rows measure 304s).

Feeds are spread over ``hosts`` loopback addresses (127.0.0.1, 127.0.0.2, ...; feed ``i``
on host ``i % hosts``), 20 by default, so 15 feeds share each host, as many Chinese blogs
share a blog platform: a fetcher's per-host connection cap is exercised as it would be
in real life. Linux routes all of 127.0.0.0/8 to the loopback interface, so no setup is
needed. The server is one asyncio loop: the latency is ``asyncio.sleep``, which never
holds up other requests, and bodies are pre-built bytes, so the farm costs little CPU.

Run alone: ``python bench/planet/farm.py --port 8765`` (Ctrl-C to stop).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import random
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二"
    "理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义"
    "事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解"
    "连州博客网志年会微动力广天地"
)
WORDS = str.split(
    "conference blogger lianzhou micro power notes session keynote community open web "
    "writing feed archive photo travel city river morning evening friends talk"
)


def make_feed(index: int, entries: int = 20) -> tuple[bytes, str]:
    """The body of feed ``index`` and its content type (deterministic)."""
    rng = random.Random(index)
    chinese = index % 2 == 0
    codec = "gb2312" if chinese and (index // 2) % 6 == 0 else "utf-8"
    start = datetime(2009, 11, 1, tzinfo=UTC)
    items = []
    for n in range(entries):
        if chinese:
            title = "".join(rng.choice(HANZI) for _ in range(rng.randint(6, 14)))
            paragraphs = [
                "".join(rng.choice(HANZI) for _ in range(rng.randint(80, 200)))
                for _ in range(rng.randint(2, 6))
            ]
        else:
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
                for _ in range(rng.randint(2, 6))
            ]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        html += f'<p><a href="/post/{n}">more</a> <img src="/img/{n}.jpg" alt=""></p>'
        if n % 7 == 0:
            html += "<script>track()</script>"
        date = start + timedelta(hours=rng.randint(0, 24 * 35))
        items.append(
            f"<item><title>{escape(title)}</title>"
            f"<link>https://blog{index}.example/post/{n}</link>"
            f"<guid>https://blog{index}.example/post/{n}</guid>"
            f"<pubDate>{format_datetime(date)}</pubDate>"
            f"<description>{escape(html)}</description></item>"
        )
    lang = "zh-cn" if chinese else "en"
    text = (
        f'<?xml version="1.0" encoding="{codec}"?>\n<rss version="2.0"><channel>'
        f"<title>Blog {index}</title><link>https://blog{index}.example/</link>"
        f"<language>{lang}</language>{''.join(items)}</channel></rss>\n"
    )
    return text.encode(codec), f"application/rss+xml; charset={codec}"


def host_address(index: int, hosts: int) -> str:
    """The loopback address that serves feed ``index``."""
    return f"127.0.0.{1 + index % hosts}"


#: Answers, at once, ``{"requests": n, "failing_requests": m}``: the feed requests the farm
#: has received so far (this path not counted), and how many went to the failing paths.
STATS_PATH = "/_farm/stats"

REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 500: "Error"}


class Farm:
    """The farm server; ``start()`` runs it in a thread, ``urls`` lists its feeds.

    The same ``port`` is bound on every host address (0 picks a port free on all of them).
    """

    def __init__(
        self,
        feeds: int = 300,
        latency: float = 0.25,
        error_rate: float = 0.02,
        port: int = 0,
        hosts: int = 20,
        max_age: int = 0,
    ) -> None:
        if not 1 <= hosts <= 254:
            raise ValueError("hosts must be between 1 and 254")
        self.feeds, self.latency, self.hosts = feeds, latency, hosts
        self.max_age = max_age  # > 0: feeds say Cache-Control: max-age=N
        self.bodies = {f"/feed/{i}.xml": make_feed(i) for i in range(feeds)}
        self.failing = self.failing_paths(feeds, error_rate)
        self.etags = {
            path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            for path, (body, _) in self.bodies.items()
        }
        self.sockets = self._bind(port)
        self.port = self.sockets[0].getsockname()[1]
        self.requests = 0  # feed requests received (STATS_PATH excluded)
        self.failing_requests = 0  # of which to the paths that answer 500
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    @staticmethod
    def failing_paths(feeds: int, error_rate: float = 0.02) -> set[str]:
        """Paths that always answer HTTP 500 (a fetcher's expected failures)."""
        step = round(1 / error_rate) if error_rate else 0
        return {f"/feed/{i}.xml" for i in range(feeds) if step and i % step == step - 1}

    @property
    def urls(self) -> dict[str, str]:
        return {
            f"feed-{i}": f"http://{host_address(i, self.hosts)}:{self.port}/feed/{i}.xml"
            for i in range(self.feeds)
        }

    def _bind(self, port: int) -> list[socket.socket]:
        for _attempt in range(50):
            sockets: list[socket.socket] = []
            chosen = port
            try:
                for n in range(self.hosts):
                    sock = socket.socket()
                    sockets.append(sock)
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    sock.bind((f"127.0.0.{1 + n}", chosen))
                    chosen = sock.getsockname()[1]
                    sock.listen(1024)
                return sockets
            except OSError:
                for sock in sockets:
                    sock.close()
                if port:  # a fixed port taken on one of the addresses
                    raise
        raise OSError("no port free on every farm address")

    async def serve(self) -> None:
        """Serve until :meth:`stop` (or forever when run alone)."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        servers = [
            await asyncio.start_server(self._client, sock=sock, backlog=1024)
            for sock in self.sockets
        ]
        try:
            await self._stop.wait()
        finally:
            for server in servers:
                server.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                lines = request.decode("latin-1").split("\r\n")
                parts = lines[0].split()
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = value.strip()
                close = (
                    len(parts) < 3
                    or parts[2] == "HTTP/1.0"
                    or headers.get("connection", "").lower() == "close"
                )
                if len(parts) >= 2 and parts[1] == STATS_PATH:  # not a feed request
                    writer.write(self._stats(close))
                    await writer.drain()
                    if close:
                        break
                    continue
                self.requests += 1
                path = parts[1].split("?", 1)[0] if len(parts) >= 2 else ""
                if path in self.failing:
                    self.failing_requests += 1
                await asyncio.sleep(self.latency)  # never blocks the other requests
                writer.write(self._answer(parts, headers, close))
                await writer.drain()
                if close:
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    def _stats(self, close: bool) -> bytes:
        body = json.dumps(
            {"requests": self.requests, "failing_requests": self.failing_requests}
        ).encode()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n" + ("Connection: close\r\n" if close else "")
        )
        return head.encode("latin-1") + b"\r\n" + body

    def _answer(self, parts: list[str], headers: dict[str, str], close: bool) -> bytes:
        path = parts[1].split("?", 1)[0] if len(parts) >= 2 else ""
        reply: dict[str, str] = {}
        body = b""
        if len(parts) < 2 or parts[0] not in ("GET", "HEAD"):
            status = 400
        elif path not in self.bodies:
            status = 404
        elif path in self.failing:
            status, body = 500, b"internal error"
            reply["Content-Type"] = "text/plain"
        elif headers.get("if-none-match") == self.etags[path]:
            status = 304
            reply["ETag"] = self.etags[path]
        else:
            status = 200
            body, reply["Content-Type"] = self.bodies[path]
            reply["ETag"] = self.etags[path]
        if status in (200, 304) and self.max_age:
            reply["Cache-Control"] = f"max-age={self.max_age}"
        if status != 304:
            reply["Content-Length"] = str(len(body))
        if close:
            reply["Connection"] = "close"
        head = f"HTTP/1.1 {status} {REASONS[status]}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in reply.items()
        )
        payload = b"" if status == 304 or parts[0] == "HEAD" else body
        return head.encode("latin-1") + b"\r\n" + payload

    def start(self) -> Farm:
        """Serve from a daemon thread (its own event loop)."""
        ready = threading.Event()

        async def main() -> None:
            task = asyncio.create_task(self.serve())
            await asyncio.sleep(0)
            ready.set()
            await task

        self._thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(5)
        for sock in self.sockets:
            sock.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765, help="0: any free port")
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--max-age", type=int, default=0, help="> 0: send Cache-Control")
    args = parser.parse_args()
    farm = Farm(args.feeds, args.latency, port=args.port, hosts=args.hosts, max_age=args.max_age)
    # The first line is read by bench_fetch.py: "port N".
    print(f"port {farm.port}", flush=True)
    print(f"serving {args.feeds} feeds on 127.0.0.1-{args.hosts}, port {farm.port}")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(farm.serve())
