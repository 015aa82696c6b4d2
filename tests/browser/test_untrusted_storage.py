"""What another script of the origin can write is not trusted: the service worker serves
from its cache only the answers it fetched itself from the site's own URLs (a page planted
in the Cache API is never served offline), and "my schedule" ignores a malformed stored
value (themes/ruyi/static/js/sw.js and schedule.js)."""

from __future__ import annotations

import pytest

from tests.browser.harness import Traffic, open_context

pytestmark = pytest.mark.browser

SCHEDULE = "en/editions/2009/schedule.html"
SESSION = "en/editions/2009/sessions/closing.html"
EDITION = "en/editions/2009/index.html"

PLANT = """async ([session, edition, other]) => {
  const names = (await caches.keys()).filter(name => name.startsWith("ruyi-"));
  for (const name of names) {
    const cache = await caches.open(name);
    const headers = {"Content-Type": "text/html"};
    await cache.put(session, new Response("<h1>PLANTED</h1>", {headers}));
    await cache.put(edition, await fetch(other));  // the site's own answer, for another URL
    await cache.put(new Request(session + "?x=1"), new Response("<h1>PLANTED</h1>"));
  }
  return names.length;
}"""


def _offline_text(page, url: str) -> str | None:
    """The text of ``url`` loaded offline, None when it does not load."""
    try:
        response = page.goto(url)
    except Exception:  # net::ERR_FAILED: the worker had nothing it trusts
        return None
    return page.content() if response is not None else None


def test_a_page_planted_in_the_cache_is_never_served(browser, site_url):
    # a traffic record of its own: the offline failures below are what the test wants
    context = open_context(browser, Traffic(), service_workers="allow")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{SCHEDULE}")
        page.wait_for_selector("html[data-offline=ready]", timeout=30_000)
        planted = page.evaluate(
            PLANT, [f"{site_url}/{SESSION}", f"{site_url}/{EDITION}", f"{site_url}/en/index.html"]
        )
        assert planted == 1
        context.set_offline(True)
        try:
            session = _offline_text(page, f"{site_url}/{SESSION}")
            edition = _offline_text(page, f"{site_url}/{EDITION}")
            schedule = _offline_text(page, f"{site_url}/{SCHEDULE}")
        finally:
            context.set_offline(False)
        # not the planted copies: the offline page (sw.js), as for a page never kept
        assert session is not None and "PLANTED" not in session and "offline-page" in session
        assert edition is not None and "now-next" not in edition and "offline-page" in edition
        assert schedule is not None and "schedule-grid" in schedule  # what it fetched is kept
        # online again, the worker fetches the page anew and keeps the real one
        page.goto(f"{site_url}/{SESSION}")
        assert "PLANTED" not in page.content()
    finally:
        context.close()


@pytest.mark.parametrize(
    "stored",
    [
        '{"a": 1}',
        '"data-safety"',
        "null",
        "42",
        '[1, {}, null, "data-safety", "data-safety"]',
        "[[",
    ],
)
def test_my_schedule_ignores_a_malformed_stored_value(page, site_url, stored):
    page.goto(f"{site_url}/{SCHEDULE}")
    page.evaluate("v => localStorage.setItem('ruyi:stars:2009', v)", stored)
    page.goto(f"{site_url}/{SCHEDULE}?mine=1", wait_until="load")
    shown = page.evaluate("""() => [...document.querySelectorAll(
        '.grid-session:not(.grid-continued)')].filter(s => s.offsetParent !== null)
        .map(s => s.dataset.id)""")
    expected = ["data-safety"] if "data-safety" in stored and stored.startswith("[1") else []
    assert shown == expected
    # the stars still work: star one and it is the only one shown
    page.goto(f"{site_url}/{SCHEDULE}", wait_until="load")
    page.locator(".grid-session[data-id=closing] .star").click()
    stars = page.evaluate("() => JSON.parse(localStorage.getItem('ruyi:stars:2009'))")
    assert sorted(stars) == sorted({*expected, "closing"})
