"""One clock for a page: a post written at 23:30 UTC on the 15th is on the 16th in the
edition's zone (Asia/Shanghai), so the roundup, the wall and the archived copy list it
under the 16th and date it the 16th, in every language, and say once in which zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import escape
from zoneinfo import ZoneInfo

import pytest
from babel import dates

from plugins.core.timezones import shown_zone_name
from plugins.planet.fetch import run_fetch
from tests.conftest import CONFERENCE

ZONE = ZoneInfo("Asia/Shanghai")
LANGUAGES = {"zh-hans": "zh_Hans", "en": "en", "fr": "fr"}

FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Alice</title><link>https://alice.example.org/</link><language>en</language>
<item><title>Late night notes from 测试年会</title>
  <link>https://alice.example.org/2009/11/late.html</link>
  <guid>https://alice.example.org/2009/11/late.html</guid>
  <pubDate>Sun, 15 Nov 2009 23:30:00 +0000</pubDate>
  <description>Written after midnight in Lianzhou.</description></item>
</channel></rss>
"""

STREAM = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>#cnbc09</title><link>https://mastodon.test/tags/cnbc09</link>
<item><guid isPermaLink="true">https://mastodon.test/@bob/9</guid>
  <link>https://mastodon.test/@bob/9</link>
  <pubDate>Sun, 15 Nov 2009 23:30:00 +0000</pubDate>
  <description>Still awake after the closing party. #cnbc09</description></item>
</channel></rss>
"""


@pytest.fixture
def late_site(site):
    site.write("conference.yaml", CONFERENCE.replace("[zh-Hans, en]", "[zh-Hans, en, fr]"))
    site.write(
        "editions/2009/edition.yaml",
        site.path("editions/2009/edition.yaml").read_text()
        + "keywords: [测试年会]\nhashtags: ['#cnbc09']\n"
        "streams:\n  - id: tag\n    kind: hashtag\n    url: feeds/tag.rss\n",
    )
    site.write(
        "people/alice.yaml",
        site.path("people/alice.yaml").read_text() + "feed: feeds/alice.xml\naggregate: true\n",
    )
    (site.root / "feeds").mkdir()
    (site.root / "feeds/alice.xml").write_text(FEED, encoding="utf-8")
    (site.root / "feeds/tag.rss").write_text(STREAM, encoding="utf-8")
    summary = run_fetch(site.root, site.settings(PLANET_NEW_FEED_DAYS=None))
    assert not summary.failed
    site.build(PLANET_NEW_FEED_DAYS=None)
    return site


def _day(locale: str) -> str:
    return escape(dates.format_date(date(2009, 11, 16), "long", locale=locale), quote=False)


def _zone_line(locale: str) -> str:
    return escape(shown_zone_name(ZONE, locale, [datetime(2009, 11, 15, 23, 30, tzinfo=UTC)]))


@pytest.mark.parametrize("segment", LANGUAGES)
def test_the_roundup_dates_a_post_by_the_day_it_is_listed_under(late_site, segment):
    locale = LANGUAGES[segment]
    page = late_site.read(f"{segment}/editions/2009/roundup.html")
    section = page.partition('id="posts"')[2]
    headings = re.findall(r"<h3>(.*?)</h3>", section)
    assert headings == [_day(locale)]
    post = section.partition("Late night notes")[2]
    shown = re.search(r'<time class="dt-published" datetime="([^"]+)">([^<]+)</time>', post)
    assert shown.group(2) == _day(locale)
    assert datetime.fromisoformat(shown.group(1)) == datetime(2009, 11, 15, 23, 30, tzinfo=UTC)
    assert shown.group(1).endswith("+08:00")  # the instant, written in the zone shown
    assert page.count('<p class="zone">') == 1 and _zone_line(locale) in page


@pytest.mark.parametrize("segment", LANGUAGES)
def test_the_archived_copy_is_dated_in_the_editions_zone(late_site, segment):
    locale = LANGUAGES[segment]
    output = late_site.output / segment / "editions/2009/archive"
    (copy,) = output.glob("*.html")
    page = copy.read_text(encoding="utf-8")
    published = re.search(r'class="dt-published"[^>]*>([^<]+)</time>', page).group(1)
    assert published == _day(locale)
    assert _day(locale).replace("16", "15") not in page
    assert page.count('<p class="zone">') == 1 and _zone_line(locale) in page


@pytest.mark.parametrize("segment", LANGUAGES)
def test_the_wall_dates_a_post_by_the_day_it_is_listed_under(late_site, segment):
    locale = LANGUAGES[segment]
    page = late_site.read(f"{segment}/editions/2009/wall.html")
    headings = re.findall(r'<h2 id="d-([0-9-]+)">(.*?)</h2>', page)
    assert headings == [("2009-11-16", _day(locale))]
    local = datetime(2009, 11, 16, 7, 30, tzinfo=ZONE)
    assert dates.format_time(local, "short", tzinfo=ZONE, locale=locale) in page
    assert page.count('<p class="zone">') == 1 and _zone_line(locale) in page


def test_the_zone_is_named_for_the_reader_and_generic_across_a_change_of_clocks():
    paris = ZoneInfo("Europe/Paris")
    winter = datetime(2009, 3, 1, 12, tzinfo=UTC)
    summer = datetime(2009, 4, 1, 12, tzinfo=UTC)
    for locale in LANGUAGES.values():
        one = shown_zone_name(paris, locale, [winter])
        both = shown_zone_name(paris, locale, [winter, summer])
        assert one == dates.get_timezone_name(winter.astimezone(paris), "long", locale=locale)
        assert both == dates.get_timezone_name(paris, "long", locale=locale, zone_variant="generic")
        assert one != both
    assert shown_zone_name(ZoneInfo("UTC"), "en", [winter]) == dates.get_timezone_name(
        winter, "long", locale="en"
    )
