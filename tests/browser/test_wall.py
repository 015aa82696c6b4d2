"""The 2009 wall, from the sample stream, in each language: reached from the edition
page, posts in their own languages beside the schedule, pictures from the media archive
(``data/media/``), filters that are plain links, nothing hidden by moderation, and not
one request to another host (the conftest fails a
test whose page asks another host for anything)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.browser

HTML_LANG = {"zh-hans": "zh-Hans", "en": "en", "fr": "fr"}
WALL = {"zh-hans": "微博墙", "en": "Wall", "fr": "Mur"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_2009_wall_in_each_language(page, visit, lang):
    visit(f"{lang}/editions/2009/index.html")
    latest = page.locator("section.wall-latest article.wall-post")
    expect(latest).to_have_count(5)
    page.locator('main a[href$="editions/2009/wall.html"]').first.click()
    expect(page).to_have_url(re.compile(f"/{lang}/editions/2009/wall.html$"))
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])
    expect(page.locator("h1")).to_contain_text(WALL[lang])
    posts = page.locator("article.wall-post")
    expect(posts).to_have_count(13)
    for tag in ("zh-Hans", "en", "fr"):  # every post keeps its own language
        expect(page.locator(f'article.wall-post[lang="{tag}"]').first).to_be_visible()
    # the keynote is beside the hour it ran in
    hour = page.locator("#h-2009-11-14-09")
    expect(hour.locator('a[href$="sessions/micro-power.html"]')).to_be_visible()
    body = page.locator("main").inner_text()
    for hidden in ("Cheap watches", "Group photo", "Fin de la première journée"):
        assert hidden not in body
    # a language filter is a plain link to a page of that language's posts (where a
    # browser without JavaScript goes; with it, the whole wall filters in place, below)
    expect(page.locator('main nav a[href$="wall/lang-fr.html"]')).to_have_count(1)
    # every picture of the wall is the media archive's copy, loaded, with its size
    pictures = page.locator("main .wall-media img")
    expect(pictures).to_have_count(4)  # the taken-down group photo is not among them
    for index in range(4):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()  # they load lazily
        expect(picture).to_have_attribute("src", re.compile(r"^(\.\./)+media/[0-9a-f]{2}/"))
        expect(picture).to_have_attribute("alt", re.compile(r"\S"))
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
        assert picture.evaluate("img => [img.naturalWidth, img.width > 0]") == [640, True]
    visit(f"{lang}/editions/2009/wall/lang-fr.html")
    expect(page.locator("article.wall-post")).to_have_count(3)  # Marie's three
    expect(page.locator('article.wall-post:not([lang="fr"])')).to_have_count(0)


def test_with_javascript_a_source_and_a_language_combine(page, visit):
    visit("en/editions/2009/wall.html")
    visible = page.locator("article.wall-post:visible")
    expect(visible).to_have_count(13)
    page.locator('main nav a[data-filter="source"][data-value="linxiao"]').click()
    expect(page).to_have_url(re.compile(r"/en/editions/2009/wall\.html\?source=linxiao$"))
    expect(visible).to_have_count(1)  # the postcard; the other two came first by the tag
    page.locator('main nav a[data-filter="lang"][data-value="fr"]').click()
    expect(visible).to_have_count(0)
    expect(page.locator("section.wall-day:visible")).to_have_count(0)
    page.locator('main nav a[data-filter="source"][data-value=""]').click()
    expect(page).to_have_url(re.compile(r"wall\.html\?lang=fr$"))
    expect(visible).to_have_count(3)
    expect(page.locator('main nav a[data-filter="lang"][data-value="fr"]')).to_have_attribute(
        "aria-current", "page"
    )
    # a shared filtered address opens filtered
    visit("en/editions/2009/wall.html?source=cnbc09-tag&lang=zh-Hans")
    expect(visible).to_have_count(6)
