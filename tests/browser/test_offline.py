"""Pages load nothing from another host.

Every browser test already fails when one of its pages asks a host other than the local
server for anything (conftest.py, ``pytest_runtest_call``); these tests check that guard,
and the pages that show media from the participants' feeds.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import Traffic, open_context
from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.browser

_REMOTE_MEDIA = re.compile(r'<(?:img|iframe|video|audio|source)\b[^>]*\bsrc="https?://')
# feed media shown as a click-to-load link, or as the media archive's local copy
_MEDIA_LINK = re.compile(r'class="remote-(?:image|video)"|<img\b[^>]*\bsrc="[^"]*\bmedia/')


def _first_with_feed_media(built_site, pattern: str) -> str:
    """A page showing media from a feed entry (a click-to-load link or a local copy)."""
    for path in sorted(built_site.glob(pattern)):
        if _MEDIA_LINK.search(path.read_text(encoding="utf-8")):
            return path.relative_to(built_site).as_posix()
    pytest.fail(f"no page {pattern} shows feed media: update this test")


def test_foreign_requests_are_recorded_and_blocked(browser, site_url):
    """The guard itself: a request to another host is recorded, then aborted."""
    test = Traffic()
    context = open_context(browser, test)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/en/index.html")
        outcome = page.evaluate("""() => fetch('https://example.org/probe.png')
                                     .then(() => 'loaded', () => 'blocked')""")
    finally:
        context.close()
    assert outcome == "blocked"
    assert test.external == ["https://example.org/probe.png"]
    assert any(url.startswith(site_url) for url in test.requests)
    assert test.problems() and not test.problems(foreign_ok=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_request_goes_to_the_local_server(page, visit, page_traffic, site_url, lang):
    """A page of each tree, with its stylesheet, scripts and images, all from loopback."""
    visit(f"{lang}/editions/2009/index.html")
    page.wait_for_load_state("networkidle")
    assert page_traffic.requests and not page_traffic.external


@pytest.mark.parametrize(
    "pattern",
    ["*/planet/index.html", "*/people/*.html", "*/editions/*/archive/*.html"],
    ids=["planet", "person", "archived-copy"],
)
def test_feed_media_is_served_locally(page, visit, built_site, page_traffic, pattern):
    """Images and players from feeds are links: the page itself asks no other host."""
    path = _first_with_feed_media(built_site, pattern)
    assert not _REMOTE_MEDIA.search((built_site / path).read_text(encoding="utf-8"))
    visit(path)
    page.wait_for_load_state("networkidle")
    assert not page_traffic.external, page_traffic.external
