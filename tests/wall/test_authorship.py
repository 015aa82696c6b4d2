"""A wall post's author is its account, read from the post's address, never from the
display name the poster chose; consent, author rules, takedowns and the purge match on
that account, under every address form of it (local, federated, ActivityPub)."""

from __future__ import annotations

import re
from html import escape

import feedparser

from plugins.core.handles import handle_from_url, post_key
from plugins.planet.parse import ParseJob, parse_feed
from plugins.planet.store import Store
from plugins.wall.purge import purge_edition

from .conftest import add_stream
from .test_takedown import _warc
from .test_wall import FEED_ID, _fetch

#: (address, display name the poster chose, text)
POSTS = [
    # a spammer calls themselves by alice's handle, then by her name
    ("https://mastodon.test/@spoofer/20", "@alice@mastodon.test", "FORGEDHANDLE"),
    ("https://mastodon.test/@spoofer/21", "Alice", "FORGEDNAME"),
    # erin did not consent; her post claims to be alice's
    ("https://mastodon.test/@erin/22", "Alice", "UNCONSENTED"),
    # the author rule names @spammer@spam.test: its federated and ActivityPub forms
    ("https://mastodon.test/@spammer@spam.test/23", "Deals", "FEDERATEDSPAM"),
    ("https://spam.test/users/spammer/statuses/24", "Deals", "ACTIVITYPUBSPAM"),
    # taken down by its address on its home server, seen here in the federated form
    ("https://mastodon.test/@dave@other.test/5", "Dave", "TAKENDOWNCOPY"),
    # alice's own post, in the ActivityPub form, under a display name of her choice
    ("https://mastodon.test/users/alice/statuses/25", "Ally in Lianzhou", "ALICEREAL"),
    # someone with no people file: the account, and their name beside it as text
    ("https://other.test/@zed/26", "Zed Z.", "ZEDPOST"),
]

MODERATION = """\
authors:
  - handle: "@spammer@spam.test"
    reason: spam
posts:
  - url: https://other.test/@dave/5
    reason: takedown
"""


def creator_rss(posts=POSTS) -> bytes:
    """An RSS 2.0 feed whose items name their author with ``dc:creator`` (free text)."""
    items = "".join(
        f"<item><guid isPermaLink='true'>{url}</guid><link>{url}</link>"
        f"<dc:creator>{escape(name)}</dc:creator>"
        f"<pubDate>Sat, 14 Nov 2009 10:{index:02d}:00 +0800</pubDate>"
        f"<description>{escape(f'<p>{text} #cnbc09</p>')}</description></item>"
        for index, (url, name, text) in enumerate(posts)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>#cnbc09</title>'
        f"<link>https://mastodon.test/tags/cnbc09</link>{items}</channel></rss>\n"
    ).encode()


def test_every_address_form_of_an_account_is_the_same_account():
    forms = [
        "https://mastodon.test/@alice/25",
        "https://Mastodon.Test/@Alice/25",
        "https://elsewhere.test/@alice@mastodon.test/25",
        "https://mastodon.test/users/alice/statuses/25",
    ]
    assert {handle_from_url(url) for url in forms} == {"@alice@mastodon.test"}
    assert {post_key(url) for url in forms} == {"@alice@mastodon.test/25"}
    assert handle_from_url("https://mastodon.test/@alice.rss") == "@alice@mastodon.test"
    assert post_key("https://mastodon.test/@alice") is None  # a profile, not a post
    assert post_key("https://mastodon.test/@alice/26") != post_key(forms[0])
    assert handle_from_url("https://mastodon.test/@a@b@c/1") is None


def test_the_fetch_never_takes_a_display_name_for_the_account():
    parsed = parse_feed(ParseJob(body=creator_rss(), url="https://mastodon.test/tags/x.rss"))
    by_text = {re.search(r"[A-Z]{5,}", e["content"]).group(): e for e in parsed["entries"]}
    forged = by_text["FORGEDHANDLE"]
    # (feedparser reads the name as an email address: neither makes it the account)
    assert forged["handle"] == "@spoofer@mastodon.test"  # the account is the address's
    assert by_text["FEDERATEDSPAM"]["handle"] == "@spammer@spam.test"
    assert by_text["ACTIVITYPUBSPAM"]["handle"] == "@spammer@spam.test"


def _articles(page: str) -> dict[str, str]:
    """Each wall post's article, by the capitalized word of its text."""
    found = {}
    for article in re.findall(r'<article class="wall-post.*?</article>', page, re.S):
        word = re.search(r"\b([A-Z]{5,})\b #cnbc09", article)
        if word:
            found[word.group(1)] = article
    return found


def test_forged_display_names_neither_show_nor_link_a_participant(site, tmp_path, mastodon):
    mastodon.routes["/tags/cnbc09.rss"].body = creator_rss()
    add_stream(site, mastodon.url("/tags/cnbc09.rss"), moderation=False)
    site.write("editions/2009/moderation.yaml", MODERATION)
    settings = _fetch(site, tmp_path, mastodon)
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    page = (output / "en/editions/2009/wall.html").read_text(encoding="utf-8")
    articles = _articles(page)
    assert sorted(articles) == ["ALICEREAL", "FORGEDHANDLE", "FORGEDNAME", "ZEDPOST"]
    for word in ("FORGEDHANDLE", "FORGEDNAME"):
        article = articles[word]
        assert "people/alice.html" not in article, word
        assert "Alice" not in article and "@alice@" not in article, word
        assert '<span class="p-name">@spoofer@mastodon.test</span>' in article, word
    # alice's own account: her name from her people file, linked, her chosen name beside
    real = articles["ALICEREAL"]
    assert re.search(r'<a class="p-name" href="[^"]*people/alice\.html">Alice</a>', real)
    assert '<span class="display-name">Ally in Lianzhou</span>' in real
    assert '<span class="handle">@alice@mastodon.test</span>' in real
    zed = articles["ZEDPOST"]
    assert '<span class="p-name">@zed@other.test</span>' in zed
    assert '<span class="display-name">Zed Z.</span>' in zed and '<a class="p-name"' not in zed
    # nothing hidden reached the page or the feed, in any address form
    feed = (output / "en/editions/2009/wall.atom").read_text(encoding="utf-8")
    for word in ("UNCONSENTED", "FEDERATEDSPAM", "ACTIVITYPUBSPAM", "TAKENDOWNCOPY"):
        assert word not in page and word not in feed, word
    authors = {e.title[:40]: e.author for e in feedparser.parse(feed).entries}
    assert sorted(authors.values()) == sorted(
        ["@spoofer@mastodon.test", "@spoofer@mastodon.test", "Alice", "@zed@other.test"]
    )
    # the WARC names the same authors: accounts, never a display name
    _records, raw = _warc(site, tmp_path, "wall.warc.gz")
    assert raw.count(b"<p>@spoofer@mastodon.test \xc2\xb7 ") == 2
    assert b"Alice" not in raw and b"Zed Z." not in raw


def test_the_purge_removes_exactly_what_the_wall_hides(site, tmp_path, mastodon):
    mastodon.routes["/tags/cnbc09.rss"].body = creator_rss()
    add_stream(site, mastodon.url("/tags/cnbc09.rss"), moderation=False)
    site.write("editions/2009/moderation.yaml", MODERATION)
    settings = _fetch(site, tmp_path, mastodon)
    stored = {e["id"] for e in Store(settings["PLANET_STORE_PATH"]).load(FEED_ID).entries}
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    page = (output / "en/editions/2009/wall.html").read_text(encoding="utf-8")
    shown = {url for url in stored if f'href="{url}"' in page}
    assert len(shown) == 4
    done = purge_edition(site.root, settings, "2009")
    assert {entry_id for _, entry_id, _ in done.entries.removed} == stored - shown
    assert done.reasons == {
        "https://mastodon.test/@erin/22": "consent",
        "https://mastodon.test/@spammer@spam.test/23": "spam",
        "https://spam.test/users/spammer/statuses/24": "spam",
        "https://mastodon.test/@dave@other.test/5": "takedown",
    }
    left = {e["id"] for e in Store(settings["PLANET_STORE_PATH"]).load(FEED_ID).entries}
    assert left == shown
    # after the purge the rules still hold (their posts were purged, not mistyped)
    site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
