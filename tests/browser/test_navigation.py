"""A reader moves through the site by clicking links, in each language.

Links are found by where they lead (the URL map of DESIGN.md) or by their visible name
(the language switcher names each language in itself), not by theme classes, so restyling
the theme does not break these tests.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import cldr
from tests.browser.harness import open_context
from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.browser

HTML_LANG = {"zh-hans": "zh-Hans", "en": "en", "fr": "fr"}
NATIVE_NAME = {segment: cldr.native_name(tag) for segment, tag in HTML_LANG.items()}
SESSION_TITLE = {"zh-hans": "微动力", "en": "Micro power", "fr": "La micro-puissance"}


def _url(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + r"(?:[?#].*)?$")


def _click_link_to(page, target: str) -> None:
    """Click the first link in the main content whose href ends with ``target``."""
    link = page.locator(f'main a[href$="{target}"]:visible').first
    expect(link).to_be_visible()
    link.click()


def _expect_page(page, lang: str, path: str) -> None:
    expect(page).to_have_url(_url(f"/{lang}/{path}"))
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])
    expect(page.locator("h1").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_edition_schedule_session_speaker_and_back(page, visit, lang):
    steps = [
        ("editions/2009/index.html", "editions/2009/index.html"),
        ("editions/2009/schedule.html", "editions/2009/schedule.html"),
        ("sessions/micro-power.html", "editions/2009/sessions/micro-power.html"),
        ("people/huyong.html", "people/huyong.html"),
    ]
    visit(f"{lang}/index.html")
    _expect_page(page, lang, "index.html")
    visited = ["index.html"]
    for target, path in steps:
        _click_link_to(page, target)
        _expect_page(page, lang, path)
        visited.append(path)
    expect(page.locator("h1").first).to_contain_text(
        {"zh-hans": "胡泳", "en": "Hu Yong", "fr": "Hu Yong"}[lang]
    )
    for path in reversed(visited[:-1]):
        page.go_back(wait_until="load")
        _expect_page(page, lang, path)


@pytest.mark.parametrize(
    "path",
    [
        "editions/2009/sessions/micro-power.html",
        "people/huyong.html",
        "posts/lianzhou-impressions.html",
        "about.html",
    ],
)
def test_language_switcher_keeps_the_page(page, visit, path):
    """From English to French to Chinese and back, on the same page each time."""
    visit(f"en/{path}")
    for lang in ("fr", "zh-hans", "en"):
        page.get_by_role("link", name=NATIVE_NAME[lang], exact=True).first.click()
        _expect_page(page, lang, path)
        if path.endswith("micro-power.html"):  # the page is in the new language
            expect(page.locator("h1").first).to_have_text(SESSION_TITLE[lang])


@pytest.mark.parametrize(
    ("locale", "lang"), [("fr-FR", "fr"), ("zh-CN", "zh-hans"), ("en-GB", "en")]
)
def test_root_sends_the_browser_to_its_language(browser, site_url, page_traffic, locale, lang):
    """/index.html redirects to the tree of the browser's preferred language."""
    context = open_context(browser, page_traffic, locale=locale)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/index.html")
        _expect_page(page, lang, "index.html")
    finally:
        context.close()
