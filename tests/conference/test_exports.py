"""Exports of the sample site: frab XML/JSON valid against the schemas, iCalendar files
that parse and show local times, JSON-LD, and output identical under any machine TZ."""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import SCHEMAS
from tests.site.sample import pelican

pytestmark = pytest.mark.slow  # builds the sample site three times (one per time zone)

XSD = SCHEMAS / "frab-schedule.xml.xsd"
JSON_SCHEMA = SCHEMAS / "frab-schedule.schema.json"
TIMEZONES = ("UTC", "Asia/Shanghai", "America/Los_Angeles")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def build_sample(out: Path, tz: str) -> Path:
    """Build the sample site in a subprocess, the way CI does, under the TZ given."""
    result = pelican(out, env={**os.environ, "TZ": tz}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The sample site built once under each of three machine time zones."""
    base = tmp_path_factory.mktemp("sample")
    return {tz: build_sample(base / tz.replace("/", "_"), tz) for tz in TIMEZONES}


@pytest.fixture(scope="module")
def output(builds) -> Path:
    return builds["UTC"]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_output_is_identical_whatever_the_machine_time_zone(builds):
    digests = {tz: tree_digest(path) for tz, path in builds.items()}
    reference = digests["UTC"]
    assert any(name.endswith(".ics") for name in reference)
    for tz, digest in digests.items():
        differing = sorted(
            k for k in reference.keys() | digest.keys() if reference.get(k) != digest.get(k)
        )
        assert differing == [], f"TZ={tz} changes {differing[:5]}"


EDITIONS = ("2008", "2009")


@pytest.mark.parametrize("edition", EDITIONS)
def test_frab_xml_is_valid(output, edition):
    from plugins.conference.exports.validate import xml_problems

    data = (output / f"editions/{edition}/schedule.xml").read_bytes()
    assert xml_problems(data, XSD) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_frab_json_is_valid(output, edition):
    from plugins.conference.exports.validate import json_problems

    data = json.loads((output / f"editions/{edition}/schedule.json").read_text("utf-8"))
    assert json_problems(data, JSON_SCHEMA) == []


def test_frab_json_has_absolute_urls_and_local_times(output):
    data = json.loads((output / "editions/2009/schedule.json").read_text("utf-8"))
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Asia/Shanghai"
    assert conference["acronym"] == "cnblogcon_2009"
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    keynote = next(e for e in events if e["slug"].endswith("-micro-power"))
    assert keynote["date"] == "2009-11-14T09:30:00+08:00"
    assert keynote["start"] == "09:30" and keynote["duration"] == "01:00"
    assert keynote["url"].startswith("https://cnblogcon.example.org/zh-hans/editions/2009/")
    assert keynote["persons"][0]["name"] == "胡泳"
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://cnblogcon.example.org")
    assert keynote["guid"] == str(uuid.uuid5(namespace, "session/2009/micro-power"))
    assert len({e["guid"] for e in events}) == len({e["id"] for e in events}) == len(events)


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_edition_calendar_parses_with_local_times(output):
    calendar = read_calendar(output / "editions/2009/2009.ics")
    events = calendar.walk("VEVENT")
    sessions = sorted((output / "editions/2009/sessions").glob("*.ics"))
    assert len(events) == len(sessions) == 13
    tzids = {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}
    assert tzids == {"Asia/Shanghai"}
    for event in events:
        start = event.decoded("dtstart")
        assert start.utcoffset().total_seconds() == 8 * 3600
        assert event["dtstart"].params.get("TZID") == "Asia/Shanghai"
    keynote = next(e for e in events if str(e["summary"]) == "微动力")
    assert keynote.decoded("dtstart") == datetime(2009, 11, 14, 9, 30, tzinfo=SHANGHAI)
    assert keynote.decoded("dtend") == datetime(2009, 11, 14, 10, 30, tzinfo=SHANGHAI)


def test_session_calendar_has_stable_uid(output):
    calendar = read_calendar(output / "editions/2009/sessions/micro-power.ics")
    (event,) = calendar.walk("VEVENT")
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://cnblogcon.example.org")
    assert str(event["uid"]) == str(uuid.uuid5(namespace, "session/2009/micro-power"))
    assert "主会场" in str(event["location"])
    assert str(event["url"]).endswith("/zh-hans/editions/2009/sessions/micro-power.html")


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_edition_page_has_event_series_json_ld(output):
    data = jsonld((output / "en/editions/2009/index.html").read_text("utf-8"))
    assert data["@type"] == "EventSeries"
    (edition,) = data["subEvent"]
    assert edition["@type"] == "Event" and edition["startDate"] == "2009-11-14"
    assert len(edition["subEvent"]) == 13
    keynote = next(s for s in edition["subEvent"] if s["name"] == "Micro power")
    assert keynote["performer"][0] == {
        "@type": "Person",
        "name": "Hu Yong",
        "description": keynote["performer"][0]["description"],
    }


def test_session_page_json_ld_links_up_and_names_blogs(output):
    data = jsonld((output / "fr/editions/2009/sessions/citizen-journalism.html").read_text("utf-8"))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2009-11-14T14:00:00+08:00"
    assert data["superEvent"]["superEvent"]["@type"] == "EventSeries"
    blogs = [p.get("url") for p in data["performer"]]
    assert any(url and url.startswith("https://") for url in blogs)


def test_json_ld_cannot_break_out_of_its_script():
    from plugins.conference.exports.jsonld import script_json

    text = str(script_json({"name": "</script><script>alert(1)</script> & more"}))
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_video_embed_uses_privacy_friendly_players():
    from plugins.conference.media import video_embed

    assert video_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ").player_url == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert video_embed("https://youtu.be/dQw4w9WgXcQ").provider == "YouTube"
    assert video_embed("https://vimeo.com/76979871").player_url.endswith("/76979871?dnt=1")
    assert (
        "bvid=BV1xx411c7mD" in video_embed("https://www.bilibili.com/video/BV1xx411c7mD").player_url
    )
    assert video_embed("https://video.example.org/talk.mp4") is None
    assert video_embed("javascript:alert(1)") is None


def test_one_vtimezone_is_built_per_zone_and_span():
    """Building a VTIMEZONE takes tens of milliseconds; every calendar of an edition (one
    per session and language) shares the one of its zone and span."""
    from datetime import date

    from plugins.conference.exports import ical

    first, last = date(2009, 1, 1), date(2010, 1, 2)
    shared = ical._vtimezone("Asia/Shanghai", first, last)
    assert shared is ical._vtimezone("Asia/Shanghai", first, last)
    assert shared is not ical._vtimezone("Asia/Shanghai", first, date(2011, 1, 2))
