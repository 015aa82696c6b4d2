"""Functional tests: the sample site's three language trees, head metadata and switcher."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from tests import cldr

from .helpers import Page

pytestmark = pytest.mark.slow

SITE = "https://cnblogcon.example.org"
TREES = {"zh-hans": "zh-Hans", "en": "en", "fr": "fr"}
PAGE_TYPES = [
    "index.html",
    "editions/index.html",
    "editions/2009/index.html",
    "editions/2009/schedule.html",
    "editions/2009/sessions/micro-power.html",
    "editions/2008/sessions/disaster-relief.html",
    "people/index.html",
    "people/huyong.html",
    "posts/index.html",
    "posts/call-for-participation.html",
    "about.html",
    "code-of-conduct.html",
    "tags/index.html",
    "tags/lianzhou.html",
]
XML = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("segment", TREES)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_in_every_tree_with_html_lang(sample_site: Path, segment, path):
    page = Page(sample_site / segment / path)
    assert page.html_lang == TREES[segment]


def test_hreflang_lists_every_translation_itself_and_x_default(sample_site: Path):
    page = Page(sample_site / "en/posts/call-for-participation.html")
    assert page.hreflang == {
        "zh-Hans": f"{SITE}/zh-hans/posts/call-for-participation.html",
        "en": f"{SITE}/en/posts/call-for-participation.html",
        "fr": f"{SITE}/fr/posts/call-for-participation.html",
        "x-default": f"{SITE}/zh-hans/posts/call-for-participation.html",
    }
    assert page.canonical == f"{SITE}/en/posts/call-for-participation.html"
    assert page.meta("og:locale") == ["en_US"]
    assert sorted(page.meta("og:locale:alternate")) == ["fr_FR", "zh_CN"]


@pytest.mark.parametrize(
    "path", ["editions/2009/schedule.html", "people/huyong.html", "index.html", "about.html"]
)
def test_hreflang_on_conference_pages_and_pages(sample_site: Path, path):
    page = Page(sample_site / "fr" / path)
    expected = {tag: f"{SITE}/{segment}/{path}" for segment, tag in TREES.items()}
    expected["x-default"] = f"{SITE}/zh-hans/{path}"
    assert page.hreflang == expected
    assert page.canonical == f"{SITE}/fr/{path}"
    assert page.meta("og:locale") == ["fr_FR"]


@pytest.mark.parametrize(
    "path",
    [
        "editions/2009/schedule.html",
        "posts/lianzhou-impressions.html",
        "about.html",
        "editions/2008/sessions/disaster-relief.html",
        "tags/lianzhou.html",
    ],
)
def test_switcher_leads_to_the_same_page(sample_site: Path, path):
    page = Page(sample_site / "en" / path)
    assert page.switch_targets(sample_site) == {"zh-Hans": f"zh-hans/{path}", "fr": f"fr/{path}"}


@pytest.mark.parametrize("segment", TREES)
def test_dates_are_localized(sample_site: Path, segment):
    """Dates go through Babel in the tree's locale (the expected text is Babel's too, so
    the test does not depend on the CLDR version)."""
    tag = TREES[segment]
    post = (sample_site / segment / "posts/call-for-participation.html").read_text("utf-8")
    published = re.escape(cldr.long_date(date(2009, 11, 10), tag))
    assert re.search(f'datetime="2009-11-10[^"]*">{published}</time>', post)
    edition = (sample_site / segment / "editions/2009/index.html").read_text("utf-8")
    expected = cldr.date_range(date(2009, 11, 14), date(2009, 11, 15), tag)
    assert f'datetime="2009-11-14">{expected}</time>' in edition
    # the month is named in the tree's language, not the machine's
    assert cldr.fold_spaces(expected) != cldr.fold_spaces(
        cldr.date_range(date(2009, 11, 14), date(2009, 11, 15), "en" if tag != "en" else "fr")
    )


@pytest.mark.parametrize(
    ("segment", "session", "words"),
    [
        ("en", "disaster-relief", f"not yet been translated into {cldr.language_name('en')}"),
        ("en", "independent-blogs", f"not yet been translated into {cldr.language_name('en')}"),
        ("fr", "disaster-relief", f"pas encore été traduite en {cldr.language_name('fr')}"),
        ("fr", "opening", f"pas encore été traduite en {cldr.language_name('fr')}"),
    ],
)
def test_untranslated_sessions_say_so(sample_site: Path, segment, session, words):
    page = Page(sample_site / segment / f"editions/2008/sessions/{session}.html")
    assert len(page.notices) == 1 and words in page.notices[0]
    assert page.canonical == f"{SITE}/zh-hans/editions/2008/sessions/{session}.html"
    assert segment not in {tag.lower() for tag in page.hreflang}
    assert 'lang="zh-Hans"' in page.path.read_text("utf-8")


@pytest.mark.parametrize(
    ("segment", "session"),
    [
        ("zh-hans", "disaster-relief"),
        ("zh-hans", "opening"),
        ("en", "opening"),
    ],
)
def test_translated_sessions_have_no_notice(sample_site: Path, segment, session):
    assert Page(sample_site / segment / f"editions/2008/sessions/{session}.html").notices == []


def test_opening_hreflang_lists_its_two_languages(sample_site: Path):
    page = Page(sample_site / "fr/editions/2008/sessions/opening.html")
    assert set(page.hreflang) == {"zh-Hans", "en", "x-default"}


def test_ui_strings_are_translated(sample_site: Path):
    assert "跳到正文" in (sample_site / "zh-hans/index.html").read_text("utf-8")
    assert "Aller au contenu" in (sample_site / "fr/index.html").read_text("utf-8")
    assert "Skip to content" in (sample_site / "en/index.html").read_text("utf-8")


@pytest.mark.parametrize("segment", TREES)
def test_language_feeds_declare_their_language(sample_site: Path, segment):
    atom = ET.parse(sample_site / segment / "feed.atom").getroot()
    assert atom.get(XML) == TREES[segment]
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 4
    for entry in entries:
        link = entry.find("{http://www.w3.org/2005/Atom}link").get("href")
        assert link.startswith(f"{SITE}/{segment}/posts/")
    rss = ET.parse(sample_site / segment / "feed.rss").getroot()
    assert rss.findtext("channel/language") == TREES[segment]
    assert len(rss.findall("channel/item")) == 4


def test_all_languages_feed_marks_each_entry(sample_site: Path):
    atom = ET.parse(sample_site / "feed.atom").getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 12
    assert {entry.get(XML) for entry in entries} == set(TREES.values())
    assert all(
        e.findtext("{http://www.w3.org/2005/Atom}id").startswith("tag:cnblogcon") for e in entries
    )


def test_tags_per_language_with_pinyin_slugs(sample_site: Path):
    zh = (sample_site / "zh-hans/tags/index.html").read_text("utf-8")
    assert "连州" in zh and "lianzhou.html" in zh and "nianhui.html" in zh
    tag = (sample_site / "fr/tags/lianzhou.html").read_text("utf-8")
    assert "Lianzhou, carnet de route" in tag
    assert not (sample_site / "fr/tags/nianhui.html").exists()


def test_head_links_the_language_feeds(sample_site: Path):
    """Feeds are advertised with absolute links and titles in the page's language, never
    as hreflang alternates (those are the page's translations)."""
    page = Page(sample_site / "fr/index.html")
    feeds = {
        link["href"]: (link["type"], link["title"])
        for link in page.links
        if link.get("type", "").startswith("application/") and link.get("rel") == "alternate"
    }
    assert feeds == {
        f"{SITE}/fr/feed.atom": ("application/atom+xml", "Conférence des blogueurs chinois (Atom)"),
        f"{SITE}/fr/feed.rss": ("application/rss+xml", "Conférence des blogueurs chinois (RSS)"),
        f"{SITE}/fr/feed.json": (
            "application/feed+json",
            "Conférence des blogueurs chinois (JSON Feed)",
        ),
        f"{SITE}/feed.atom": (
            "application/atom+xml",
            "Conférence des blogueurs chinois · Toutes les langues (Atom)",
        ),
    }
    assert not any(link.get("hreflang") and link.get("type") for link in page.links)


@pytest.mark.parametrize("segment", TREES)
def test_json_feeds_follow_the_spec(sample_site: Path, segment):
    """JSON Feed 1.1: the required top-level and item fields, absolute URLs, dates in RFC
    3339, the same items and ids as the language's Atom feed."""
    data = json.loads((sample_site / segment / "feed.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["language"] == TREES[segment]
    assert data["feed_url"] == f"{SITE}/{segment}/feed.json"
    assert data["home_page_url"].startswith(f"{SITE}/{segment}/")
    atom = ET.parse(sample_site / segment / "feed.atom").getroot()
    atom_ids = [
        e.findtext("{http://www.w3.org/2005/Atom}id")
        for e in atom.findall("{http://www.w3.org/2005/Atom}entry")
    ]
    assert [item["id"] for item in data["items"]] == atom_ids
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["url"].startswith(f"{SITE}/{segment}/")
        assert "content_html" in item or "content_text" in item
        assert "<" not in item.get("summary", "")
        datetime.fromisoformat(item["date_published"])
        assert all(author["name"] for author in item.get("authors", []))


def test_rss_guids_that_are_not_links_say_so(sample_site: Path):
    rss = ET.parse(sample_site / "en/feed.rss").getroot()
    guids = rss.findall("channel/item/guid")
    assert guids and all(g.get("isPermaLink") == "false" for g in guids)


def test_all_languages_feed_declares_a_feed_language(sample_site: Path):
    assert ET.parse(sample_site / "feed.atom").getroot().get(XML) == "zh-Hans"


def test_chinese_summary_in_feed_is_not_the_whole_paragraph(sample_site: Path):
    atom = (sample_site / "zh-hans/feed.atom").read_text("utf-8")
    summaries = re.findall(r"<summary[^>]*>(.*?)</summary>", atom, re.DOTALL)
    assert summaries and all(len(s) < 700 for s in summaries)
