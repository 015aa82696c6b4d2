"""Entry policy: matching, dates, first-seen places, never deleting, front page, dedupe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from plugins.planet.model import Planet
from plugins.planet.policy import merge_entries, normalize_link, on_front_page
from plugins.planet.store import FeedRecord

NOW = datetime(2009, 12, 1, 12, 0, tzinfo=UTC)


def item(entry_id, link=None, published="2009-11-14T02:00:00Z", title="t"):
    return {
        "id": entry_id,
        "link": link,
        "title": title,
        "author": None,
        "published": published,
        "updated": None,
        "lang": "en",
        "content": "<p>x</p>",
    }


class Person:
    aggregate = True
    feed = "https://x.example/feed"
    encoding = None

    def __init__(self, name):
        self.name = name

    def name_in(self, tag):
        return self.name


def test_match_by_id_then_by_link_and_never_delete():
    record = FeedRecord(id="a", url="u")
    assert merge_entries(record, [item("1", "https://b.example/p/1"), item("2")], NOW) == 2
    # id 1 changed (new blog engine) but its link is the same post: an update, not new
    changed = item("new-id-1", "http://www.b.example/p/1/?utm_source=rss", title="edited")
    assert merge_entries(record, [changed], NOW) == 0
    assert len(record.entries) == 2  # "2" dropped out of the feed but stays stored
    assert {e["title"] for e in record.entries} == {"edited", "t"}


def test_links_are_normalized_only_when_an_id_is_not_found(monkeypatch):
    """A feed's first run and a run whose items are all known by id never parse a link
    (the link index is built at the first miss); a miss still finds its former self."""
    import plugins.planet.policy as policy

    calls = []

    def counting(url):
        calls.append(url)
        return normalize_link(url)

    monkeypatch.setattr(policy, "normalize_link", counting)
    record = FeedRecord(id="a", url="u")
    links = [f"https://b.example/p/{n}" for n in range(3)]
    assert merge_entries(record, [item(str(n), link) for n, link in enumerate(links)], NOW) == 3
    assert merge_entries(record, [item("1", links[1], title="edited")], NOW) == 0
    assert calls == []
    assert merge_entries(record, [item("moved", links[2] + "/", title="moved")], NOW) == 0
    assert sorted(calls) == sorted([*links, links[2] + "/"])
    assert {e["id"]: e["title"] for e in record.entries} == {"0": "t", "1": "edited", "2": "moved"}


def test_undated_and_future_entries_get_first_seen_time():
    record = FeedRecord(id="a", url="u")
    merge_entries(
        record,
        [item("undated", published=None), item("future", published="2030-01-01T00:00:00Z")],
        NOW,
    )
    assert {e["date"] for e in record.entries} == {"2009-12-01T12:00:00Z"}


def test_redated_entry_keeps_its_place():
    record = FeedRecord(id="a", url="u")
    merge_entries(record, [item("1", published="2009-11-14T02:00:00Z")], NOW)
    later = NOW + timedelta(days=3)
    merge_entries(record, [item("1", published="2009-12-04T00:00:00Z")], later)
    (entry,) = record.entries
    assert entry["date"] == "2009-11-14T02:00:00Z"
    assert entry["published"] == "2009-12-04T00:00:00Z"
    assert entry["first_seen"] == "2009-12-01T12:00:00Z"


def test_new_feed_days():
    added = NOW
    old = NOW - timedelta(days=30)
    assert not on_front_page(old, added, added, 14)
    assert on_front_page(NOW - timedelta(days=3), added, added, 14)
    assert on_front_page(old, added, added, None)  # disabled
    assert on_front_page(old, added + timedelta(hours=1), added, 14)  # appeared later


def test_normalize_link():
    assert normalize_link("https://www.Example.org:443/a/?utm_medium=x&b=2") == normalize_link(
        "http://example.org/a?b=2"
    )
    # The fragment tells posts apart (one-page blogs, link logs).
    assert normalize_link("https://example.org/#p1") != normalize_link("https://example.org/#p2")
    assert normalize_link("https://example.org/a") != normalize_link("https://example.org/b")
    assert normalize_link("not a url") is None


def planet_of(*records, new_feed_days=None):
    people = {r.id: Person(r.id.upper()) for r in records}
    return Planet(records, people, set(people), new_feed_days=new_feed_days)


def test_planet_dedupes_across_feeds_and_respects_consent():
    a = FeedRecord(id="a", url="u", added="2009-11-01T00:00:00Z")
    b = FeedRecord(id="b", url="u", added="2009-11-01T00:00:00Z")
    merge_entries(a, [item("tag:x,2009:1", "https://x.example/1")], NOW)
    merge_entries(
        b,
        [
            item("tag:x,2009:1", "https://elsewhere.example/1"),
            item("b2", "https://x.example/1/"),
            item("b3", "https://b.example/3"),
        ],
        NOW + timedelta(hours=1),
    )
    planet = planet_of(a, b)
    assert [(e.feed_id, e.id) for e in planet.entries] == [("b", "b3"), ("a", "tag:x,2009:1")]
    assert len(planet.entries_for("b")) == 3  # the person's page shows all of theirs
    hidden = Planet([a, b], {"a": Person("A")}, {"a"})
    assert {e.feed_id for e in hidden.entries} == {"a"}
    assert hidden.entries_for("b") == [] and [f.id for f in hidden.feeds] == ["a"]


def test_planet_front_page_hides_the_archive_of_a_new_feed():
    record = FeedRecord(id="a", url="u", added="2009-12-01T12:00:00Z")
    merge_entries(
        record,
        [
            item("old", published="2009-01-01T00:00:00Z"),
            item("recent", published="2009-11-28T00:00:00Z"),
        ],
        NOW,
    )
    planet = planet_of(record, new_feed_days=14)
    assert [e.id for e in planet.entries] == ["recent"]
    assert [e.id for e in planet.entries_for("a")] == ["recent", "old"]
    assert [e.id for e in planet_of(record).entries] == ["recent", "old"]
