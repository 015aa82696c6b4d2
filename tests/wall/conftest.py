"""Fixtures of the wall tests: a loopback server imitating a Mastodon instance's hashtag
feed, and a fixture site whose edition lists it as a stream."""

from __future__ import annotations

from html import escape

import pytest

from tests.planet.conftest import FeedServer

#: (user, number, RFC 822 date, HTML text, [(media URL, type, alternative text)])
POSTS = [
    (
        "alice",
        "1",
        "Sat, 14 Nov 2009 09:35:00 +0800",
        "<p>The keynote on micro power has started and the hall is full. #cnbc09</p>",
        [("https://files.mastodon.test/media/hall.jpg", "image/jpeg", "The full main hall")],
    ),
    (
        "bob",
        "2",
        "Sat, 14 Nov 2009 09:50:00 +0800",
        "<p>微动力：每个人的一点点力量连在一起。 #cnbc09</p>",
        [],
    ),
    (
        "carol",
        "3",
        "Sat, 14 Nov 2009 10:05:00 +0800",
        '<p>RT <a href="https://mastodon.test/@alice/1">@alice</a>: the keynote on micro '
        "power has started and it is the best talk of the day. #cnbc09</p>",
        [],
    ),
    (
        "spammer",
        "4",
        "Sat, 14 Nov 2009 11:00:00 +0800",
        "<p>Buy the cheapest watches in the world here! SPAMWORD #cnbc09</p>",
        [],
    ),
    (
        "dave",
        "5",
        "Sun, 15 Nov 2009 10:30:00 +0800",
        "<p>Les outils libres pour les blogs et la sauvegarde des données. TAKENDOWN #cnbc09</p>",
        [("https://files.mastodon.test/media/tools.png", "image/png", "Une capture d’écran")],
    ),
    (
        "erin",
        "6",
        "Sun, 15 Nov 2009 10:40:00 +0800",
        "<p>A post by someone who did not consent to aggregation. NOCONSENT #cnbc09</p>",
        [],
    ),
    (
        "frank",
        "7",
        "Sun, 15 Nov 2009 10:50:00 +0800",
        "<p>A post hidden by its id for abuse. ABUSIVE #cnbc09</p>",
        [],
    ),
    (
        "alice",
        "8",
        "Wed, 30 Dec 2009 10:00:00 +0800",
        "<p>Far outside the window of the edition, so it is not stored. LATEPOST</p>",
        [],
    ),
]


def mastodon_tag_rss(posts=POSTS, host: str = "mastodon.test") -> bytes:
    """A document laid out as Mastodon 4 writes ``/tags/<tag>.rss``: items without title
    or author, the post's HTML escaped in ``<description>``, attachments as Media RSS
    ``<media:content>`` with their alternative text in ``<media:description>``."""
    items = []
    for user, number, when, html, media in posts:
        url = f"https://{host}/@{user}/{number}"
        attachments = "".join(
            f'<media:content url="{href}" type="{kind}" fileSize="2048" medium="image">'
            '<media:rating scheme="urn:simple">nonadult</media:rating>'
            f'<media:description type="plain">{escape(alt)}</media:description>'
            "</media:content>"
            for href, kind, alt in media
        )
        items.append(
            f'<item><guid isPermaLink="true">{url}</guid><link>{url}</link>'
            f"<pubDate>{when}</pubDate><description>{escape(html)}</description>"
            f"{attachments}<category>cnbc09</category></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:webfeeds="http://webfeeds.org/rss/1.0" xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>#cnbc09</title><description>Public posts tagged #cnbc09</description>"
        f"<link>https://{host}/tags/cnbc09</link>{''.join(items)}</channel></rss>\n"
    ).encode()


STREAMS = """\
streams:
  - id: mastodon-tag
    kind: hashtag
    url: {url}
    title: {{zh-Hans: 标签, en: Hashtag}}
"""

MODERATION = """\
authors:
  - handle: "@spammer@mastodon.test"
    reason: spam
posts:
  - url: https://mastodon.test/@dave/5
    reason: takedown
    note: asked by the author
  - id: https://mastodon.test/@frank/7
    reason: abuse
"""

#: Words that only hidden posts contain: none may appear anywhere in the output.
HIDDEN_WORDS = ("SPAMWORD", "TAKENDOWN", "NOCONSENT", "ABUSIVE")


@pytest.fixture
def mastodon():
    """A running loopback server serving ``/tags/cnbc09.rss`` like a Mastodon instance."""
    server = FeedServer()
    server.add(
        "/tags/cnbc09.rss",
        body=mastodon_tag_rss(),
        headers={"Content-Type": "application/rss+xml; charset=utf-8"},
    )
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def add_stream(site, url: str, moderation: bool = True) -> None:
    """List ``url`` as the fixture edition's stream, with moderation and a person who
    did not consent (erin, whose account posted one of the posts)."""
    from tests.conftest import EDITION

    site.write("editions/2009/edition.yaml", EDITION + STREAMS.format(url=url))
    if moderation:
        site.write("editions/2009/moderation.yaml", MODERATION)
    site.write(
        "people/erin.yaml", 'name: Erin\naggregate: false\naccounts: ["@erin@mastodon.test"]\n'
    )
    site.write(
        "people/alice.yaml",
        "name: {zh-Hans: 爱丽丝, en: Alice}\nlisted: true\n"
        "aggregate: true\nblog: https://alice.example.org/\n"
        'accounts: ["@alice@mastodon.test"]\n',
    )


#: the sample's PLUGINS (pelicanconf.py)
SAMPLE_PLUGINS = ("languages", "conference", "planet", "wall", "roundup", "sitemap", "search")


def fetch_settings(site, tmp_path) -> dict:
    """Settings for fetching the fixture site's streams from the loopback server (with the
    sample's plugins, whose answers decide which pictures the media fetch keeps)."""
    return {
        "PATH": str(site.content),
        "PLUGINS": [f"plugins.{name}" for name in SAMPLE_PLUGINS],
        "PLANET_STORE_PATH": str(site.root / "data" / "planet"),
        "PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"],
        "PLANET_TIMEOUT": 2.0,
        "PLANET_FEED_TIMEOUT": 5.0,
        "PLANET_PARSE_WORKERS": 1,
    }
