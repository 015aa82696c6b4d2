"""Sessions in several rooms or all rooms, and sessions given in a language the site lacks."""

from __future__ import annotations

import re
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from plugins.conference.grid import schedule_grid
from plugins.conference.model import Room
from plugins.core.errors import ContentError

PLENARY = """\
    Title: 午餐
    Start: 2009-11-14 12:00
    End: 2009-11-14 13:00
    Room: all
    Type: break

    午餐。
    """


def build_error(site) -> ContentError:
    with pytest.raises(ContentError) as info:
        site.build()
    return info.value


def test_all_rooms_session_spans_every_column(site):
    site.write("editions/2009/sessions/lunch.zh-Hans.md", PLENARY)
    site.build()
    page = site.read("en/editions/2009/schedule.html")
    cell = re.search(r'class="grid-session[^"]*type-break[^"]*" style="([^"]*)"', page)
    assert "grid-column: 2 / 4" in cell.group(1)  # main and side
    assert "All rooms" in site.read("en/editions/2009/sessions/lunch.html")


def test_a_session_in_all_rooms_overlaps_every_room(site):
    site.write("editions/2009/sessions/lunch.zh-Hans.md", PLENARY)
    site.write(
        "editions/2009/sessions/clash.zh-Hans.md",
        PLENARY.replace("Room: all", "Room: side").replace("Type: break", "Type: talk"),
    )
    messages = [p.message for p in build_error(site).problems]
    assert any("room 'side'" in m and "overlaps" in m for m in messages), messages


def test_a_list_of_rooms(site):
    site.write(
        "editions/2009/sessions/lunch.zh-Hans.md", PLENARY.replace("Room: all", "Room: side, main")
    )
    site.build()
    page = site.read("en/editions/2009/sessions/lunch.html")
    assert "Main hall and Side room" in page  # the edition's room order, a localized list


def test_an_unknown_room_in_a_list(site):
    path = site.write(
        "editions/2009/sessions/lunch.zh-Hans.md", PLENARY.replace("Room: all", "Room: main, sied")
    )
    (problem,) = [p for p in build_error(site).problems if p.path == str(path)]
    assert problem.where == "Room" and problem.line == 4
    assert "unknown room 'sied' (did you mean 'side'?)" in problem.message
    assert "or 'all'" in problem.message


def test_all_within_a_list_of_rooms(site):
    path = site.write(
        "editions/2009/sessions/lunch.zh-Hans.md", PLENARY.replace("Room: all", "Room: all, main")
    )
    (problem,) = [p for p in build_error(site).problems if p.path == str(path)]
    assert problem.where == "Room" and "expected 'all' alone" in problem.message


def _session(rooms, start_hour):
    zone = ZoneInfo("Asia/Shanghai")
    return SimpleNamespace(
        rooms=rooms,
        room=rooms[0],
        start=datetime(2009, 11, 14, start_hour, tzinfo=zone),
        end=datetime(2009, 11, 14, start_hour + 1, tzinfo=zone),
    )


def test_rooms_that_are_not_side_by_side_get_one_cell_per_run():
    rooms = {name: Room(name, name) for name in ("a", "b", "c")}
    both_ends = _session([rooms["a"], rooms["c"]], 9)
    middle = _session([rooms["b"]], 10)
    edition = SimpleNamespace(
        rooms=rooms, days=lambda: [(both_ends.start.date(), [both_ends, middle])]
    )
    (day,) = schedule_grid(edition)
    cells = [(c.column, c.column_end, c.continued) for c in day.cells if c.session is both_ends]
    assert cells == [(2, 3, False), (4, 5, True)]


GERMAN = """\
    Title: Blogs in der Provinz
    Start: 2009-11-15 14:00
    End: 2009-11-15 15:00
    Room: side
    Language: de

    Ein Vortrag auf Deutsch.
    """


def test_a_session_given_in_a_language_the_site_lacks(site):
    site.write("editions/2009/sessions/provinz.en.md", GERMAN)
    site.build()
    english = site.read("en/editions/2009/sessions/provinz.html")
    assert '<div class="e-content p-summary" lang="de">' in english
    assert "its original language, German" in english
    chinese = site.read("zh-hans/editions/2009/sessions/provinz.html")
    assert 'lang="de"' in chinese and "德语" in chinese
    schedule = site.read("en/editions/2009/schedule.xml")
    assert "<language>de</language>" in schedule


def test_a_bad_session_language(site):
    path = site.write(
        "editions/2009/sessions/provinz.en.md", GERMAN.replace("Language: de", "Language: deutsch")
    )
    (problem,) = [p for p in build_error(site).problems if p.path == str(path)]
    assert problem.where == "Language" and "not a language tag" in problem.message


def test_without_a_font_pages_have_no_share_card(site, monkeypatch):
    """A machine without a Chinese font still builds; pages then carry no og:image."""
    monkeypatch.setattr("plugins.conference.generator.find_font", lambda configured: None)
    site.build()
    page = site.read("en/editions/2009/index.html")
    assert 'property="og:image"' not in page and 'content="summary"' in page
    assert not (site.output / "en/share.png").exists()


def test_an_editions_own_image_wins(site):
    path = site.path("editions/2009/edition.yaml")
    path.write_text(
        path.read_text("utf-8") + "image: https://photos.example.org/2009.jpg\n"
        "address: {locality: {zh-Hans: 连州市, en: Lianzhou}, country: cn}\n",
        encoding="utf-8",
    )
    site.build()
    page = site.read("en/editions/2009/sessions/keynote.html")
    assert '<meta property="og:image" content="https://photos.example.org/2009.jpg">' in page
    assert '"addressCountry": "CN"' in page and '"addressLocality": "Lianzhou"' in page


def test_a_bad_country_code(site):
    path = site.path("editions/2009/edition.yaml")
    path.write_text(path.read_text("utf-8") + "address: {country: China}\n", encoding="utf-8")
    problems = [p for p in build_error(site).problems if p.path == str(path)]
    assert [p.where for p in problems] == ["address.country"]
