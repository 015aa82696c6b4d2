"""Honouring the server's "not yet": freshness (Cache-Control, Expires) and Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from plugins.planet.caching import freshness, retry_after
from plugins.planet.console import status_table
from plugins.planet.fetch import run_fetch
from plugins.planet.health import FeedHealth
from plugins.planet.sources import FeedSource
from plugins.planet.store import Store

from .conftest import SIMPLE

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
DATE = "Thu, 01 Jan 2026 12:00:00 GMT"


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"cache-control": "public, max-age=300"}, 300),
        ({"cache-control": "max-age=300", "age": "100"}, 200),
        ({"cache-control": 'max-age="60"'}, 60),
        ({"cache-control": "max-age=300, no-cache"}, 0),
        ({"cache-control": "no-store"}, 0),
        ({"cache-control": "private, max-age=0"}, 0),
        ({"cache-control": "max-age=600", "expires": "Thu, 01 Jan 2026 12:01:00 GMT"}, 600),
        ({"expires": "Thu, 01 Jan 2026 12:10:00 GMT", "date": DATE}, 600),
        ({"expires": "0", "date": DATE}, 0),  # invalid Expires: already stale
        ({"cache-control": "max-age=-5"}, None),  # not delta-seconds: ignored
        ({}, None),
        ({"last-modified": DATE}, None),  # no heuristic freshness
    ],
)
def test_freshness(headers, seconds):
    assert freshness(headers) == seconds


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120),
        ("Thu, 01 Jan 2026 12:30:00 GMT", 1800),
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after(value, seconds):
    assert retry_after(value, NOW) == seconds


def fetch(tmp_path, settings, url, *, now=NOW, force=False):
    return run_fetch(tmp_path, settings, sources=[FeedSource("me", url)], now=now, force=force)


def stored(settings):
    return (Path(settings["PLANET_STORE_PATH"]) / "me.json").read_text()


def test_a_fresh_feed_is_not_asked_for_again(tmp_path, settings, server):
    url = server.add("/f.xml", body=SIMPLE, etag='"v1"', headers={"Cache-Control": "max-age=600"})
    assert fetch(tmp_path, settings, url).fetched == 1
    record = Store(settings["PLANET_STORE_PATH"]).load("me")
    assert record.next_fetch == "2026-01-01T12:10:00Z"
    before, hits = stored(settings), len(server.hits)

    later = fetch(tmp_path, settings, url, now=NOW + timedelta(minutes=5))
    assert later.deferred == 1 and later.fetched == later.not_modified == 0
    assert len(server.hits) == hits  # no request at all
    assert stored(settings) == before  # the store is untouched, last attempt included

    forced = fetch(tmp_path, settings, url, now=NOW + timedelta(minutes=5), force=True)
    assert forced.not_modified == 1 and len(server.hits) == hits + 1
    due = fetch(tmp_path, settings, url, now=NOW + timedelta(minutes=30))
    assert due.not_modified == 1 and len(server.hits) == hits + 2


def test_freshness_is_capped_and_can_be_ignored(tmp_path, settings, server):
    url = server.add("/f.xml", body=SIMPLE, headers={"Cache-Control": "max-age=31536000"})
    fetch(tmp_path, settings, url)
    assert Store(settings["PLANET_STORE_PATH"]).load("me").next_fetch == "2026-01-01T13:00:00Z"
    settings["PLANET_MAX_FRESHNESS"] = 0
    fetch(tmp_path, settings, url, force=True)
    assert Store(settings["PLANET_STORE_PATH"]).load("me").next_fetch is None
    assert fetch(tmp_path, settings, url).fetched == 1


def test_retry_after_on_429_defers_the_next_request(tmp_path, settings, server):
    url = server.add("/f.xml", status=429, body=b"slow down", headers={"Retry-After": "7200"})
    first = fetch(tmp_path, settings, url)
    assert [o.error for o in first.failed] == ["HTTP 429 Too Many Requests"]
    assert Store(settings["PLANET_STORE_PATH"]).load("me").next_fetch == "2026-01-01T14:00:00Z"
    hits = len(server.hits)
    assert fetch(tmp_path, settings, url, now=NOW + timedelta(hours=1)).deferred == 1
    assert len(server.hits) == hits
    records = Store(settings["PLANET_STORE_PATH"]).load_all()
    console = Console(width=200, record=True)
    console.print(status_table(FeedHealth.of(r) for r in records))
    assert "2026-01-01 14:00" in console.export_text()  # organizers see when it is due
    assert len(fetch(tmp_path, settings, url, now=NOW + timedelta(hours=3)).failed) == 1
    assert len(server.hits) == hits + 1


def test_no_cache_headers_mean_asking_every_run(tmp_path, settings, server):
    url = server.add("/f.xml", body=SIMPLE, etag='"v1"')
    fetch(tmp_path, settings, url)
    assert Store(settings["PLANET_STORE_PATH"]).load("me").next_fetch is None
    assert fetch(tmp_path, settings, url).not_modified == 1


def test_a_new_address_is_asked_at_once(tmp_path, settings, server):
    """The wait was the old server's: a feed moved in the people file is fetched now."""
    old = server.add("/old.xml", body=SIMPLE, headers={"Cache-Control": "max-age=600"})
    new = server.add("/new.xml", body=SIMPLE)
    fetch(tmp_path, settings, old)
    assert fetch(tmp_path, settings, new, now=NOW + timedelta(minutes=1)).fetched == 1
    assert server.hits[-1][0] == "/new.xml"
