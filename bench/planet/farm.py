"""A feed farm on loopback for benchmarks: many synthetic feeds behind a slow server.

300 feeds by default, each answered after ``latency`` seconds; 2% answer 500; half are
Chinese and one Chinese feed in six is GB2312-encoded (the rest UTF-8). Bodies are
generated once from a fixed seed, so every run and every tool sees the same bytes. ETags
are honoured (304), so a second run measures conditional GET.

Run alone: ``python bench/planet/farm.py --port 8765`` (Ctrl-C to stop).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class Farm:
    """The farm server; ``start()`` runs it in a thread, ``urls`` lists its feeds."""

    def __init__(
        self, feeds: int = 300, latency: float = 0.25, error_rate: float = 0.02, port: int = 0
    ) -> None:
        self.bodies = {f"/feed/{i}.xml": make_feed(i) for i in range(feeds)}
        step = round(1 / error_rate) if error_rate else 0
        self.failing = {f"/feed/{i}.xml" for i in range(feeds) if step and i % step == step - 1}
        self.etags = {
            path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            for path, (body, _) in self.bodies.items()
        }
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                time.sleep(latency)
                if self.path not in farm.bodies:
                    return self._reply(404, b"", {})
                if self.path in farm.failing:
                    return self._reply(500, b"internal error", {"Content-Type": "text/plain"})
                body, content_type = farm.bodies[self.path]
                etag = farm.etags[self.path]
                if self.headers.get("If-None-Match") == etag:
                    return self._reply(304, b"", {"ETag": etag})
                return self._reply(200, body, {"Content-Type": content_type, "ETag": etag})

            def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        ThreadingHTTPServer.request_queue_size = 512
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True

    @property
    def urls(self) -> dict[str, str]:
        port = self.httpd.server_address[1]
        return {
            f"feed-{path.split('/')[-1][:-4]}": f"http://127.0.0.1:{port}{path}"
            for path in self.bodies
        }

    def start(self) -> Farm:
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.25)
    args = parser.parse_args()
    farm = Farm(args.feeds, args.latency, port=args.port)
    print(f"serving {args.feeds} feeds on http://127.0.0.1:{args.port}/feed/<n>.xml")
    farm.httpd.serve_forever()
