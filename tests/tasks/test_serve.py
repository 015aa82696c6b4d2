"""The loopback server of the page checks (``invoke lighthouse``, screenshots): text
files gzipped for clients that accept it, as static hosts serve them; others as they are."""

from __future__ import annotations

import gzip
import urllib.request

from tools.loopback import serve_quietly


def _get(url: str, encoding: str | None) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding or "identity"})
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        return dict(response.headers), response.read()


def test_text_is_gzipped_for_clients_that_accept_it(tmp_path):
    page = "<!DOCTYPE html><p>微动力 " + "micro power " * 200 + "</p>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    with serve_quietly(tmp_path, compress=True) as base:
        headers, body = _get(f"{base}/index.html", "gzip, deflate")
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(body).decode("utf-8") == page
        assert int(headers["Content-Length"]) == len(body) < len(page.encode()) / 5
        headers, body = _get(f"{base}/index.html", None)  # asked for nothing: as it is
        assert "Content-Encoding" not in headers and body.decode("utf-8") == page
        headers, body = _get(f"{base}/photo.jpg", "gzip")  # images are never compressed
        assert "Content-Encoding" not in headers and body[:3] == b"\xff\xd8\xff"
    with serve_quietly(tmp_path) as base:  # the default: files as they are
        headers, body = _get(f"{base}/index.html", "gzip")
        assert "Content-Encoding" not in headers and body.decode("utf-8") == page
