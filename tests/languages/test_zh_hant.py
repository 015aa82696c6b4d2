"""Functional tests: the optional zh-Hant tree, converted from zh-Hans with OpenCC."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests import cldr

from .helpers import Page

pytestmark = pytest.mark.slow

SITE = "https://cnblogcon.example.org"
XML = "{http://www.w3.org/XML/1998/namespace}lang"


def _files(tree: Path) -> list[str]:
    """Every file of a tree: pages, feeds, calendars, schedule files, share cards."""
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())


def test_the_tree_has_every_page_of_the_zh_hans_tree(zh_hant_site: Path):
    source = _files(zh_hant_site / "zh-hans")
    assert len(source) > 40
    # the one exception: the table that turns a Traditional query into Simplified, which
    # only a Simplified tree's search page fetches (plugins/search/hansquery.py)
    assert "search.hans.json" in source
    assert _files(zh_hant_site / "zh-hant") == [p for p in source if p != "search.hans.json"]
    for path in (
        "editions/2009/roundup.html",
        "planet/index.html",
        "tags/lianzhou.html",
        "editions/2009/sessions/micro-power.html",
        "people/huyong.html",
        "editions/2009/wall.atom",
        "editions/2009/roundup.atom",
        "planet/feed.atom",
        "planet/feed.json",
        "editions/2009/2009.ics",
        "editions/2009/schedule.xml",
        "editions/2009/schedule.json",
        "manifest.webmanifest",
    ):
        assert path in source


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "posts/call-for-participation.html",
        "about.html",
        "editions/2009/index.html",
        "editions/2009/schedule.html",
        "tags/lianzhou.html",
        "editions/2009/roundup.html",
        "planet/index.html",
    ],
)
def test_html_lang_and_machine_conversion_notice(zh_hant_site: Path, path):
    page = Page(zh_hant_site / "zh-hant" / path)
    assert page.html_lang == "zh-Hant"
    text = page.path.read_text("utf-8")
    notice = re.search(r'<p class="notice machine-converted"[^>]*>(.*?)</p>', text, re.DOTALL)
    assert notice, path
    assert "自動轉換" in notice.group(1) and "簡體" in notice.group(1)
    assert f'href="{"../" * path.count("/")}../zh-hans/{path}"' in notice.group(1)


def test_every_page_of_the_tree_carries_the_notice(zh_hant_site: Path):
    pages = list((zh_hant_site / "zh-hant").rglob("*.html"))
    assert pages and all("machine-converted" in p.read_text("utf-8") for p in pages)
    assert not any(
        "machine-converted" in p.read_text("utf-8")
        for p in (zh_hant_site / "zh-hans").rglob("*.html")
    )


def test_text_is_converted(zh_hant_site: Path):
    post = (zh_hant_site / "zh-hant/posts/call-for-participation.html").read_text("utf-8")
    assert "連州" in post and "网志" not in post and "網誌" in post
    assert "<title>第五屆中文網誌年會：連州見！ · 中文網誌年會</title>" in post
    assert "跳到正文" in post and "歷屆年會" in post  # UI strings from the zh_Hans catalog
    home = (zh_hant_site / "zh-hant/index.html").read_text("utf-8")
    assert "連州" in home and "连州" not in home
    assert "簡體" in (zh_hant_site / "zh-hant/about.html").read_text("utf-8")


def test_urls_and_attributes_are_untouched(zh_hant_site: Path):
    hant = (zh_hant_site / "zh-hant/markup-check.html").read_text("utf-8")
    assert '<a href="https://zh.wikipedia.org/wiki/连州" title="連州市">連州</a>' in hant
    assert '<span class="网志" data-note="简体">簡體字</span>' in hant
    assert '<img alt="網誌" src="https://example.org/简体.png">' in hant
    assert "<code>简体</code>" in hant
    assert '<blockquote lang="en">\n<p>simplified 简体</p>' in hant


def test_hreflang_lists_zh_hant_on_zh_hans_pages(zh_hant_site: Path):
    page = Page(zh_hant_site / "zh-hans/posts/call-for-participation.html")
    assert page.hreflang["zh-Hant"] == f"{SITE}/zh-hant/posts/call-for-participation.html"
    assert page.hreflang["x-default"] == f"{SITE}/zh-hans/posts/call-for-participation.html"
    session = Page(zh_hant_site / "en/editions/2009/sessions/micro-power.html")
    assert session.hreflang["zh-Hant"] == f"{SITE}/zh-hant/editions/2009/sessions/micro-power.html"
    hant = Page(zh_hant_site / "zh-hant/editions/2009/index.html")
    assert hant.canonical == f"{SITE}/zh-hant/editions/2009/index.html"
    assert hant.meta("og:locale") == ["zh_TW"]


def test_switcher_lists_zh_hant_by_its_own_name(zh_hant_site: Path):
    page = Page(zh_hant_site / "zh-hans/about.html")
    assert page.switch_targets(zh_hant_site)["zh-Hant"] == "zh-hant/about.html"
    text = page.path.read_text("utf-8")
    pattern = (
        r'lang="zh-Hant" translate="no" hreflang="zh-Hant"[^>]*>'
        + re.escape(cldr.native_name("zh-Hant"))
        + "</a>"
    )
    assert re.search(pattern, text)


def test_untranslated_session_stays_untranslated(zh_hant_site: Path):
    page = Page(zh_hant_site / "en/editions/2008/sessions/disaster-relief.html")
    assert "zh-Hant" in page.hreflang  # the zh-Hans original, converted
    assert Page(zh_hant_site / "zh-hant/editions/2008/sessions/disaster-relief.html").notices == []


def test_feed_is_converted(zh_hant_site: Path):
    atom = ET.parse(zh_hant_site / "zh-hant/feed.atom").getroot()
    assert atom.get(XML) == "zh-Hant"
    assert atom.findtext("{http://www.w3.org/2005/Atom}title") == "中文網誌年會"
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in atom.findall("{http://www.w3.org/2005/Atom}entry")
    ]
    assert "第五屆中文網誌年會：連州見！" in titles
    everything = (zh_hant_site / "feed.atom").read_text("utf-8")
    assert "zh-hant/" not in everything  # the all-languages feed has written texts only


def test_off_by_default(sample_site: Path):
    assert not (sample_site / "zh-hant").exists()
    page = Page(sample_site / "zh-hans/posts/call-for-participation.html")
    assert "zh-Hant" not in page.hreflang
    assert "zh-Hant" not in page.switch_targets(sample_site)
    assert not any("machine-converted" in p.read_text("utf-8") for p in sample_site.rglob("*.html"))
