"""My schedule across devices and visits (themes/ruyi/static/js/myschedule.js and the .ics
download of schedule.js): speakers, rooms and the chosen reminder in the downloaded
calendar, a share link that restores the stars in a fresh browser after confirmation, and
sessions changed since the visitor's last visit marked on the schedule."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from tests.browser.harness import open_context

pytestmark = pytest.mark.browser

SCHEDULE = "en/editions/2009/schedule.html"


@pytest.fixture
def fresh(browser, page_traffic, site_url):
    """``fresh()``: a page in a new browser context (its own storage: another device)."""
    contexts = []

    def fresh():
        context = open_context(browser, page_traffic, accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield fresh
    for context in contexts:
        context.close()


def _download(page) -> Calendar:
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my schedule (.ics)").click()
    return Calendar.from_ical(Path(download.value.path()).read_bytes())


def _pressed(page) -> list[str]:
    return sorted(
        page.locator(".grid-session:has(.star[aria-pressed=true])").evaluate_all(
            "cells => cells.map(c => c.dataset.id)"
        )
    )


def test_the_ics_has_speakers_rooms_and_the_chosen_reminder(fresh, site_url, built_site):
    page = fresh()
    page.goto(f"{site_url}/{SCHEDULE}", wait_until="load")
    for sid in ("microblogging", "data-safety"):
        page.locator(f".grid-session[data-id={sid}] .star").click()
    page.locator(".schedule-tools summary").click()
    page.get_by_label("Reminder in the .ics").select_option("10")
    events = _download(page).walk("VEVENT")
    data = json.loads((built_site / "en/editions/2009/sessions.json").read_text("utf-8"))
    sessions = {s["uid"]: s for s in data["sessions"]}
    assert len(events) == 2
    for event in events:
        session = sessions[str(event["uid"])]
        assert event["sequence"] == session.get("sequence", 0) == 0  # as the site's calendars
        assert session["speakers"]
        for name in session["speakers"]:
            assert name in str(event["description"])
        for room in session["rooms"]:
            assert data["rooms"][room] in str(event["location"])
        (alarm,) = event.walk("VALARM")
        assert alarm["trigger"].dt == -timedelta(minutes=10)
        assert str(alarm["action"]) == "DISPLAY"
    # the choice is the attendee's: kept for the next visit, not a filter in the URL
    page.reload()
    assert "reminder" not in page.url
    assert page.get_by_label("Reminder in the .ics").input_value() == "10"
    page.locator(".schedule-tools summary").click()
    page.get_by_label("Reminder in the .ics").select_option("")
    assert not any(e.walk("VALARM") for e in _download(page).walk("VEVENT"))


def test_a_share_link_restores_the_stars_on_another_device(fresh, site_url):
    page = fresh()
    page.goto(f"{site_url}/{SCHEDULE}", wait_until="load")
    for sid in ("microblogging", "rural-blogging", "data-safety"):
        page.locator(f".grid-session[data-id={sid}] .star").click()
    page.locator(".schedule-tools summary").click()
    page.get_by_role("button", name="Link to my starred sessions").click()
    link = page.locator(".share-link input").input_value()
    stars = parse_qs(urlsplit(link).query)["stars"][0].split(",")
    assert sorted(stars) == ["data-safety", "microblogging", "rural-blogging"]

    other = fresh()  # another device: nothing starred yet
    asked = []
    other.on("dialog", lambda dialog: asked.append(dialog.message) or dialog.accept())
    other.goto(link.replace("data-safety", "data-safety,no-such-session"), wait_until="load")
    assert asked == ["Add the 3 sessions of this link to your starred sessions?"]
    assert _pressed(other) == ["data-safety", "microblogging", "rural-blogging"]
    assert "stars=" not in other.url  # a reload does not ask again
    other.reload()
    assert _pressed(other) == ["data-safety", "microblogging", "rural-blogging"]
    assert len(asked) == 1

    declined = fresh()
    declined.on("dialog", lambda dialog: dialog.dismiss())
    declined.goto(link, wait_until="load")
    assert _pressed(declined) == []


def visited(page, when: str) -> None:
    """Wait until the page recorded this visit (it marks the changed sessions just after)."""
    page.wait_for_function(f"localStorage.getItem('ruyi:visit:2009') === {when!r}")


def test_a_returning_visitor_sees_what_changed_since_the_last_visit(fresh, site_url):
    page = fresh()

    def changed_data(route):
        response = route.fetch()
        data = response.json()
        for session in data["sessions"]:
            if session["id"] == "microblogging":
                session["changed"] = "2009-11-12T00:00:00+00:00"
        route.fulfill(response=response, json=data)

    page.route("**/sessions.json", changed_data)
    marked = ".grid-session.is-changed:not(.grid-continued)"
    page.clock.set_fixed_time("2009-11-10T00:00:00Z")
    page.goto(f"{site_url}/{SCHEDULE}", wait_until="load")
    visited(page, "2009-11-10T00:00:00.000Z")
    assert page.locator(marked).count() == 0  # a first visit: nothing "since"
    page.clock.set_fixed_time("2009-11-13T00:00:00Z")
    page.reload(wait_until="load")
    visited(page, "2009-11-13T00:00:00.000Z")
    assert page.locator(marked).evaluate_all("cells => cells.map(c => c.dataset.id)") == [
        "microblogging"
    ]
    assert page.locator(".badge-changed").get_attribute("href").endswith("changes.html")
    page.clock.set_fixed_time("2009-11-14T00:00:00Z")
    page.reload(wait_until="load")
    visited(page, "2009-11-14T00:00:00.000Z")
    assert page.locator(marked).count() == 0  # seen on the last visit
