"""Which posts a roundup lists: window, keywords, hashtags, links; case and width."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from plugins.conference.model import Link, Localized
from plugins.core.text import excerpt, html_to_text
from plugins.roundup.matching import Matcher, edition_page_prefixes, names_session

SHANGHAI = ZoneInfo("Asia/Shanghai")


def edition(**extra):
    values = dict(
        id="2009",
        start=date(2009, 11, 14),
        end=date(2009, 11, 15),
        timezone=SHANGHAI,
        keywords=["中文网志年会", "CNBlogCon", "Chinese Blogger Conference"],
        hashtags=["#cnbc09", "cnbc2009"],
        links=[Link("https://photos.example.org/cnbc09", Localized({"en": "Photos"}))],
    )
    values.update(extra)
    return SimpleNamespace(**values)


def entry(title="", content="", when=datetime(2009, 11, 16, 12, tzinfo=UTC)):
    return SimpleNamespace(title=title, content=content, date=when)


@pytest.fixture
def matcher():
    prefixes = edition_page_prefixes("https://conf.example.org", ["zh-hans", "en"], "2009")
    return Matcher(edition(), prefixes, days_before=3, days_after=10)


@pytest.mark.parametrize(
    ("title", "content"),
    [
        ("参加中文网志年会", ""),
        ("", "<p>第五届中文网志年会在连州</p>"),
        ("CNBLOGCON recap", ""),  # case-insensitive
        ("ＣＮＢｌｏｇＣｏｎ 回顾", ""),  # full-width Latin
        ("", "<p>Back from the chinese blogger conference!</p>"),
    ],
)
def test_keywords_match_case_and_width_insensitively(matcher, title, content):
    found = matcher.matches(entry(title, content))
    assert found and found.keywords


@pytest.mark.parametrize(
    "text", ["现场 #cnbc09", "现场 ＃ＣＮＢＣ０９", "#CNBC2009 photos", "#cnbc09。"]
)
def test_hashtags_match(matcher, text):
    found = matcher.matches(entry(text))
    assert found and found.hashtags


@pytest.mark.parametrize("text", ["#cnbc091", "cnbc09", "myCNBlogConf", "网志"])
def test_near_misses_do_not_match(matcher, text):
    assert matcher.matches(entry(text)) is None


def test_links_to_edition_pages_or_links_match(matcher):
    link = '<a href="https://conf.example.org/en/editions/2009/schedule.html">schedule</a>'
    assert matcher.matches(entry("notes", link)).links
    photos = '<a href="https://photos.example.org/cnbc09/">photos</a>'
    assert matcher.matches(entry("notes", photos)).links
    other = '<a href="https://conf.example.org/en/editions/2008/index.html">last year</a>'
    assert matcher.matches(entry("notes", other)) is None


def test_window_is_in_the_editions_time_zone(matcher):
    # 2009-11-10 17:00 UTC is 11-11 01:00 in Shanghai: the first day of the window
    assert matcher.matches(entry("CNBlogCon", when=datetime(2009, 11, 10, 17, tzinfo=UTC)))
    assert matcher.matches(entry("CNBlogCon", when=datetime(2009, 11, 10, 15, tzinfo=UTC))) is None
    assert matcher.matches(entry("CNBlogCon", when=datetime(2009, 11, 25, 15, tzinfo=UTC)))
    assert matcher.matches(entry("CNBlogCon", when=datetime(2009, 11, 25, 17, tzinfo=UTC))) is None


def test_session_named_by_title_or_speaker():
    speaker = SimpleNamespace(name=Localized({"zh-Hans": "胡泳", "en": "Hu Yong"}, "zh-Hans"))
    texts = {"zh-Hans": SimpleNamespace(title="微动力"), "en": SimpleNamespace(title="Micro power")}
    session = SimpleNamespace(
        speakers=[speaker], text_for=lambda lang: texts.get(lang, texts["zh-Hans"])
    )
    assert names_session("听了胡泳的演讲", session, ["zh-Hans", "en"])
    assert names_session("notes on MICRO POWER", session, ["zh-Hans", "en"])
    assert not names_session("lunch in Lianzhou", session, ["zh-Hans", "en"])


def test_excerpt_never_splits_words_or_characters():
    assert excerpt("The Chinese Blogger Conference took place", 20) == "The Chinese Blogger…"
    assert excerpt("中文网志年会在连州举行", 6) == "中文网志年会…"
    assert excerpt("short", 20) == "short"
    assert html_to_text("<p>a &amp; b</p><script>alert(1)</script><p>c</p>") == "a & b c"
