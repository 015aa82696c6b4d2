"""Hand-edited store and archive files: every record is checked on load, never trusted."""

from __future__ import annotations

import json
import logging

import pytest

from plugins.core.records import BadRecord, check_entry, known_language
from plugins.planet.model import Planet
from plugins.planet.store import FeedRecord
from plugins.roundup.archive import load_archive

GOOD = {
    "id": "https://alice.example.org/1",
    "link": "https://alice.example.org/1",
    "title": "A post",
    "author": "Alice",
    "date": "2009-11-14T02:00:00Z",
    "first_seen": "2009-11-14T02:00:00Z",
    "lang": "en",
    "content": "<p>Hi</p>",
}


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "en"),
        ("en-US", "en"),
        ("zh-cn", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("../../etc", None),
        ("x" * 100, None),
        ("qq", None),
        ("", None),
        (42, None),
        ("en/../../x", None),
        ("zh-Hans\n", "zh-Hans"),
    ],
)
def test_language_tags_are_well_formed_and_known(lang, expected):
    assert known_language(lang) == expected


@pytest.mark.parametrize(
    "field, value, repaired",
    [
        ("link", "javascript:alert(1)", None),
        ("link", "data:text/html,x", None),
        ("link", " JaVaScRiPt:alert(1)", None),
        ("link", ["https://x.org/"], None),
        ("lang", "../../outside", None),
        ("title", {"a": 1}, ""),
        ("author", 7, None),
    ],
)
def test_bad_fields_are_repaired(field, value, repaired):
    entry, repairs = check_entry({**GOOD, field: value})
    assert entry[field] == repaired
    assert repairs and repairs[0].startswith(field)


@pytest.mark.parametrize(
    "change",
    [
        {"id": None},
        {"id": ""},
        {"id": ["x"]},
        {"date": "yesterday"},
        {"date": None},
        {"date": "2009-13-45T00:00:00Z"},
    ],
)
def test_unusable_records_are_refused(change):
    with pytest.raises(BadRecord):
        check_entry({**GOOD, **change})


def test_sizes_are_bounded():
    entry, repairs = check_entry(
        {**GOOD, "title": "t" * 5000, "id": "i" * 5000, "content": "<p>" + "x" * 2_000_000}
    )
    assert len(entry["title"]) == 1000 and len(entry["id"]) == 1000
    assert len(entry["content"]) == 1_000_000
    assert len(repairs) == 2


def test_tampered_store_entries_are_skipped_or_repaired(caplog):
    caplog.set_level(logging.WARNING)
    record = FeedRecord(
        id="alice",
        url="https://alice.example.org/feed",
        entries=[
            {**GOOD, "id": "ok"},
            {
                **GOOD,
                "id": "js",
                "link": "javascript:alert(1)",
                "lang": "../../../tmp/x",
                "title": "<script>alert(1)</script>",
                "content": "<img src=x onerror=alert(1)>",
            },
            {**GOOD, "id": "nodate", "date": "not a date"},
            "not an object",
        ],
    )
    planet = Planet(
        [record], {"alice": None}, {"alice"}, where=lambda feed_id: f"data/planet/{feed_id}.json"
    )
    entries = {e.id: e for e in planet.entries_for("alice")}
    assert set(entries) == {"ok", "js"}
    js = entries["js"]
    assert js.link is None and js.lang is None and "onerror" not in js.content
    assert js.title == "<script>alert(1)</script>"  # text: templates escape it
    assert js.atom_id.startswith("urn:uuid:")
    messages = [r.getMessage() for r in caplog.records]
    assert sum("data/planet/alice.json: entry" in m for m in messages) == 3
    assert not any("alert" in m for m in messages)  # values are not echoed


def _archive(folder, name, **data):
    folder.mkdir(parents=True, exist_ok=True)
    post = {**GOOD, "key": name, "feed_id": "alice", "person_id": None, **data}
    (folder / f"{name}.json").write_text(json.dumps(post), encoding="utf-8")


def test_tampered_archive_files_are_skipped_or_repaired(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    folder = tmp_path / "archive"
    _archive(folder, "aaaa")
    _archive(folder, "bbbb", link="javascript:alert(document.domain)", lang="../../x")
    _archive(folder, "cccc", key="../../../escape")
    _archive(folder, "dddd", date="soon")
    (folder / "eeee.json").write_text("{not json", encoding="utf-8")
    posts = {p.key: p for p in load_archive(folder)}
    assert set(posts) == {"aaaa", "bbbb"}
    assert posts["bbbb"].link is None and posts["bbbb"].lang is None
    located = [r.getMessage() for r in caplog.records if "archive" in r.getMessage()]
    assert len(located) == 4
    assert all(m.startswith("roundup: ") and ".json: archived post" in m for m in located)


def test_tampered_fetch_state_shows_blanks_not_a_crash():
    from plugins.planet.health import FeedHealth

    record = FeedRecord(
        id="alice",
        url=["x"],
        status="500",
        error={"a": 1},
        consecutive_failures="many",
        last_attempt="<script>",
        next_fetch=12,
        entries="nope",
    )
    health = FeedHealth.of(record)
    assert (health.url, health.status, health.error, health.consecutive_failures) == (
        "",
        None,
        None,
        0,
    )
    assert health.last_attempt is None and health.entry_count == 0 and health.state == "new"
