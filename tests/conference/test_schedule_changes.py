"""What changed since the schedule was published: snapshots in data/schedule/, the changes
page and feed in each language, SEQUENCE and DTSTAMP in the calendars, sessions.json."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from plugins.conference.changes import describe
from plugins.core.errors import ContentError

FIRST = "2009-11-01T00:00:00+00:00"
SECOND = "2009-11-10T12:00:00+00:00"
ATOM = "{http://www.w3.org/2005/Atom}"


def publish(site, at: str):
    """A publishing build, as ``invoke publish`` runs it."""
    return site.build(CONFERENCE_PUBLISH_TIME=at)


def snapshot(site) -> dict:
    return json.loads((site.root / "data/schedule/2009.json").read_text("utf-8"))


def event(site, path: str, uid_part: str | None = None):
    calendar = Calendar.from_ical((site.output / path).read_bytes())
    return next(iter(calendar.walk("VEVENT")))


def move_keynote(site, start="10:00", end="11:00"):
    text = site.path("editions/2009/sessions/keynote.zh-Hans.md").read_text("utf-8")
    text = re.sub(r"(?m)^Start: .*$", f"Start: 2009-11-14 {start}", text)
    text = re.sub(r"(?m)^End: .*$", f"End: 2009-11-14 {end}", text)
    site.write("editions/2009/sessions/keynote.zh-Hans.md", text)
    # a fixed modification time: the date a plain build gives a change not yet published
    folder = site.path("editions/2009/sessions")
    stamp = datetime(2009, 11, 5, 8, 0, tzinfo=UTC).timestamp()
    for path in [folder, *folder.iterdir()]:
        os.utime(path, (stamp, stamp))


def test_a_plain_build_without_a_snapshot_lists_no_change_and_writes_none(site):
    site.build()
    assert not (site.root / "data/schedule").exists()
    assert "No changes since the schedule was published." in site.read(
        "en/editions/2009/changes.html"
    )
    assert event(site, "en/editions/2009/sessions/keynote.ics").get("SEQUENCE") == 0


def test_the_first_publication_records_the_schedule_without_changes(site):
    publish(site, FIRST)
    data = snapshot(site)
    assert data["changes"] == [] and data["published"] == FIRST
    assert data["sessions"]["keynote"]["start"] == "2009-11-14T09:30:00+08:00"
    assert data["sessions"]["keynote"]["sequence"] == 0
    keynote = event(site, "en/editions/2009/sessions/keynote.ics")
    assert keynote.get("SEQUENCE") == 0
    # never changed: DTSTAMP stays the session's start, as before snapshots existed
    assert keynote.decoded("DTSTAMP") == datetime(2009, 11, 14, 1, 30, tzinfo=UTC)


def test_a_moved_session_shows_in_every_language_calendar_and_data(site):
    publish(site, FIRST)
    before = (site.root / "data/schedule/2009.json").read_bytes()
    move_keynote(site)
    site.build()
    # a plain build reads the snapshot, never rewrites it
    assert (site.root / "data/schedule/2009.json").read_bytes() == before
    for segment, title in (("zh-hans", "微动力"), ("en", "Micro power")):
        page = site.read(f"{segment}/editions/2009/changes.html")
        assert "change-moved" in page and title in page, segment
        feed = ET.fromstring(site.read(f"{segment}/editions/2009/changes.atom"))
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 1, segment
        assert title in entries[0].find(f"{ATOM}title").text
        assert entries[0].find(f"{ATOM}updated").text.startswith("2009-11-05T08:00:00")
    keynote = event(site, "en/editions/2009/sessions/keynote.ics")
    assert keynote.get("SEQUENCE") == 1
    assert keynote.decoded("DTSTAMP") == datetime(2009, 11, 5, 8, 0, tzinfo=UTC)
    whole = Calendar.from_ical((site.output / "editions/2009/2009.ics").read_bytes())
    sequences = {str(e.get("SUMMARY")): e.get("SEQUENCE") for e in whole.walk("VEVENT")}
    assert sequences == {"微动力": 1, "工具": 0}
    planner = json.loads(site.read("en/editions/2009/sessions.json"))
    changed = {s["id"]: (s.get("changed"), s.get("sequence")) for s in planner["sessions"]}
    assert changed == {"keynote": ("2009-11-05T08:00:00+00:00", 1), "tools": (None, None)}


def test_publishing_records_the_change_and_later_builds_agree(site):
    publish(site, FIRST)
    move_keynote(site)
    publish(site, SECOND)
    data = snapshot(site)
    assert [(c["session"], c["kind"], c["at"]) for c in data["changes"]] == [
        ("keynote", "moved", SECOND)
    ]
    assert data["sessions"]["keynote"]["sequence"] == 1
    published = {p: site.read(p) for p in ("en/editions/2009/changes.atom",)}
    ics = (site.output / "en/editions/2009/sessions/keynote.ics").read_bytes()
    assert event(site, "en/editions/2009/sessions/keynote.ics").decoded("DTSTAMP") == (
        datetime(2009, 11, 10, 12, 0, tzinfo=UTC)
    )
    # a plain rebuild shows what was published, byte for byte
    site.build()
    assert {p: site.read(p) for p in published} == published
    assert (site.output / "en/editions/2009/sessions/keynote.ics").read_bytes() == ics
    # moving it again: the next SEQUENCE
    move_keynote(site, "11:00", "12:00")
    site.build()
    assert event(site, "en/editions/2009/sessions/keynote.ics").get("SEQUENCE") == 2
    feed = ET.fromstring(site.read("en/editions/2009/changes.atom"))
    assert len(feed.findall(f"{ATOM}entry")) == 2


def test_room_changes_cancellations_and_new_sessions(site):
    publish(site, FIRST)
    text = site.path("editions/2009/sessions/keynote.zh-Hans.md").read_text("utf-8")
    site.write(
        "editions/2009/sessions/keynote.zh-Hans.md", text.replace("Room: main", "Room: side")
    )
    site.path("editions/2009/sessions/tools.zh-Hans.md").unlink()
    site.write(
        "editions/2009/sessions/late.zh-Hans.md",
        "Title: 新增 <b>议程</b>\nStart: 2009-11-15 14:00\nEnd: 2009-11-15 15:00\n"
        "Room: main\n\n新。\n",
    )
    site.build()
    page = site.read("en/editions/2009/changes.html")
    assert "change-room" in page and "change-cancelled" in page and "change-new" in page
    assert "Side room" in page  # rooms by their names in the page's language
    assert "<del>工具</del>" in page  # a cancelled session has no page to link to
    assert "新增 &lt;b&gt;议程&lt;/b&gt;" in page  # titles are escaped
    feed = site.read("en/editions/2009/changes.atom")
    assert "<b>" not in feed


def test_a_broken_snapshot_is_one_located_line(site):
    folder = site.root / "data/schedule"
    folder.mkdir(parents=True)
    (folder / "2009.json").write_text('{"sessions": {"x": {"start": "noon"}}}', "utf-8")
    with pytest.raises(ContentError) as caught:
        site.build()
    (problem,) = caught.value.problems
    assert str(problem).count("\n") == 0
    assert "2009.json" in str(problem) and "expected" in str(problem)


def test_a_publication_that_fails_puts_the_snapshots_back(site):
    from plugins.conference.api import publication

    publish(site, FIRST)
    settings = site.settings()
    saved = (site.root / "data/schedule/2009.json").read_bytes()
    move_keynote(site)
    schedules = publication(settings, datetime(2009, 11, 10, 12, 0, tzinfo=UTC))
    publish(site, schedules.at)
    assert schedules.summary() == "1 schedule change (1 moved) recorded"
    schedules.failed()
    assert (site.root / "data/schedule/2009.json").read_bytes() == saved


def test_describe_counts_each_kind():
    assert describe([]) == "no schedule changes"
    changes = [{"kind": "moved"}, {"kind": "moved"}, {"kind": "room"}, {"kind": "new"}]
    assert describe(changes) == "4 schedule changes (2 moved, 1 room changed, 1 new)"


def test_a_new_session_keeps_sequence_0_before_and_after_publication(site):
    publish(site, FIRST)
    site.write(
        "editions/2009/sessions/late.zh-Hans.md",
        "Title: 新增\nStart: 2009-11-15 14:00\nEnd: 2009-11-15 15:00\nRoom: main\n\n新。\n",
    )
    site.build()
    pending = (site.output / "en/editions/2009/sessions/late.ics").read_bytes()
    assert event(site, "en/editions/2009/sessions/late.ics").get("SEQUENCE") == 0
    publish(site, SECOND)
    assert snapshot(site)["sessions"]["late"]["sequence"] == 0
    assert (site.output / "en/editions/2009/sessions/late.ics").read_bytes() == pending


def test_a_tampered_change_without_its_before_state_is_refused(site):
    publish(site, FIRST)
    data = snapshot(site)
    data["changes"] = [
        {"at": SECOND, "session": "keynote", "kind": "moved", "before": {}, "after": {}}
    ]
    (site.root / "data/schedule/2009.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(ContentError) as caught:
        site.build()
    (problem,) = caught.value.problems
    assert "[changes[0]]" in str(problem) and "expected" in str(problem)
