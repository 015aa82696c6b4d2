"""Short posts as the planet's parser reads them: JSON Feed, Media RSS attachments,
account handles, and stored media checked again on load."""

from __future__ import annotations

import json

from plugins.core.handles import handle_from_url, normalize_handle
from plugins.core.records import check_entry
from plugins.planet.parse import ParseJob, parse_feed

from .conftest import mastodon_tag_rss


def test_mastodon_tag_rss_keeps_the_post_and_its_pictures_alternative_text():
    parsed = parse_feed(ParseJob(body=mastodon_tag_rss(), url="https://mastodon.test/tags/x.rss"))
    first = parsed["entries"][0]
    # feedparser reads <media:description> as the entry's content: the post must win
    assert "keynote on micro power" in first["content"]
    assert "full main hall" not in first["content"]
    assert first["media"] == [
        {
            "url": "https://files.mastodon.test/media/hall.jpg",
            "type": "image/jpeg",
            "medium": "image",
            "alt": "The full main hall",
        }
    ]
    assert first["handle"] == "@alice@mastodon.test"
    assert "media" not in parsed["entries"][1]  # no empty keys in the store


def test_json_feed_items_are_entries():
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Weibo via RSSHub",
            "home_page_url": "https://weibo.example/u/1",
            "language": "zh-CN",
            "items": [
                {
                    "id": "1",
                    "url": "https://weibo.example/1/abc",
                    "content_text": "连州，年会第一天 <b>",
                    "date_published": "2009-11-14T10:00:00+08:00",
                    "authors": [{"name": "林晓", "url": "https://social.example/@linxiao"}],
                    "attachments": [
                        {
                            "url": "https://img.example/p.jpg",
                            "mime_type": "image/jpeg",
                            "title": "会场",
                        },
                        {"url": "javascript:alert(1)", "mime_type": "image/png"},
                    ],
                },
                {
                    "id": 2,
                    "content_html": "<p onclick='x()'>Bonjour et merci à tous les amis</p>",
                    "language": "fr",
                },
                "not an item",
            ],
        }
    ).encode()
    parsed = parse_feed(ParseJob(body=body, headers={"content-type": "application/feed+json"}))
    first, second = parsed["entries"]
    assert first["id"] == "1" and first["link"] == "https://weibo.example/1/abc"
    assert first["content"] == "<p>连州，年会第一天 &lt;b&gt;</p>"
    assert first["published"] == "2009-11-14T02:00:00Z"
    assert first["author"] == "林晓" and first["handle"] == "@linxiao@social.example"
    assert first["lang"] == "zh-Hans"
    assert first["media"] == [
        {"url": "https://img.example/p.jpg", "type": "image/jpeg", "medium": "image", "alt": "会场"}
    ]
    assert second["lang"] == "fr" and "onclick" not in second["content"]
    assert parsed["feed"]["title"] == "Weibo via RSSHub"


def test_handles():
    assert handle_from_url("https://mastodon.example/@LinXiao/1") == "@linxiao@mastodon.example"
    assert (
        handle_from_url("https://bsky.app/profile/alice.example/post/3k")
        == "@alice.example@bsky.app"
    )
    assert handle_from_url("https://blog.example/2009/11/post.html") is None
    assert handle_from_url("javascript:alert(1)") is None
    assert normalize_handle("LinXiao@Mastodon.Example") == "@linxiao@mastodon.example"
    assert normalize_handle("@a b@c") is None and normalize_handle(3) is None


def test_stored_media_and_handles_are_checked_again():
    entry, repairs = check_entry(
        {
            "id": "x",
            "date": "2009-11-14T02:00:00Z",
            "handle": "<script>@x",
            "media": [
                {"url": "javascript:alert(1)"},
                {"url": "https://a.example/p.jpg", "medium": "<b>", "alt": "<i>t</i>"},
                3,
            ],
        }
    )
    assert entry["handle"] is None
    # the alternative text is plain text (escaped where it is written), never markup
    assert entry["media"] == [
        {"url": "https://a.example/p.jpg", "type": "", "medium": "other", "alt": "<i>t</i>"}
    ]
    assert len(repairs) == 2


def test_two_pictures_keep_the_post_and_both_alternative_texts():
    posts = [
        (
            "alice",
            "9",
            "Sat, 14 Nov 2009 09:40:00 +0800",
            "<p>Two pictures</p>",
            [
                ("https://img.test/1.jpg", "image/jpeg", "First & best"),
                ("https://img.test/2.jpg", "image/jpeg", 'Second "quoted"'),
            ],
        )
    ]
    body = mastodon_tag_rss(posts).replace(
        b"Second &quot;quoted&quot;", b'<![CDATA[Second "quoted" <b>]]>'
    )
    entry = parse_feed(ParseJob(body=body))["entries"][0]
    # feedparser alone would give the second description as the post's text
    assert entry["content"] == "<p>Two pictures</p>"
    assert [m["alt"] for m in entry["media"]] == ["First & best", 'Second "quoted" <b>']
