"""Offline reading is complete and honest (plugins/conference/offline.py, sw.js, offline.js):
a page never visited shows the offline page of its language, not the browser's error page;
an edition's wall, roundup and people pages are kept with its schedule; a large edition's
session pages are fetched only when the reader asks ("Keep this edition offline: 46 kB").
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import _QuietHandler
from tests.browser.harness import open_context, serving
from tests.site.sample import pelican

pytestmark = pytest.mark.browser

SCHEDULE = "en/editions/2009/schedule.html"

#: the kept URLs of the worker's cache, as the page sees them
CACHED = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


@pytest.fixture
def app(browser, page_traffic):
    """A context that lets the site's service worker run."""
    context = open_context(browser, page_traffic, service_workers="allow")
    yield context
    context.close()


def _ready(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=30_000)


def test_a_page_never_visited_shows_the_offline_page(app, site_url):
    page = app.new_page()
    _ready(page, site_url, "en/index.html")
    app.set_offline(True)
    try:
        response = page.goto(f"{site_url}/fr/people/index.html")
        assert response is not None and response.ok
        # the offline page of the page's language, styled, saying what happened
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("h1").inner_text() == "Vous êtes hors ligne"
        assert page.evaluate(
            """() => [...document.styleSheets].some(
                s => (s.href || '').endsWith('/theme/css/site.css') && s.cssRules.length > 0)"""
        )
        # "Try again" leads back to the page asked for
        retry = page.locator(".offline-retry").get_attribute("href")
        assert retry == f"{site_url}/fr/people/index.html"
        # a page outside the language trees: the default language's offline page
        page.goto(f"{site_url}/nowhere.html")
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
    finally:
        app.set_offline(False)
    # online again, the page asked for is there
    page.goto(retry)
    assert page.locator("h1").inner_text() != "Vous êtes hors ligne"


def test_wall_roundup_and_people_are_kept_with_the_schedule(app, site_url, built_site):
    listed = json.loads((built_site / "en/editions/2009/offline.json").read_text(encoding="utf-8"))
    assert {"wall.html", "roundup.html"} <= set(listed["pages"])
    person = next(p for p in listed["pages"] if p.startswith("../../people/"))
    page = app.new_page()
    _ready(page, site_url, SCHEDULE)
    app.set_offline(True)
    try:
        for path in ("wall.html", "roundup.html", person):
            response = page.goto(f"{site_url}/en/editions/2009/{path}")
            assert response is not None and response.ok, path
            assert page.locator(".offline-page").count() == 0, path
    finally:
        app.set_offline(False)


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """The sample site built with a threshold under its session pages' size: every edition
    counts as large. Served on loopback."""
    output = tmp_path_factory.mktemp("large-offline")
    result = pelican(output, settings={"CONFERENCE_OFFLINE_AUTO_SIZE": 1000})
    assert result.returncode == 0, result.stderr
    with serving(output, _QuietHandler) as url:
        yield output, url


def test_a_large_edition_keeps_its_sessions_only_on_request(app, large_site):
    output, url = large_site
    listed = json.loads((output / "en/editions/2009/offline.json").read_text(encoding="utf-8"))
    assert listed["on_request"] and listed["size"] > 1000
    page = app.new_page()
    _ready(page, url, SCHEDULE)
    kept = page.evaluate(CACHED)
    assert f"{url}/en/editions/2009/wall.html" in kept
    assert not [u for u in kept if "/editions/2009/sessions/" in u], "sessions fetched unasked"
    button = page.locator(".keep-offline button")
    # the size the build measured, in the page's words
    assert button.is_visible()
    label = button.inner_text()
    assert label.startswith("Keep this edition offline: ")
    assert label.endswith(listed["size_label"]) and any(c.isdigit() for c in label)
    button.click()
    page.wait_for_selector("html[data-offline-sessions=ready]", state="attached")
    assert button.inner_text() == "This edition is kept for reading offline"
    kept = page.evaluate(CACHED)
    for session in listed["sessions"]:
        assert f"{url}/en/editions/2009/{session}" in kept
    app.set_offline(True)
    try:
        response = page.goto(f"{url}/en/editions/2009/{listed['sessions'][-1]}")
        assert response is not None and response.ok
        assert page.locator(".offline-page").count() == 0
    finally:
        app.set_offline(False)


def test_a_small_edition_has_no_button(built_site):
    listed = json.loads((built_site / "en/editions/2009/offline.json").read_text("utf-8"))
    assert not listed["on_request"]
    schedule = (built_site / SCHEDULE).read_text(encoding="utf-8")
    assert "keep-offline" not in schedule
