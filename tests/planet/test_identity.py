"""Entry identity: feeds built to collide keep every entry, in the store and on the planet."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from plugins.planet.fetch import run_fetch
from plugins.planet.model import Planet
from plugins.planet.parse import ParseJob, parse_feed
from plugins.planet.policy import merge_entries
from plugins.planet.sources import FeedSource
from plugins.planet.store import FeedRecord, Store
from plugins.planet.xmlout import atom_feed

NOW = datetime(2009, 12, 1, 12, 0, tzinfo=UTC)
PREFIX = "urn:x-long:" + "a" * 1200  # ids equal in their first 1,000 characters


def feed(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://blog.example.org/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(title: str, link: str | None = None, guid: str | None = None, day: int = 14) -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{day:02d} Nov 2009 10:00:00 +0000</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    return "<item>" + "".join(parts) + "<description>body of " + title + "</description></item>"


COLLIDING = {
    # links that differ only by their fragment (a one-page blog), no GUIDs
    "fragments": feed(*(item(f"F{n}", f"https://one.example/#post-{n}") for n in range(3))),
    # GUIDs equal in their first 1,000 characters
    "prefixes": feed(*(item(f"P{n}", None, f"{PREFIX}-{n}") for n in range(3))),
    # every item links to the home page, GUIDs differ
    "homepage": feed(*(item(f"H{n}", "https://home.example/", f"h-{n}") for n in range(2))),
    # one GUID for different posts in one document
    "reused": feed(*(item(f"R{n}", f"https://r.example/{n}", "same-guid") for n in range(2))),
    # the same URI GUID in two feeds (two blogs on an engine's defaults)
    "twin-a": feed(item("Twin A", "https://a.example/1", "http://localhost/?p=1")),
    "twin-b": feed(item("Twin B", "https://b.example/1", "http://localhost/?p=1")),
}
EXPECTED = {"fragments": 3, "prefixes": 3, "homepage": 2, "reused": 2, "twin-a": 1, "twin-b": 1}


def test_feeds_built_to_collide_keep_every_entry_across_two_fetches(tmp_path, settings, server):
    sources = [
        FeedSource(name, server.add(f"/{name}.xml", body=body)) for name, body in COLLIDING.items()
    ]
    store = Store(settings["PLANET_STORE_PATH"])
    for run in range(2):  # no validators: the second run parses and merges everything again
        summary = run_fetch(tmp_path, settings, sources=sources)
        assert not summary.failed and summary.fetched == len(sources)
        assert summary.new_entries == (sum(EXPECTED.values()) if run == 0 else 0)
        counts = {name: len(store.load(name).entries) for name in COLLIDING}
        assert counts == EXPECTED
    records = store.load_all()
    planet = Planet(records, {}, {r.id for r in records}, new_feed_days=None)
    assert len(planet.entries) == sum(EXPECTED.values())  # the planet loses none either
    ids = [e["id"] for r in records for e in r.entries]
    assert max(map(len, ids)) <= 1000 and len(set(ids)) == len(ids) - 1  # the twins share one


def test_true_duplicates_across_feeds_are_still_shown_once():
    """A cross-posted entry (same id and title, or the same link) is one post."""
    a = FeedRecord(id="a", url="u", added="2009-11-01T00:00:00Z")
    b = FeedRecord(id="b", url="u", added="2009-11-01T00:00:00Z")
    merge_entries(a, parsed(item("Post", "https://x.example/1", "tag:x,2009:1")), NOW)
    merge_entries(
        b,
        parsed(
            item("Post", "https://copy.example/1", "tag:x,2009:1"),
            item("Other", "https://x.example/1/#", "b-2"),
        ),
        NOW,
    )
    planet = Planet([a, b], {}, {"a", "b"})
    assert [(e.feed_id, e.title) for e in planet.entries] == [("a", "Post")]
    assert len(planet.entries_for("b")) == 2  # both stay on the person's page


def test_an_id_cut_by_an_older_store_is_found_again():
    """Stores written before kept 1,000 characters of an id: that entry is updated and
    takes the new id; the entries it had swallowed come back as new ones."""
    record = FeedRecord(id="a", url="u")
    old = {
        "id": (PREFIX + "-0")[:1000],
        "link": None,
        "title": "P2",
        "author": None,
        "published": "2009-11-14T10:00:00Z",
        "updated": None,
        "lang": "en",
        "content": "<p>body of P2</p>",
        "first_seen": "2009-11-20T00:00:00Z",
        "date": "2009-11-14T10:00:00Z",
    }
    record.entries.append(dict(old))
    entries = parsed(*(item(f"P{n}", None, f"{PREFIX}-{n}") for n in range(3)))
    assert merge_entries(record, entries, NOW) == 2
    assert len(record.entries) == 3
    assert all(e["id"].startswith("urn:sha256:") for e in record.entries)
    assert sum(e["first_seen"] == old["first_seen"] for e in record.entries) == 1


def test_ids_in_our_atom_feed_are_ours():
    record = FeedRecord(id="a", url="u")
    hostile = [
        item("V", "https://v.example/1", "vbscript:msgbox(1)"),
        item("J", "https://v.example/2", "javascript:alert(1)"),
        item("T", "https://v.example/3", "tag:v.example,2009:3"),
    ]
    merge_entries(record, parsed(*hostile), NOW)
    planet = Planet([record], {}, {"a"})
    document = ET.fromstring(
        atom_feed(planet.entries, "Planet", "https://site.example/", "en").writeString("utf-8")
    )
    ids = [e.text for e in document.iter("{http://www.w3.org/2005/Atom}id")]
    assert ids[0] == "https://site.example/planet/feed.atom"
    assert len(ids) == 4 and all(i.startswith("urn:uuid:") for i in ids[1:])
    assert len(set(ids)) == 4


def parsed(*items: str) -> list[dict]:
    return parse_feed(ParseJob(body=feed(*items)))["entries"]


def test_a_reused_guid_does_not_let_a_new_post_overwrite_an_old_one():
    """The reused id is not kept by whichever post comes first in the document."""
    record = FeedRecord(id="a", url="u")
    two = [item(f"R{n}", f"https://r.example/{n}", "same-guid", day=10 + n) for n in (1, 2)]
    assert merge_entries(record, parsed(*reversed(two)), NOW) == 2
    three = [item("R3", "https://r.example/3", "same-guid", day=13), *reversed(two)]
    assert merge_entries(record, parsed(*three), NOW) == 1
    assert sorted(e["title"] for e in record.entries) == ["R1", "R2", "R3"]
    assert merge_entries(record, parsed(*reversed(three)), NOW) == 0  # order does not matter
