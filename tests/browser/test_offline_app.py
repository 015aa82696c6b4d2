"""Offline: after one visit of an edition page, its schedule, session pages and the reader's
starred sessions load with the network off (the service worker, plugins/conference/offline.py
and themes/ruyi/static/js/sw.js). Service workers need a secure context: http://127.0.0.1
is one.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import open_context

pytestmark = pytest.mark.browser

SCHEDULE = "en/editions/2009/schedule.html"


@pytest.fixture
def app(browser, page_traffic):
    """A context that lets the site's service worker run."""
    context = open_context(browser, page_traffic, service_workers="allow")
    yield context
    context.close()


def test_schedule_and_session_pages_load_offline(app, site_url):
    page = app.new_page()
    page.goto(f"{site_url}/{SCHEDULE}")
    page.locator(".grid-session[data-id=data-safety] .star").click()
    page.wait_for_selector("html[data-offline=ready]", timeout=30_000)
    app.set_offline(True)
    try:
        for path in (
            "en/editions/2009/sessions/closing.html",
            "en/editions/2009/index.html",
            f"{SCHEDULE}?mine=1",
        ):
            response = page.goto(f"{site_url}/{path}")
            assert response is not None and response.ok, path
        # my schedule, offline: only the starred session
        shown = page.evaluate("""() => [...document.querySelectorAll(
            '.grid-session:not(.grid-continued)')].filter(s => s.offsetParent !== null)
            .map(s => s.dataset.id)""")
        assert shown == ["data-safety"]
        # the theme came from the cache too: the page is styled
        assert (
            page.locator(".schedule-grid").first.evaluate(
                "el => getComputedStyle(el).listStyleType"
            )
            == "none"
        )
        # the language's search page and Pagefind's code were kept too
        response = page.goto(f"{site_url}/en/search.html")
        assert response is not None and response.ok
        assert page.evaluate("() => typeof PagefindUI") == "function"
    finally:
        app.set_offline(False)


def test_the_worker_is_versioned_by_the_build(built_site):
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.match(r'var VERSION = "[0-9a-f]{16}";\n', worker)
    manifest = (built_site / "zh-hans/manifest.webmanifest").read_text(encoding="utf-8")
    assert '"lang": "zh-Hans"' in manifest and '"start_url": "./index.html"' in manifest


def test_version_changes_with_the_pages(tmp_path):
    from plugins.conference.offline import build_version

    theme = tmp_path / "theme"
    (theme / "js").mkdir(parents=True)
    (theme / "js/sw.js").write_text("/* worker */")
    page = tmp_path / "out/en/editions/2009/schedule.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>one</p>")
    first = build_version(tmp_path / "out", theme)
    assert build_version(tmp_path / "out", theme) == first
    page.write_text("<p>two</p>")
    assert build_version(tmp_path / "out", theme) != first


def test_a_simplified_tree_keeps_its_table_of_traditional_queries(app, site_url):
    """Offline, the zh-Hans search page still converts a Traditional query: the query
    table and hans.js were kept with the language's search files."""
    page = app.new_page()
    page.goto(f"{site_url}/zh-hans/editions/2009/index.html")
    page.wait_for_selector("html[data-offline=ready]", timeout=30_000)
    app.set_offline(True)
    try:
        response = page.goto(f"{site_url}/zh-hans/search.html")
        assert response is not None and response.ok
        converted = page.evaluate("""async () => {
            const config = JSON.parse(document.getElementById("search-config").textContent);
            const table = await (await fetch(config.hans)).json();
            return window.ruyiHans(table, "網誌年會");
        }""")
        assert converted == "网志年会"
    finally:
        app.set_offline(False)
