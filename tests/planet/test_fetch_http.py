"""Fetching over HTTP on loopback: validators, errors, caps, redirects, address policy."""

from __future__ import annotations

import gzip
import io
import json
import threading
from pathlib import Path

import pytest

from plugins.planet import fetch as fetch_module
from plugins.planet.__main__ import main as planet_command
from plugins.planet.fetch import run_fetch
from plugins.planet.lock import FetchBusy, fetch_lock
from plugins.planet.netguard import DOCS_SECTION, refusal
from plugins.planet.sources import FeedSource
from plugins.planet.store import Store

from .conftest import SIMPLE


def fetch(tmp_path, settings, **urls):
    sources = [FeedSource(feed_id, url) for feed_id, url in urls.items()]
    return run_fetch(tmp_path, settings, sources=sources)


def record(settings, feed_id):
    return Store(settings["PLANET_STORE_PATH"]).load(feed_id)


def test_conditional_get_second_fetch_is_all_304(tmp_path, settings, server, monkeypatch):
    urls = {f"feed{i}": server.add(f"/f{i}.xml", etag=f'"v{i}"') for i in range(3)}
    first = fetch(tmp_path, settings, **urls)
    assert first.fetched == 3 and first.new_entries == 6
    store = Path(settings["PLANET_STORE_PATH"])

    def files(folder):
        return {p.name: p.read_bytes() for p in folder.glob("*.json")}

    archives, states = files(store), files(store / "status")
    assert sorted(archives) == sorted(states) == ["feed0.json", "feed1.json", "feed2.json"]

    parsed = []
    monkeypatch.setattr(fetch_module, "parse_feed", lambda job: parsed.append(job))
    for name in archives:  # a 304 run must not even read the archives
        (store / name).write_bytes(b"unreadable")
    second = fetch(tmp_path, settings, **urls)
    assert second.not_modified == 3 and second.fetched == 0 and second.new_entries == 0
    assert parsed == []  # a 304 costs no parsing
    sent = [headers.get("If-None-Match") for path, headers in server.hits[-3:]]
    assert sorted(sent) == ['"v0"', '"v1"', '"v2"']
    assert set(files(store).values()) == {b"unreadable"}  # nor any write to them
    for name, text in files(store / "status").items():
        # Only the health fields of the run change in the fetch state.
        before, after = json.loads(states[name]), json.loads(text)
        assert after["status"] == 304
        for key in ("last_attempt", "last_success", "status"):
            before.pop(key), after.pop(key)
        assert after == before


def test_last_modified_is_sent_back(tmp_path, settings, server):
    stamp = "Sat, 14 Nov 2009 10:00:00 GMT"
    url = server.add(
        "/lm.xml", headers={"Content-Type": "application/rss+xml", "Last-Modified": stamp}
    )
    fetch(tmp_path, settings, lm=url)
    assert record(settings, "lm").last_modified == stamp
    fetch(tmp_path, settings, lm=url)
    assert server.hits[-1][1].get("If-Modified-Since") == stamp


class Stalled:
    """A route handler that answers only once the test releases it, counting the
    requests that reached it and those it answered: a fetch that returns while
    ``answered`` is 0 gave up on its own (no wall-clock bound in the test)."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.reached = self.answered = 0

    def __call__(self, handler) -> None:
        with self.lock:
            self.reached += 1
        self.released.wait(timeout=60)  # a bound on a hang, never reached by a passing run
        with self.lock:
            self.answered += 1
        handler._send(200, SIMPLE, {"Content-Type": "application/rss+xml"})


@pytest.fixture
def stalled():
    route = Stalled()
    yield route
    route.released.set()


def test_timeout_is_a_failure_not_a_hang(tmp_path, settings, server, stalled):
    settings["PLANET_TIMEOUT"] = 0.5  # the read timeout that gives up on the silent server
    url = server.add("/slow.xml", handler=stalled)
    fast = server.add("/fast.xml")
    summary = fetch(tmp_path, settings, slow=url, fast=fast)
    assert stalled.answered == 0  # given up, not waited for
    assert [o.id for o in summary.failed] == ["slow"]
    assert "timed out" in summary.failed[0].error
    assert record(settings, "slow").consecutive_failures == 1
    assert summary.fetched == 1


def test_overall_deadline(tmp_path, settings, server, stalled):
    settings.update(
        PLANET_DEADLINE=0.3, PLANET_CONCURRENCY=1, PLANET_FEED_TIMEOUT=30.0, PLANET_TIMEOUT=30.0
    )
    urls = {f"s{i}": server.add(f"/s{i}.xml", handler=stalled) for i in range(3)}
    summary = fetch(tmp_path, settings, **urls)
    assert len(summary.failed) == 3
    # one at a time: the first request was never answered, and the deadline ended the
    # run before the other two were sent (a request still on its way can only lower
    # `reached`, so this never fails on a loaded machine)
    assert stalled.answered == 0 and stalled.reached <= 1


@pytest.mark.parametrize("status", [500, 404, 410])
def test_http_errors_are_reported_and_keep_entries(tmp_path, settings, server, status):
    url = server.add("/feed.xml")
    fetch(tmp_path, settings, bad=url)
    server.add("/feed.xml", status=status, body=b"error page")
    summary = fetch(tmp_path, settings, bad=url)
    (failure,) = summary.failed
    assert failure.error.startswith(f"HTTP {status}")
    stored = record(settings, "bad")
    assert stored.status == status and stored.consecutive_failures == 1
    assert len(stored.entries) == 2  # an entry once stored is never deleted
    assert stored.last_success is not None and stored.error.startswith(f"HTTP {status}")


def test_oversized_by_content_length(tmp_path, settings, server):
    settings["PLANET_MAX_BYTES"] = 4096
    url = server.add("/big.xml", body=SIMPLE + b" " * 10_000)
    (failure,) = fetch(tmp_path, settings, big=url).failed
    assert "too large" in failure.error


def test_oversized_without_content_length(tmp_path, settings, server):
    settings["PLANET_MAX_BYTES"] = 4096

    def stream(handler):  # HTTP/1.0-style body delimited by closing the connection
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x" * 1024)
        handler.close_connection = True

    url = server.add("/stream.xml", handler=stream)
    (failure,) = fetch(tmp_path, settings, big=url).failed
    assert "too large" in failure.error


def test_gzip_bomb_is_capped(tmp_path, settings, server):
    settings["PLANET_MAX_BYTES"] = 1024 * 1024
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb", compresslevel=9) as out:
        for _ in range(32):  # 32 MB of zeros, about 32 KB on the wire
            out.write(b"\0" * (1024 * 1024))
    url = server.add(
        "/bomb.xml",
        body=bomb.getvalue(),
        headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
    )
    (failure,) = fetch(tmp_path, settings, bomb=url).failed
    assert "decompressed" in failure.error


def test_gzip_feed_is_decoded(tmp_path, settings, server):
    url = server.add(
        "/gz.xml",
        body=gzip.compress(SIMPLE),
        headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
    )
    summary = fetch(tmp_path, settings, gz=url)
    assert summary.fetched == 1 and summary.new_entries == 2


def redirect(target: str, status: int = 301):
    def handler(h):
        h.send_response(status)
        h.send_header("Location", target)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


def test_permanent_redirect_updates_the_feed_url(tmp_path, settings, server):
    new = server.add("/new.xml")
    old = server.add("/old.xml", handler=redirect("/new.xml", 308))
    summary = fetch(tmp_path, settings, moving=old)
    (moved,) = summary.moved
    assert moved.moved == (old, new)
    assert record(settings, "moving").moved_to == new
    fetch(tmp_path, settings, moving=old)
    assert server.hits[-1][0] == "/new.xml"  # the next fetch goes straight to the new URL


def test_temporary_redirect_does_not_move(tmp_path, settings, server):
    server.add("/there.xml")
    url = server.add("/here.xml", handler=redirect("/there.xml", 302))
    summary = fetch(tmp_path, settings, temp=url)
    assert summary.fetched == 1 and not summary.moved
    assert record(settings, "temp").moved_to is None


def test_redirect_loop(tmp_path, settings, server):
    server.add("/a.xml", handler=redirect("/b.xml"))
    url = server.add("/b.xml", handler=redirect("/a.xml"))
    (failure,) = fetch(tmp_path, settings, loop=url).failed
    assert "redirect loop" in failure.error


def test_too_many_redirects(tmp_path, settings, server):
    settings["PLANET_MAX_REDIRECTS"] = 3
    for i in range(6):
        server.add(f"/r{i}.xml", handler=redirect(f"/r{i + 1}.xml", 302))
    (failure,) = fetch(tmp_path, settings, chain=server.url("/r0.xml")).failed
    assert "too many redirects" in failure.error


def test_redirect_to_a_file_is_refused(tmp_path, settings, server):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(SIMPLE)
    url = server.add("/to-file.xml", handler=redirect(secret.as_uri()))
    (failure,) = fetch(tmp_path, settings, sneaky=url).failed
    assert "refused URL scheme" in failure.error
    assert not record(settings, "sneaky").entries


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/feed.xml",
        "http://[::1]:9/feed.xml",
    ],
)
def test_redirect_to_a_refused_address(tmp_path, settings, server, target):
    url = server.add("/to-private.xml", handler=redirect(target))
    (failure,) = fetch(tmp_path, settings, sneaky=url).failed
    assert "refused address" in failure.error


def test_loopback_refused_unless_allowed(tmp_path, settings, server):
    settings["PLANET_ALLOWED_NETWORKS"] = []
    url = server.add("/feed.xml")
    (failure,) = fetch(tmp_path, settings, local=url).failed
    assert "refused address" in failure.error
    assert server.hits == []  # refused before any byte was sent
    # the refusal says why and what to do: the network, the setting, the docs section
    assert "(loopback network); expected a public address, or that network listed in " in (
        failure.error
    )
    assert f'PLANET_ALLOWED_NETWORKS (README, "{DOCS_SECTION}")' in failure.error
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"\n### {DOCS_SECTION}\n" in readme


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["10.1.2.3"], "(private network)"),
        (["169.254.169.254"], "(link-local network)"),
        (["::ffff:127.0.0.1"], "(loopback network)"),  # judged by the IPv4 it carries
        (["127.0.0.1", "192.168.0.1"], "(loopback and private network)"),
    ],
)
def test_the_refusal_names_the_network(addresses, kind):
    assert f"resolves to {', '.join(addresses)} {kind}; expected" in refusal("h", addresses)


def test_other_schemes_are_refused(tmp_path, settings):
    summary = fetch(tmp_path, settings, ftp="ftp://example.org/feed.xml", js="javascript:alert(1)")
    assert {o.id for o in summary.failed} == {"ftp", "js"}


def test_local_file_is_read_relative_to_the_project(tmp_path, settings):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "me.xml").write_bytes(SIMPLE)
    first = fetch(tmp_path, settings, me="feeds/me.xml")
    assert first.fetched == 1 and first.new_entries == 2
    assert fetch(tmp_path, settings, me="feeds/me.xml").not_modified == 1


def test_not_a_feed_is_a_failure(tmp_path, settings, server):
    url = server.add(
        "/page.html", body=b"<html><body>Oops</body></html>", headers={"Content-Type": "text/html"}
    )
    (failure,) = fetch(tmp_path, settings, html=url).failed
    assert "not a feed" in failure.error


def test_a_second_fetch_on_the_same_store_stops_before_touching_it(tmp_path, settings):
    """While one fetch holds the store, another one fails at once, deleting nothing (not
    even the first run's temporary files); once the first is done, fetching works."""
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "me.xml").write_bytes(SIMPLE)
    store = Path(settings["PLANET_STORE_PATH"])
    store.mkdir()
    in_flight = store / ".me.json.123.tmp"  # a write of the running fetch
    in_flight.write_text("{}")
    with fetch_lock(store):
        with pytest.raises(FetchBusy, match=r"another fetch is writing .*store.*process \d+"):
            fetch(tmp_path, settings, me="feeds/me.xml")
        assert in_flight.exists() and not (store / "me.json").exists()
    assert fetch(tmp_path, settings, me="feeds/me.xml").fetched == 1
    assert not in_flight.exists()  # a leftover once no fetch runs: cleaned up


def test_fetch_command_reports_a_busy_store(tmp_path, settings, capsys, monkeypatch):
    store = Path(settings["PLANET_STORE_PATH"])
    store.mkdir()
    (tmp_path / "pelicanconf.py").write_text(f"PLANET_STORE_PATH = {str(store)!r}\n")
    sources = [FeedSource("me", "feeds/me.xml")]
    monkeypatch.setattr("plugins.planet.__main__.load_sources", lambda root, cfg: sources)
    with fetch_lock(store):
        status = planet_command(["fetch", "--root", str(tmp_path)])
    assert status == 2
    assert "another fetch is writing" in capsys.readouterr().err


def test_a_deleted_archive_is_fetched_whole_again(tmp_path, settings, server):
    url = server.add("/f.xml", etag='"v1"')
    assert fetch(tmp_path, settings, me=url).fetched == 1
    archive = Path(settings["PLANET_STORE_PATH"]) / "me.json"
    archive.unlink()
    again = fetch(tmp_path, settings, me=url)
    assert again.fetched == 1 and again.new_entries == 2  # no If-None-Match: a 200
    assert "If-None-Match" not in server.hits[-1][1]
    assert len(record(settings, "me").entries) == 2
