"""Conference pages: every page type in every language, the schedule grid (parallel rooms,
sessions past midnight, zone and offset), the participants chart, session and person
pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.sample import sample_output

SAMPLE_LANGS = ("zh-hans", "en", "fr")


@pytest.fixture(scope="module")
def sample(request, tmp_path_factory) -> Path:
    """The sample site, built once per test session (:mod:`tests.site.sample`)."""
    return sample_output(request, tmp_path_factory)


def sample_ids() -> tuple[list[str], dict[str, list[str]]]:
    editions = sorted(p.parent.name for p in (ROOT / "content/editions").glob("*/edition.yaml"))
    sessions = {
        e: sorted(
            {p.name.split(".")[0] for p in (ROOT / f"content/editions/{e}/sessions").glob("*.md")}
        )
        for e in editions
    }
    return editions, sessions


def test_every_page_type_exists_in_every_language(sample):
    editions, sessions = sample_ids()
    for lang in SAMPLE_LANGS:
        assert (sample / lang / "index.html").is_file()
        assert (sample / lang / "editions/index.html").is_file()
        for edition in editions:
            assert (sample / lang / f"editions/{edition}/index.html").is_file()
            assert (sample / lang / f"editions/{edition}/schedule.html").is_file()
            for session in sessions[edition]:
                assert (sample / lang / f"editions/{edition}/sessions/{session}.html").is_file()
        assert (sample / lang / "people/huyong.html").is_file()
        for edition in editions:
            assert (sample / f"editions/{edition}/schedule.xml").is_file()
            assert (sample / f"editions/{edition}/schedule.json").is_file()
            assert (sample / f"editions/{edition}/{edition}.ics").is_file()


def read(sample: Path, relative: str) -> str:
    return (sample / relative).read_text(encoding="utf-8")


def test_editions_archive_has_table_and_accessible_svg_chart(sample):
    html = read(sample, "en/editions/index.html")
    # the chart needs no script (every page has only the offline worker's, offline.js)
    assert re.findall(r"<script\b[^>]*>", html) == [
        s for s in re.findall(r"<script\b[^>]*>", html) if "theme/js/offline.js" in s
    ]
    assert "<script" not in html.split("</head>", 1)[1]
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # labels carry the year and the number, so the chart reads without colour
    assert re.search(r">2009</text>", svg) and re.search(r">150</text>", svg)
    assert re.search(r">2008</text>", svg) and re.search(r">200</text>", svg)
    for text in ("Lianzhou, Guangdong", "Micro power and a broader world", "Edition 5"):
        assert text in html


def test_edition_page_has_speakers_participants_links_and_files(sample):
    html = read(sample, "fr/editions/2009/index.html")
    assert 'class="edition h-event"' in html
    assert "Petites forces, vastes horizons" in html
    assert "../../../fr/editions/2009/2009.ics" in html  # the French files
    assert "../../../fr/editions/2009/schedule.xml" in html
    assert "https://photos.example.org/cnbc2009/" in html
    assert 'id="speakers"' in html and 'id="participants"' in html
    assert 'href="../../../fr/editions/2009/roundup.html"' in html  # the roundup exists


def _china_time() -> str:
    """Asia/Shanghai named in English by the installed Babel's CLDR data."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from babel import dates

    noon = datetime(2009, 11, 14, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
    return dates.get_timezone_name(noon, "long", locale="en")


def test_schedule_grid_shows_zone_offset_and_rooms_as_columns(sample):
    html = read(sample, "en/editions/2009/schedule.html")
    assert f"{_china_time()} (UTC+08:00)" in html  # CLDR's name, not the IANA key
    assert "--rooms: 3" in html
    # two parallel sessions at 10:45 share rows but not columns (one row per start time:
    # the keynote at 9:30 in row 2, then 10:45)
    rows = re.findall(
        r'grid-session[^"]*" style="grid-row: (\d+) / (\d+); grid-column: (\d+) / \d+"', html
    )
    assert ("3", "4", "3") in rows and ("3", "4", "4") in rows
    # every time is followed by its zone's name from CLDR (whatever CLDR's version says)
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from plugins.conference.grid import zone_label

    name = zone_label(datetime(2009, 11, 14, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), "en")
    assert name and html.count(f'<span class="tz">{name}</span>') == html.count(
        'class="dt-start"'
    ) + html.count('class="grid-time') + html.count('class="grid-corner"')


def test_session_page_has_time_zone_calendar_link_coverage_and_hook(sample):
    html = read(sample, "en/editions/2009/sessions/micro-power.html")
    assert f"({_china_time()}, UTC+08:00)" in html
    assert 'href="../../../../en/editions/2009/sessions/micro-power.ics"' in html
    assert "https://linxiao.example.org/2009/11/cnbc09-live-day1.html" in html  # coverage
    assert 'class="speaker p-performer h-card"' in html
    assert "application/ld+json" in html


def test_person_page_has_names_bio_and_sessions(sample):
    html = read(sample, "fr/people/huyong.html")
    assert "Hu Yong" in html and "胡泳" in html
    assert "micro-power.html" in html
    assert 'class="person h-card"' in html


LATE = """\
    Title: 深夜场
    Start: 2009-11-14 23:00
    End: 2009-11-15 01:00
    Room: side
    Type: social

    午夜之后。
    """
PARALLEL = """\
    Title: 平行
    Start: 2009-11-14 09:30
    End: 2009-11-14 10:00
    Room: side
    Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ

    同时。
    """


def test_sessions_past_midnight_and_parallel_rooms(site):
    site.write("editions/2009/sessions/late.zh-Hans.md", LATE)
    site.write("editions/2009/sessions/parallel.zh-Hans.md", PARALLEL)
    site.build()
    html = site.read("en/editions/2009/schedule.html")
    day1 = html.split('id="day-2"')[0]
    assert "深夜场" in day1  # stays on the evening it started
    assert re.search(r'datetime="2009-11-15T01:00:00\+08:00">1:00\s?AM</time> <abbr', day1)
    # keynote (main) and parallel (side) start in the same row, in two columns; both end
    # before the next start (10:45), so each takes that one row whatever its length
    assert 'style="grid-row: 2 / 3; grid-column: 2 / 3"' in day1
    assert 'style="grid-row: 2 / 3; grid-column: 3 / 4"' in day1
    session = site.read("en/editions/2009/sessions/late.html")
    assert "<abbr" in session and "+1" in session
    video = site.read("en/editions/2009/sessions/parallel.html")
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in video
    assert "<iframe" not in video

    from icalendar import Calendar

    calendar = Calendar.from_ical((site.output / "editions/2009/sessions/late.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["dtend"].to_ical() == b"20091115T010000"
    assert event["dtend"].params["TZID"] == "Asia/Shanghai"


def test_schedule_css_turns_the_grid_into_a_list_on_narrow_screens():
    css = (ROOT / "themes/ruyi/static/css/site.css").read_text("utf-8")
    block = css.split("--- conference: schedule grid")[1]
    narrow, wide = block.split("@media (min-width: 48rem)")
    assert ".schedule-grid { list-style: none; margin: 0; padding: 0; display: block; }" in narrow
    assert "display: grid" in wide
    assert "overflow-x: auto" in block  # wide grids scroll in their box, not the page
