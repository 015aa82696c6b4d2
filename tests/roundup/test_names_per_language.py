"""Names per language: a participant whose feed signs in Chinese characters is named as
their people file gives it in each language tree: planet, wall, roundup and their feeds."""

from __future__ import annotations

import json

import feedparser
import pytest

from plugins.planet.fetch import run_fetch
from tests.conftest import CONFERENCE

NAMES = {"zh-hans": "林晓", "en": "Lin Xiao", "fr": "Xiao Lin"}

FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>林晓的网志</title><link>https://linxiao.example.org/</link><language>zh-cn</language>
<item><title>测试年会第一天</title><author>x@example.org (林晓)</author>
  <link>https://linxiao.example.org/2009/11/day1.html</link>
  <guid>https://linxiao.example.org/2009/11/day1.html</guid>
  <pubDate>Sat, 14 Nov 2009 20:00:00 +0800</pubDate>
  <description>在测试年会听了主题演讲。</description></item>
</channel></rss>
"""

STREAM = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>#cnbc09</title><link>https://mastodon.test/tags/cnbc09</link>
<item><guid isPermaLink="true">https://mastodon.test/@linxiao/1</guid>
  <link>https://mastodon.test/@linxiao/1</link>
  <pubDate>Sat, 14 Nov 2009 10:00:00 +0800</pubDate>
  <description>会场坐满了。 #cnbc09</description></item>
</channel></rss>
"""

PERSON = """\
name: {zh-Hans: 林晓, en: Lin Xiao, fr: Xiao Lin}
listed: true
aggregate: true
blog: https://linxiao.example.org/
feed: feeds/linxiao.xml
accounts: ["@linxiao@mastodon.test"]
"""


@pytest.fixture(scope="module")
def named_site(tmp_path_factory):
    from tests.conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("names"))
    site.write("conference.yaml", CONFERENCE.replace("[zh-Hans, en]", "[zh-Hans, en, fr]"))
    site.write(
        "editions/2009/edition.yaml",
        site.path("editions/2009/edition.yaml").read_text()
        + "keywords: [测试年会]\nhashtags: ['#cnbc09']\n"
        "streams:\n  - id: tag\n    kind: hashtag\n    url: feeds/tag.rss\n",
    )
    site.write("people/lin-xiao.yaml", PERSON)
    (site.root / "feeds").mkdir()
    (site.root / "feeds/linxiao.xml").write_text(FEED, encoding="utf-8")
    (site.root / "feeds/tag.rss").write_text(STREAM, encoding="utf-8")
    summary = run_fetch(site.root, site.settings(PLANET_NEW_FEED_DAYS=None))
    assert not summary.failed
    site.build(PLANET_NEW_FEED_DAYS=None)
    return site


def _others(segment: str) -> list[str]:
    return [name for other, name in NAMES.items() if other != segment]


@pytest.mark.parametrize("segment", NAMES)
@pytest.mark.parametrize(
    "page", ["planet/index.html", "editions/2009/roundup.html", "editions/2009/wall.html"]
)
def test_pages_name_the_participant_in_their_language(named_site, segment, page):
    html = named_site.read(f"{segment}/{page}")
    assert f">{NAMES[segment]}</a>" in html
    for other in _others(segment):
        assert other not in html


@pytest.mark.parametrize("segment", NAMES)
@pytest.mark.parametrize(
    "feed", ["planet/feed.atom", "editions/2009/roundup.atom", "editions/2009/wall.atom"]
)
def test_feeds_name_the_participant_in_their_language(named_site, segment, feed):
    parsed = feedparser.parse(named_site.read(f"{segment}/{feed}").encode())
    assert not parsed.bozo and parsed.entries
    assert {entry.author for entry in parsed.entries} == {NAMES[segment]}


@pytest.mark.parametrize("segment", NAMES)
def test_the_json_feed_names_the_participant_in_its_language(named_site, segment):
    feed = json.loads(named_site.read(f"{segment}/planet/feed.json"))
    assert {a["name"] for item in feed["items"] for a in item["authors"]} == {NAMES[segment]}
