"""Wording a native reader expects: ordinals, zone names, counting words, punctuation."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import dates

from plugins.core.timezones import zone_name

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
_VISIBLE_ATTRS = {"title", "alt", "aria-label", "placeholder", "content", "label"}


class _Visible(HTMLParser):
    """What a reader sees of a page: text outside scripts and styles, and the attribute
    values shown or read aloud (titles, alternative texts, labels, meta descriptions)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.texts += [value or "" for name, value in attrs if name in _VISIBLE_ATTRS]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.texts.append(data)


def visible_text(page: Path) -> str:
    parser = _Visible()
    parser.feed(page.read_text("utf-8"))
    return "\n".join(parser.texts)


def cldr_zone(locale: str, when: datetime | None = None) -> str:
    """What CLDR (the installed Babel) calls Asia/Shanghai: tests never hard-code it."""
    if when is None:
        return dates.get_timezone_name(SHANGHAI, "long", locale=locale, zone_variant="generic")
    return dates.get_timezone_name(when, "long", locale=locale)


NOON = datetime(2009, 11, 14, 12, tzinfo=SHANGHAI)


@pytest.mark.parametrize("locale", ["zh_Hans", "fr", "en"])
def test_zone_names_come_from_cldr(locale):
    specific, generic = cldr_zone(locale, NOON), cldr_zone(locale)
    assert "Shanghai" not in specific and "/" not in specific
    assert zone_name(SHANGHAI, locale, date(2009, 11, 14)) == specific
    assert zone_name(datetime(2009, 11, 14, 9, 30, tzinfo=SHANGHAI), locale) == specific
    assert zone_name(SHANGHAI, locale) == generic


def test_zone_name_follows_the_clock_change():
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    winter = zone_name(brussels, "fr", date(2021, 2, 6))
    summer = zone_name(brussels, "fr", date(2021, 7, 6))
    assert winter != summer
    assert winter == dates.get_timezone_name(
        datetime(2021, 2, 6, 12, tzinfo=brussels), "long", locale="fr"
    )


def test_no_simplified_page_shows_an_iana_zone(sample_site):
    zones = zoneinfo.available_timezones()
    pages = sorted((sample_site / "zh-hans").rglob("*.html"))
    shown = {
        f"{page.relative_to(sample_site)}: {name}"
        for page in pages
        for name in re.findall(r"\b[A-Z][A-Za-z]+/[A-Z][A-Za-z_/+-]+", visible_text(page))
        if name in zones
    }
    assert shown == set()
    name = cldr_zone("zh_Hans", NOON)
    edition = visible_text(sample_site / "zh-hans/editions/2009/index.html")
    assert name in edition
    session = visible_text(sample_site / "zh-hans/editions/2009/sessions/photo-blogs.html")
    assert f"（{name}，UTC+08:00）" in session  # CJK brackets and comma in Chinese
    schedule = visible_text(sample_site / "zh-hans/editions/2009/schedule.html")
    assert f"会议所在时区（{name}）" in schedule
    french = visible_text(sample_site / "fr/editions/2009/schedule.html")
    assert cldr_zone("fr", NOON) in french


def test_edition_ordinals(sample_site, site):
    assert "5e édition" in visible_text(sample_site / "fr/editions/2009/index.html")
    site.write(
        "conference.yaml",
        (site.path("conference.yaml").read_text("utf-8")).replace(
            "languages: [zh-Hans, en]", "languages: [zh-Hans, en, fr]"
        ),
    )
    out = site.build()
    assert "1re édition" in visible_text(out / "fr/editions/2009/index.html")
    assert "Edition 1" in visible_text(out / "en/editions/2009/index.html")
    assert "第 1 届" in visible_text(out / "zh-hans/editions/2009/index.html")


def test_wall_count_reads_naturally(sample_site):
    zh = visible_text(sample_site / "zh-hans/editions/2009/wall.html")
    # wall posts are counted with 条, and the sentence ends with a CJK full stop
    assert re.search(r"与日程对照。共 \d+ 条微博。", zh), zh[:300]
    assert not re.search(r"\d+ 篇文章\.", zh)
    en = visible_text(sample_site / "en/editions/2009/wall.html")
    assert re.search(r"beside the schedule\. \d+ micro-blog posts in all\.", en)


def test_sessions_counted_per_day(site):
    out = site.build(CONFERENCE_EDITION_PAGE_SESSIONS=1)
    zh = (out / "zh-hans/editions/2009/index.html").read_text("utf-8")
    assert re.search(r"<li><a href=\"[^\"]*schedule.html#[^\"]*\">[^<]+</a>：1 场</li>", zh), zh
    en = (out / "en/editions/2009/index.html").read_text("utf-8")
    assert re.search(r"</a>: 1 session</li>", en)


def test_excerpts_are_text_only(sample_site):
    roundup = (sample_site / "zh-hans/editions/2009/roundup.html").read_text("utf-8")
    summaries = re.findall(r'<p class="p-summary">([^<]*)</p>', roundup)
    assert summaries
    joined = "\n".join(summaries)
    assert "连州会场" not in joined  # a picture's alternative text in the sample's planet
    assert "他说，单个网志的声音很小" in joined
    assert not re.search(r"。 ", joined)  # no Latin space after a CJK full stop


def test_titles_in_a_list_stay_apart(sample_site):
    zh = (sample_site / "zh-hans/editions/2009/wall.html").read_text("utf-8")
    stage = re.sub(r"<a [^>]*>", "<a>", zh)
    assert "台上：《<a>微动力</a>》、《<a>一百四十字以内：微博客改变了什么</a>》和《" in stage
    en = re.sub(r"<a [^>]*>", "<a>", (sample_site / "en/editions/2009/wall.html").read_text())
    assert "On stage: “<a>Micro power</a>”, “<a>Under 140 characters: what" in en


def test_an_online_location_is_written_once(site):
    edition = site.path("editions/2009/edition.yaml").read_text("utf-8")
    edition = edition.replace("city: {zh-Hans: 连州, en: Lianzhou}", "city: Online\nvenue: Online")
    site.write(
        "editions/2009/edition.yaml", edition.replace("{zh-Hans: 主会场, en: Main hall}", "Online")
    )
    out = site.build()
    ics = (out / "en/editions/2009/sessions/keynote.ics").read_text("utf-8")
    assert re.search(r"^LOCATION(;[^:]*)?:Online$", ics, re.MULTILINE), ics
    page = visible_text(out / "en/editions/2009/index.html")
    assert "Online" in page and "Online, Online" not in page


def test_track_filter_options_in_pinyin_order(sample_site):
    from plugins.core.collation import collate

    page = (sample_site / "zh-hans/editions/2009/schedule.html").read_text("utf-8")
    labels = re.findall(r'name="track" value="[^"]*"> ([^<]+)</label>', page)
    assert len(labels) > 3
    assert labels == collate(labels, "zh_Hans")
    assert labels != sorted(labels)  # code-point order is not what readers know
    french = (sample_site / "fr/editions/2009/schedule.html").read_text("utf-8")
    labels = re.findall(r'name="track" value="[^"]*"> ([^<]+)</label>', french)
    assert labels == collate(labels, "fr")


def test_picture_label_takes_the_language_colon(tmp_path):
    from tests.languages.conftest import CONTENT, build

    # without the archived copies, the wall links each picture, named and described
    out = build(CONTENT, tmp_path / "out", PLANET_MEDIA_PATH="cache/no-media-in-this-test")
    zh = (out / "zh-hans/editions/2009/wall.html").read_text("utf-8")
    assert re.search(r">图片</a>：<span lang=", zh)
    assert not re.search(r"</a>: <span", zh)
    en = (out / "en/editions/2009/wall.html").read_text("utf-8")
    assert re.search(r">Picture</a>: <span lang=", en)
