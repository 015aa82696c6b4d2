"""Wording a native reader expects: ordinals, zone names, counting words, punctuation."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("locale", "specific", "generic"),
    [
        ("zh_Hans", "中国标准时间", "中国时间"),
        ("fr", "heure normale de la Chine", "heure de la Chine"),
        ("en", "China Standard Time", "China Time"),
    ],
)
def test_zone_names_come_from_cldr(locale, specific, generic):
    assert zone_name(SHANGHAI, locale, date(2009, 11, 14)) == specific
    assert zone_name(datetime(2009, 11, 14, 9, 30, tzinfo=SHANGHAI), locale) == specific
    assert zone_name(SHANGHAI, locale) == generic


def test_zone_name_follows_the_clock_change():
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    assert zone_name(brussels, "fr", date(2021, 2, 6)) == "heure normale d’Europe centrale"
    assert zone_name(brussels, "fr", date(2021, 7, 6)) == "heure d’été d’Europe centrale"


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
    edition = visible_text(sample_site / "zh-hans/editions/2009/index.html")
    assert "中国标准时间" in edition
    session = visible_text(sample_site / "zh-hans/editions/2009/sessions/photo-blogs.html")
    assert "（中国标准时间，UTC+08:00）" in session
    schedule = visible_text(sample_site / "zh-hans/editions/2009/schedule.html")
    assert "会议所在时区（中国标准时间）" in schedule
    assert "heure normale de la Chine" in visible_text(
        sample_site / "fr/editions/2009/schedule.html"
    )


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
