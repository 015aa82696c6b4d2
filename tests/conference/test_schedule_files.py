"""The schedule files as their consumers read them: integer ids for ConfClerk and Giggity,
one set of files per language with the same UIDs, the session's own language, sessions in
several rooms, and a round trip through our own importer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from icalendar import Calendar

from plugins.conference.exports.validate import json_problems, xml_problems
from tests.conftest import ROOT, SCHEMAS
from tests.site.sample import sample_output

pytestmark = pytest.mark.slow

TREES = {"zh-hans": "zh-Hans", "en": "en", "fr": "fr"}
KEYNOTE = {"zh-hans": "微动力", "en": "Micro power", "fr": "La micro-puissance"}


@pytest.fixture(scope="module")
def output(request, tmp_path_factory) -> Path:
    """The sample site, built once per test session (:mod:`tests.site.sample`)."""
    return sample_output(request, tmp_path_factory)


def files(output: Path, segment: str | None, edition: str = "2009") -> Path:
    return output / (f"{segment}/editions/{edition}" if segment else f"editions/{edition}")


def xml_events(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("./day/room/event")


# --- frab XML the way ConfClerk (src/sql/schedulexmlparser.cpp) and Giggity read it ------


@pytest.mark.parametrize("segment", [None, *TREES])
@pytest.mark.parametrize("edition", ["2008", "2009"])
def test_frab_xml_carries_what_confclerk_keys_on(output, segment, edition):
    """ConfClerk stores an event under ``event@id`` and a person under ``person@id``, and
    links them in ``event_person``: a person without an integer id is dropped."""
    root = ET.parse(files(output, segment, edition) / "schedule.xml").getroot()
    for tag in ("title", "start", "end", "days", "timeslot_duration"):
        assert root.findtext(f"conference/{tag}"), tag
    events = root.findall("./day/room/event")
    assert events
    event_ids, person_names = set(), {}
    for day in root.findall("day"):
        assert day.get("date") and day.get("index").isdigit()
        for room in day.findall("room"):
            assert room.get("name")
            for event in room.findall("event"):
                event_ids.add(int(event.get("id")))
                for child in ("start", "duration", "room", "title", "type", "language"):
                    assert event.findtext(child), (event.findtext("title"), child)
                assert re.fullmatch(r"\d\d:\d\d", event.findtext("start"))
                persons = event.findall("persons/person")
                for person in persons:
                    number = int(person.get("id"))
                    assert number > 0 and person.text and person.get("guid")
                    # one number per person across events
                    assert person_names.setdefault(number, person.get("guid")) == person.get("guid")
    assert len(event_ids) == len(events)
    speakers = [p for e in events for p in e.findall("persons/person")]
    assert speakers and all(p.get("id") for p in speakers)
    assert xml_problems(ET.tostring(root), SCHEMAS / "frab-schedule.xml.xsd") == []


@pytest.mark.parametrize("segment", [None, *TREES])
def test_frab_json_persons_have_integer_ids_and_stay_valid(output, segment):
    data = json.loads((files(output, segment) / "schedule.json").read_text("utf-8"))
    assert json_problems(data, SCHEMAS / "frab-schedule.schema.json") == []
    events = [
        e for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r
    ]
    persons = [p for e in events for p in e["persons"]]
    assert persons and all(isinstance(p["id"], int) and p["id"] > 0 for p in persons)
    rooms = data["schedule"]["conference"]["rooms"]
    assert all(room["guid"] and room["slug"] for room in rooms)


def test_integer_ids_are_stable_and_shared_across_languages(output, tmp_path):
    ids = {}
    for segment in [None, *TREES]:
        events = xml_events(files(output, segment) / "schedule.xml")
        ids[segment] = sorted(
            (e.get("guid"), e.get("id"), tuple(p.get("id") for p in e.findall("persons/person")))
            for e in events
        )
    assert all(value == ids[None] for value in ids.values())
    # a second build gives the same numbers
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(again), "-q"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (again / "editions/2009/schedule.xml").read_bytes() == (
        files(output, None) / "schedule.xml"
    ).read_bytes()


# --- one set of files per language ------------------------------------------------------


@pytest.mark.parametrize("segment", TREES)
def test_each_tree_has_its_files_in_its_language(output, segment):
    folder = files(output, segment)
    events = {e.findtext("slug"): e for e in xml_events(folder / "schedule.xml")}
    keynote = events["cnblogcon_2009-micro-power"]
    assert keynote.findtext("title") == KEYNOTE[segment]
    # the session is given in Chinese whatever the language of the file
    assert keynote.findtext("language") == "zh-Hans"
    assert keynote.findtext("url").endswith(f"/{segment}/editions/2009/sessions/micro-power.html")
    data = json.loads((folder / "schedule.json").read_text("utf-8"))
    assert KEYNOTE[segment] in {
        e["title"]
        for d in data["schedule"]["conference"]["days"]
        for r in d["rooms"].values()
        for e in r
    }
    calendar = Calendar.from_ical((folder / "2009.ics").read_bytes())
    assert calendar["x-wr-calname"].params["LANGUAGE"] == TREES[segment]
    summaries = {
        str(e["summary"]): e["summary"].params["LANGUAGE"] for e in calendar.walk("VEVENT")
    }
    assert summaries[KEYNOTE[segment]] == TREES[segment]
    single = Calendar.from_ical((folder / "sessions/micro-power.ics").read_bytes())
    assert KEYNOTE[segment] in str(single["x-wr-calname"])


def test_language_neutral_files_are_the_default_language(output):
    neutral = xml_events(files(output, None) / "schedule.xml")
    chinese = xml_events(files(output, "zh-hans") / "schedule.xml")
    assert [e.findtext("title") for e in neutral] == [e.findtext("title") for e in chinese]


def test_untranslated_text_falls_back_and_says_its_language(output):
    """2008's disaster-relief session exists only in Chinese: the English calendar carries
    the Chinese title, marked as Chinese."""
    calendar = Calendar.from_ical((files(output, "en", "2008") / "2008.ics").read_bytes())
    languages = {e["summary"].params["LANGUAGE"] for e in calendar.walk("VEVENT")}
    assert languages == {"en", "zh-Hans"}


def test_uids_are_the_same_in_every_language(output):
    uids = {}
    for segment in [None, *TREES]:
        calendar = Calendar.from_ical((files(output, segment) / "2009.ics").read_bytes())
        uids[segment] = sorted(str(e["uid"]) for e in calendar.walk("VEVENT"))
    assert len(uids[None]) == 13 and all(value == uids[None] for value in uids.values())


@pytest.mark.parametrize("segment", TREES)
def test_pages_link_their_languages_files(output, segment):
    schedule = (output / segment / "editions/2009/schedule.html").read_text("utf-8")
    assert f'{segment}/editions/2009/2009.ics"' in schedule
    assert f'{segment}/editions/2009/schedule.xml"' in schedule
    session = (output / segment / "editions/2009/sessions/micro-power.html").read_text("utf-8")
    assert f'{segment}/editions/2009/sessions/micro-power.ics"' in session


# --- JSON-LD ---------------------------------------------------------------------------


def _jsonld(path: Path) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', path.read_text("utf-8"), re.S
    )
    return json.loads(match.group(1))


def test_json_ld_names_one_edition_and_the_session_language(output):
    ids = set()
    for segment in TREES:
        data = _jsonld(output / segment / "editions/2009/index.html")
        ids.add(data["subEvent"][0]["@id"])
        session = _jsonld(output / segment / "editions/2009/sessions/micro-power.html")
        assert session["inLanguage"] == "zh-Hans"  # given in Chinese, on every tree
        ids.add(session["superEvent"]["@id"])
    assert len(ids) == 1


# --- sessions in several rooms -----------------------------------------------------------


def test_all_rooms_sessions_span_the_grid(output):
    page = (output / "en/editions/2009/schedule.html").read_text("utf-8")
    lunch = re.search(r'<li class="grid-session[^"]*type-break[^"]*" style="([^"]*)"', page)
    assert lunch and "grid-column: 2 / 5" in lunch.group(1)  # three room columns
    assert "All rooms" in (output / "en/editions/2009/sessions/lunch.html").read_text("utf-8")


def test_all_rooms_sessions_export_once_naming_every_room(output):
    events = xml_events(files(output, "en") / "schedule.xml")
    lunch = [e for e in events if e.findtext("slug") == "cnblogcon_2009-lunch"]
    assert len(lunch) == 1 and lunch[0].findtext("room") == "Main hall"
    assert lunch[0].findtext("description") == (
        "Main hall, Room A (Yanxi Room), and Room B (Huangshui Room)"
    )
    calendar = Calendar.from_ical((files(output, "en") / "sessions/lunch.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["location"]).startswith("Main hall, Room A")


# --- a round trip through our own importer -------------------------------------------------


@pytest.mark.parametrize("segment", ["en", "fr"])
def test_exported_schedule_imports_back(output, tmp_path, segment):
    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(
        "name: Round trip\nlanguages: [zh-Hans, en, fr]\ndefault_language: zh-Hans\n"
        "site_url: https://rt.example.org\ntimezone: Asia/Shanghai\n",
        encoding="utf-8",
    )
    source = files(output, segment) / "schedule.xml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.conference.importer",
            str(source),
            "--edition",
            "rt",
            "--content",
            str(content),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    sessions = content / "editions/rt/sessions"
    titles = {
        re.search(r"^Title: (.*)$", p.read_text("utf-8"), re.M).group(1)
        for p in sessions.glob("*.md")
    }
    assert KEYNOTE[segment] in titles
    assert len(list(sessions.glob("*.md"))) == 13
