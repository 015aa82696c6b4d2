"""Roundups end to end: fixture feeds → fetch → build; then the store is emptied and the
archive alone keeps every item."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import feedparser
import pytest

from plugins.planet.fetch import run_fetch
from plugins.roundup.__main__ import main as roundup_main
from tests.conftest import ROOT, unreadable_files

FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Alice</title><link>https://alice.example.org/</link><language>zh-cn</language>
<item><title>第一天：微动力</title>
  <link>https://alice.example.org/2009/11/day1.html</link>
  <guid>https://alice.example.org/2009/11/day1.html</guid>
  <pubDate>Sat, 14 Nov 2009 23:10:00 +0800</pubDate>
  <description><![CDATA[<p>在测试年会听了主题演讲。</p><script>alert(1)</script>]]></description></item>
<item><title>ＣＮＢＣ０９ notes</title>
  <link>https://alice.example.org/2009/11/notes.html</link>
  <guid>https://alice.example.org/2009/11/notes.html</guid>
  <pubDate>Mon, 16 Nov 2009 10:00:00 +0800</pubDate>
  <description><![CDATA[<p>Slides are on the
  <a href="https://conf.example.org/en/editions/2009/schedule.html">schedule</a>.</p>]]></description></item>
<item><title>#cnbc09 again, but a year late</title>
  <link>https://alice.example.org/2010/11/late.html</link>
  <guid>https://alice.example.org/2010/11/late.html</guid>
  <pubDate>Mon, 15 Nov 2010 10:00:00 +0800</pubDate>
  <description>Outside the window.</description></item>
<item><title>Lunch</title>
  <link>https://alice.example.org/2009/11/lunch.html</link>
  <guid>https://alice.example.org/2009/11/lunch.html</guid>
  <pubDate>Sun, 15 Nov 2009 12:00:00 +0800</pubDate>
  <description>No keyword here.</description></item>
</channel></rss>
"""

COVERAGE = """\
items:
  - type: liveblog
    url: https://alice.example.org/2009/11/day1.html
    title: 第一天：微动力
    lang: zh-Hans
    author: alice
    session: keynote
    quote:
      text: 单个网志的声音很小。
      translations: {en: A single blog has a small voice.}
  - type: press
    url: https://news.example.com/cnbc09
    title: Bloggers meet
    lang: en
    author: Some Reporter
"""


@pytest.fixture
def roundup_site(site):
    site.write(
        "editions/2009/edition.yaml",
        site.path("editions/2009/edition.yaml").read_text()
        + "keywords: [测试年会]\nhashtags: ['#cnbc09']\n",
    )
    site.write(
        "people/alice.yaml",
        site.path("people/alice.yaml").read_text() + "feed: feeds/alice.xml\naggregate: true\n",
    )
    site.write("editions/2009/coverage.yaml", COVERAGE)
    site.write("editions/2009/roundup.en.md", "What people wrote after the conference.\n")
    (site.root / "feeds").mkdir()
    (site.root / "feeds/alice.xml").write_text(FEED, encoding="utf-8")
    settings = site.settings(PLANET_NEW_FEED_DAYS=None)
    summary = run_fetch(site.root, settings)
    assert not summary.failed
    return site


def test_matched_posts_within_the_window(roundup_site):
    roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    page = roundup_site.read("en/editions/2009/roundup.html")
    assert "第一天：微动力" in page  # keyword 测试年会 in the text
    assert "ＣＮＢＣ０９ notes" in page  # links to an edition page (and full-width tag)
    assert "a year late" not in page  # outside the window
    assert "Lunch" not in page  # no keyword, hashtag or link
    assert "What people wrote after the conference." in page
    assert "<script>" not in page


def test_quotes_render_with_their_languages(roundup_site):
    roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    en = roundup_site.read("en/editions/2009/roundup.html")
    assert '<blockquote lang="zh-Hans"' in en and "单个网志的声音很小。" in en
    assert '<blockquote class="translation" lang="en"><p>A single blog has a small voice.' in en
    zh = roundup_site.read("zh-hans/editions/2009/roundup.html")
    assert "单个网志的声音很小。" in zh and 'class="translation"' not in zh  # no self-translation


def test_archived_copies_and_feed(roundup_site):
    output = roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    copies = sorted((output / "en/editions/2009/archive").glob("*.html"))
    assert len(copies) == 2
    text = "".join(c.read_text(encoding="utf-8") for c in copies)
    assert "https://alice.example.org/2009/11/day1.html" in text
    assert 'name="robots" content="noindex"' in text
    assert "<script>alert" not in text
    raw = (output / "editions/2009/roundup.atom").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo
    # every item the page lists, once: the curated ones (one is also a matched post) and
    # the matched post nobody curated
    assert sorted(e.title for e in feed.entries) == sorted(
        ["ＣＮＢＣ０９ notes", "第一天：微动力", "Bloggers meet"]
    )
    assert b'<feed xml:lang="zh-Hans"' in raw  # the default language; entries in others say so


def test_a_curated_post_is_listed_once_with_the_planets_id(roundup_site):
    output = roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    page = roundup_site.read("en/editions/2009/roundup.html")
    assert page.count('href="https://alice.example.org/2009/11/day1.html"') == 1
    assert "<li>3 posts</li>" in page  # two curated items and one other matched post
    planet = feedparser.parse((output / "planet/feed.atom").read_bytes())
    roundup = feedparser.parse((output / "editions/2009/roundup.atom").read_bytes())
    planet_id = next(e.id for e in planet.entries if e.link.endswith("/day1.html"))
    assert [e.id for e in roundup.entries if e.link.endswith("/day1.html")] == [planet_id]
    assert len({e.id for e in roundup.entries}) == len(roundup.entries)


def test_each_language_has_its_roundup_feed(roundup_site):
    output = roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    english = feedparser.parse((output / "en/editions/2009/roundup.atom").read_bytes())
    assert english.feed.title == "Test Conference · 2009" and english.feed.language == "en"
    assert english.feed.link.endswith("/en/editions/2009/roundup.html")
    quoted = next(e for e in english.entries if e.title == "第一天：微动力")
    assert "单个网志的声音很小。" in quoted.content[0].value
    assert "A single blog has a small voice." in quoted.content[0].value
    page = roundup_site.read("en/editions/2009/roundup.html")
    assert 'href="https://conf.example.org/en/editions/2009/roundup.atom"' in page


def test_an_edition_without_a_roundup_advertises_no_feed(site):
    output = site.build()
    assert not (output / "editions/2009/roundup.atom").exists()
    assert "roundup.atom" not in site.read("en/editions/2009/roundup.html")


def test_session_pages_list_posts_about_them(roundup_site):
    roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    keynote = roundup_site.read("en/editions/2009/sessions/keynote.html")
    about, _, speakers = keynote.partition('id="speaker-posts"')
    assert "第一天：微动力" in about  # names the session's title 微动力
    assert "第一天：微动力" in speakers  # by its speaker alice, on the edition's days
    assert "ＣＮＢＣ０９ notes" not in speakers  # dated after the edition
    tools = roundup_site.read("en/editions/2009/sessions/tools.html")
    assert 'id="bloggers"' not in tools  # no post names 工具 or its speakers


def test_roundup_survives_an_emptied_store(roundup_site, tmp_path, capsys, umask_022):
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"PATH = {str(roundup_site.content)!r}\n"
        "PLANET_NEW_FEED_DAYS = None\n"
    )
    assert roundup_main(["archive", "--edition", "2009", "--settings", str(settings_file)]) == 0
    assert "2 matched posts, 2 written" in capsys.readouterr().out
    archived = sorted((roundup_site.content / "editions/2009/archive").glob("*.json"))
    assert len(archived) == 2
    # committed and published: world-readable, as a plain write under umask 022 makes it
    assert unreadable_files(archived[0].parent) == []
    # a second run writes nothing new
    assert roundup_main(["archive", "--edition", "2009", "--settings", str(settings_file)]) == 0
    assert "0 written, 2 unchanged" in capsys.readouterr().out

    shutil.rmtree(roundup_site.root / "data" / "planet")
    roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    page = roundup_site.read("en/editions/2009/roundup.html")
    assert "第一天：微动力" in page and "ＣＮＢＣ０９ notes" in page
    assert "archived copy" in page
    assert len(list((roundup_site.output / "en/editions/2009/archive").glob("*.html"))) == 2


def test_archive_unknown_edition_is_a_clear_error(roundup_site, capsys):
    assert (
        roundup_main(["archive", "--edition", "2099", "--settings", str(ROOT / "pelicanconf.py")])
        == 1
    )
    assert "unknown edition '2099'" in capsys.readouterr().err


def test_roundup_is_paginated_and_its_feed_capped(roundup_site):
    roundup_site.write("editions/2009/coverage.yaml", "items: []\n")  # both posts listed
    output = roundup_site.build(
        PLANET_NEW_FEED_DAYS=None, ROUNDUP_PER_PAGE=1, ROUNDUP_FEED_MAX_ENTRIES=1
    )
    first = roundup_site.read("en/editions/2009/roundup.html")
    second = roundup_site.read("en/editions/2009/roundup/page/2.html")
    assert "第一天：微动力" in first and "ＣＮＢＣ０９ notes" not in first  # oldest first
    assert "ＣＮＢＣ０９ notes" in second and "第一天：微动力" not in second
    assert "roundup/page/2.html" in first and 'rel="prev"' in second
    assert "What people wrote after the conference." not in second  # intro on page 1 only
    # The page links and numbers are in the page's language.
    zh_first = roundup_site.read("zh-hans/editions/2009/roundup.html")
    zh_second = roundup_site.read("zh-hans/editions/2009/roundup/page/2.html")
    assert "第 1 页，共 2 页" in zh_first and "较新的文章" in zh_first
    assert "第 2 页，共 2 页" in zh_second and "较早的文章" in zh_second
    assert "Older posts" not in zh_second and "Page 2 of 2" in second
    feed = feedparser.parse((output / "editions/2009/roundup.atom").read_bytes())
    assert [e.title for e in feed.entries] == ["ＣＮＢＣ０９ notes"]


def test_every_roundup_feed_item_has_a_body_with_its_quote_and_translation(roundup_site):
    hostile = COVERAGE + (
        "  - type: photos\n"
        "    url: https://photos.example.com/set\n"
        "    title: '<img src=x onerror=alert(1)>Photos'\n"
        "    lang: en\n"
        "    quote:\n"
        "      text: '</p></blockquote><script>alert(2)</script>'\n"
        "      translations: {zh-Hans: '</blockquote><script>alert(3)</script>'}\n"
    )
    roundup_site.write("editions/2009/coverage.yaml", hostile)
    output = roundup_site.build(PLANET_NEW_FEED_DAYS=None)
    for path in ("editions/2009/roundup.atom", "en/editions/2009/roundup.atom"):
        raw = (output / path).read_bytes()
        feed = feedparser.parse(raw)
        assert not feed.bozo and len(feed.entries) == 4
        for entry in feed.entries:
            assert entry.content[0].value.strip(), entry.title
            elements = _elements(entry.content[0].value)
            assert not {"script", "img"} & {tag for tag, _ in elements}, entry.title
            assert not any(name.startswith("on") for _, names in elements for name in names)
    english = feedparser.parse((output / "en/editions/2009/roundup.atom").read_bytes())
    bodies = {entry.title: entry.content[0].value for entry in english.entries}
    quoted = bodies["第一天：微动力"]
    assert re.search(r'<blockquote [^>]*lang="zh-Hans"[^>]*><p>单个网志的声音很小。</p>', quoted)
    assert '<blockquote lang="en"><p>A single blog has a small voice.</p></blockquote>' in quoted
    assert "Micro power" in quoted  # the session, named in the feed's language
    press = bodies["Bloggers meet"]  # no quote, no archived copy: what it is, and a link
    assert 'href="https://news.example.com/cnbc09"' in press and "Some Reporter" in press
    assert "Press" in press
    chinese = feedparser.parse((output / "editions/2009/roundup.atom").read_bytes())
    photos = next(e for e in chinese.entries if e.link == "https://photos.example.com/set")
    body = photos.content[0].value
    assert "&lt;/p&gt;&lt;/blockquote&gt;&lt;script&gt;" in body
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(3)" in body


def _elements(html: str) -> list[tuple[str, list[str]]]:
    """Every element of ``html`` with its attributes' names."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [name for name, _ in attrs]))

    Collect().feed(html)
    return found
