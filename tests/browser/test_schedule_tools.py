"""The attendee's tools on the schedule (themes/ruyi/static/js/schedule.js): filters kept in
the URL query, now & next in the edition's zone whatever the browser's, starred sessions
with conflicts and an ``.ics`` download carrying the site's UIDs.

The sample's 2009 edition is in Asia/Shanghai (UTC+8); the browser here runs in
America/Los_Angeles, so its local date is not the edition's.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.harness import open_context

pytestmark = pytest.mark.browser

SCHEDULE = "en/editions/2009/schedule.html"
EDITION = "en/editions/2009/index.html"
ELSEWHERE = "America/Los_Angeles"
#: 10:00 in Lianzhou on the first day: the opening keynote (9:30-10:30) is on
DURING = "2009-11-14T02:00:00Z"
AFTER = "2009-11-20T02:00:00Z"

_VISIBLE_IDS = """() => [...document.querySelectorAll('.grid-session:not(.grid-continued)')]
  .filter(s => s.offsetParent !== null).map(s => s.dataset.id)"""


@pytest.fixture
def zoned(browser, page_traffic, site_url):
    """A page in a browser set to another zone than the edition's; ``go(path)`` opens."""
    context = open_context(browser, page_traffic, timezone_id=ELSEWHERE, accept_downloads=True)
    page = context.new_page()

    def go(path: str):
        page.goto(f"{site_url}/{path}", wait_until="load")
        return page

    go.page = page
    yield go
    context.close()


def _visible(page) -> list[str]:
    return page.evaluate(_VISIBLE_IDS)


def test_without_javascript_everything_is_listed(browser, page_traffic, site_url):
    context = open_context(browser, page_traffic, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{SCHEDULE}?track=anything")
        assert len(_visible(page)) == 13
        assert not page.locator(".schedule-tools").is_visible()
        assert page.locator(".schedule-days a").count() == 2  # day links work without JS
    finally:
        context.close()


def _option(page, facet: str, label: str):
    """The checkbox of one option of a filter (a fieldset named by its legend)."""
    return page.get_by_role("group", name=facet, exact=True).get_by_label(label, exact=True)


def test_filters_combine_and_live_in_the_url(page, visit, site_url):
    visit(SCHEDULE)
    assert len(_visible(page)) == 13
    page.locator(".schedule-tools summary").click()
    _option(page, "Track", "Tools and technology").check()
    assert sorted(_visible(page)) == ["data-safety", "open-source-tools"]
    query = parse_qs(urlsplit(page.url).query)
    assert set(query) == {"track"}
    _option(page, "Room", "Main hall").check()
    assert _visible(page) == ["data-safety"]
    assert "1 of 13 sessions shown" in page.locator(".schedule-status").inner_text()
    shared = page.url
    assert set(parse_qs(urlsplit(shared).query)) == {"track", "room"}
    # the shared link opens the same view
    page.goto(shared)
    assert _visible(page) == ["data-safety"]
    assert _option(page, "Room", "Main hall").is_checked()
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("() => !location.search")
    assert len(_visible(page)) == 13


def test_several_options_of_one_filter_add_up(page, visit):
    visit(SCHEDULE + "?type=workshop")
    assert _visible(page) == ["translation-workshop"]
    assert page.locator(".schedule-more").get_attribute("open") is not None
    _option(page, "Type", "Keynote").check()
    shown = _visible(page)
    assert "translation-workshop" in shown and "micro-power" in shown
    assert sorted(parse_qs(urlsplit(page.url).query)["type"]) == ["keynote", "workshop"]
    _option(page, "Type", "Workshop").uncheck()
    assert "translation-workshop" not in _visible(page)


def test_filter_by_type_in_french(page, visit):
    visit("fr/editions/2009/schedule.html?type=workshop")
    assert _visible(page) == ["translation-workshop"]
    assert _option(page, "Type", "Atelier").is_checked()


def test_search_finds_titles_speakers_and_rooms_instantly_and_keeps_it_in_the_url(page, visit):
    visit(SCHEDULE)
    search = page.get_by_label("Find a session")
    search.fill("hu yong")  # a speaker: both words must match, in any case
    assert _visible(page) == ["micro-power"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["hu yong"]}
    search.fill("yanxi")  # a room's name ("Room A (Yanxi Room)")
    shown = _visible(page)
    assert shown and all(
        "room-a" in page.locator(f".grid-session[data-id={sid}]").first.get_attribute("data-room")
        for sid in shown
    )
    search.fill("no such session anywhere")
    assert _visible(page) == []
    assert "0 of 13 sessions shown" in page.locator(".schedule-status").inner_text()
    page.goto(page.url)  # the URL keeps the search
    assert search.input_value() == "no such session anywhere" and _visible(page) == []


def test_day_selector_shows_one_day_and_lives_in_the_url(page, visit):
    visit(SCHEDULE + "?day=2")
    assert not page.locator("#day-1").is_visible() and page.locator("#day-2").is_visible()
    shown = _visible(page)
    assert shown and "micro-power" not in shown
    page.get_by_label("Day", exact=True).select_option("1")
    assert "micro-power" in _visible(page)
    assert parse_qs(urlsplit(page.url).query) == {"day": ["1"]}


def test_now_is_marked_in_the_editions_zone(zoned):
    page = zoned.page
    page.clock.set_fixed_time(DURING)
    zoned(SCHEDULE)
    now = page.locator(".grid-session.is-now:not(.grid-continued)")
    assert [now.nth(i).get_attribute("data-id") for i in range(now.count())] == ["micro-power"]
    assert now.locator(".badge-now").inner_text() == "Now"
    jump = page.locator(".jump-now a")
    assert jump.is_visible() and jump.get_attribute("href") == "#s-micro-power"
    jump.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#s-micro-power")
    page.wait_for_function("() => document.activeElement.id === 's-micro-power'")


def test_now_and_next_per_room_on_the_edition_page(zoned):
    page = zoned.page
    page.clock.set_fixed_time(DURING)
    zoned(EDITION)
    strip = page.locator(".now-next")
    strip.locator("li").first.wait_for()
    rooms = {
        item.locator(".room").inner_text(): item.inner_text() for item in strip.locator("li").all()
    }
    assert set(rooms) == {"Main hall", "Room A (Yanxi Room)", "Room B (Huangshui Room)"}
    # times as the build formatted them (CLDR's spacing varies between versions)
    main_hall = rooms["Main hall"].splitlines()
    assert next(line for line in main_hall if line.startswith("Now · ")).endswith("Micro power")
    assert next(line for line in main_hall if line.startswith("Next · ")).endswith("Lunch break")
    assert "Under 140 characters" in rooms["Room A (Yanxi Room)"].split("Next · ")[1]


def test_nothing_changes_outside_the_edition(zoned):
    page = zoned.page
    page.clock.set_fixed_time(AFTER)
    zoned(SCHEDULE)
    assert page.locator(".is-now").count() == 0
    assert not page.locator(".jump-now").is_visible()
    zoned(EDITION)
    page.wait_for_load_state("networkidle")
    assert not page.locator(".now-next").is_visible()


def test_stars_survive_reload_show_conflicts_and_download_as_ics(zoned, built_site):
    from icalendar import Calendar

    page = zoned(SCHEDULE)
    for sid in ("microblogging", "rural-blogging", "data-safety"):  # the first two overlap
        page.locator(f".grid-session[data-id={sid}] .star").click()
    page.reload()
    pressed = page.locator(".star[aria-pressed=true]")
    assert pressed.count() == 3
    conflicts = page.locator(".grid-session.is-conflict")
    assert sorted(conflicts.nth(i).get_attribute("data-id") for i in range(2)) == [
        "microblogging",
        "rural-blogging",
    ]
    assert conflicts.count() == 2
    page.locator(".schedule-tools summary").click()
    page.get_by_label("Only my starred sessions").check()
    assert sorted(_visible(page)) == ["data-safety", "microblogging", "rural-blogging"]
    assert "mine=1" in page.url
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my schedule (.ics)").click()
    mine = Calendar.from_ical(Path(download.value.path()).read_bytes())
    site = Calendar.from_ical((built_site / "en/editions/2009/2009.ics").read_bytes())
    uids = {str(e["summary"]): str(e["uid"]) for e in site.walk("VEVENT")}
    events = mine.walk("VEVENT")
    assert len(events) == 3
    for event in events:
        assert uids[str(event["summary"])] == str(event["uid"])
    starts = {str(e["summary"]): e["dtstart"].dt for e in events}
    assert (
        starts["Under 140 characters: what microblogging has changed"].isoformat()
        == "2009-11-14T02:45:00+00:00"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280], ids=["phone", "desktop"])
def test_schedule_tools_have_no_axe_violations(browser, page_traffic, site_url, scheme, width):
    """The schedule with its tools open, a filter set, a session on now and a starred
    conflict; the edition page with its now/next strip: no axe violation of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    context = open_context(
        browser,
        page_traffic,
        timezone_id=ELSEWHERE,
        color_scheme=scheme,
        viewport={"width": width, "height": 800},
    )
    try:
        page = context.new_page()
        page.clock.set_fixed_time(DURING)
        page.goto(f"{site_url}/{SCHEDULE}?type=talk")
        for sid in ("microblogging", "rural-blogging"):
            page.locator(f".grid-session[data-id={sid}] .star").click()
        assert page.locator(".is-conflict").count() == 2
        axe = Axe()
        found = axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
        page.goto(f"{site_url}/{EDITION}")
        page.locator(".now-next li").first.wait_for()
        found += axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
        assert not found, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found]
    finally:
        context.close()


def _keynote_when(page) -> str:
    return page.locator(".grid-session[data-id=micro-power] .session-when").inner_text()


def test_times_in_the_readers_zone_named_and_remembered(zoned):
    page = zoned(SCHEDULE)
    assert "9:30" in _keynote_when(page) and "GMT+08:00" in _keynote_when(page)
    page.locator(".schedule-tools summary").click()
    switch = page.get_by_role("group", name="Times shown in")
    assert "America/Los_Angeles" in switch.inner_text()
    switch.get_by_label("my time zone").check()
    # 9:30 in Lianzhou is 5:30 PM the day before in Los Angeles (PST, named by Intl)
    when = _keynote_when(page)
    assert "Fri 5:30 PM" in when.replace("\u202f", " ") and "PST" in when, when
    assert "America/Los_Angeles" in page.locator(".zone").inner_text()
    # the grid's time column: its zone in the corner above it (wide screens)
    mark = page.locator(".grid-time").first.inner_text()
    assert mark.replace("\u202f", " ") == "Fri 5:30 PM", mark  # ICU's space varies
    assert page.locator(".grid-corner").first.inner_text() == "PST"
    page.reload()
    assert "PST" in _keynote_when(page)  # remembered
    page.locator(".schedule-tools summary").click()
    page.get_by_label("the conference's time zone").check()
    assert "9:30" in _keynote_when(page) and "GMT+08:00" in _keynote_when(page)
    assert page.evaluate("() => localStorage.getItem('ruyi:timezone')") == "event"


@pytest.mark.parametrize("stored", ['{"zone": "local"}', "Local", "[]", ""])
def test_a_malformed_stored_zone_choice_is_ignored(zoned, stored):
    page = zoned.page
    page.add_init_script(f"localStorage.setItem('ruyi:timezone', {stored!r})")
    zoned(SCHEDULE)
    assert "GMT+08:00" in _keynote_when(page) and "PST" not in _keynote_when(page)
    assert page.get_by_label("the conference's time zone").is_checked()


def test_now_and_next_in_the_readers_zone_when_chosen(zoned):
    page = zoned.page
    page.clock.set_fixed_time(DURING)
    page.add_init_script("localStorage.setItem('ruyi:timezone', 'local')")
    zoned(EDITION)
    strip = page.locator(".now-next")
    strip.locator("li").first.wait_for()
    # 10:00 in Lianzhou is 6:00 PM the day before in Los Angeles: the keynote ran 5:30-6:30
    main_hall = strip.locator("li").filter(has_text="Main hall").inner_text()
    now = next(line for line in main_hall.splitlines() if line.startswith("Now · "))
    assert "5:30" in now and "6:30" in now and "PST" in now, now
