"""schema.org JSON-LD of posts (``BlogPosting``) and people pages (``ProfilePage`` of a
``Person``): present in every language tree, parseable, with the fields Google's rich
results read, and never closing its ``<script>`` whatever a people file or a post's title
says."""

from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser

import pytest

from tests.conftest import CONFERENCE

HOSTILE_NAME = "Alice</script><script>alert(1)</script><!--<script>"
HOSTILE_TITLE = "Report </SCRIPT><img src=x onerror=alert(2)>"

ALICE = f"""\
name: {{zh-Hans: 爱丽丝, en: '{HOSTILE_NAME}', fr: Alice}}
listed: true
blog: https://alice.example.org/
feed: https://alice.example.org/feed.xml
links:
  - title: Photos
    url: https://photos.example.org/alice
"""

POST_EN = f"""\
Title: {HOSTILE_TITLE}
Date: 2009-11-16 21:00
Modified: 2009-11-20 08:00
Authors: alice, bob
Edition: 2009
Tags: report, 连州

Text.
"""


class _Scripts(HTMLParser):
    """The text of every ``application/ld+json`` script, and every element's tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self.tags: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data

    def handle_endtag(self, tag):
        self._inside = False


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import FixtureSite

    site = FixtureSite(tmp_path_factory.mktemp("jsonld"))
    site.write("conference.yaml", CONFERENCE.replace("[zh-Hans, en]", "[zh-Hans, en, fr]"))
    site.write("people/alice.yaml", ALICE)
    site.write("posts/report.en.md", POST_EN)
    site.build()
    return site


def _jsonld(site, path: str) -> tuple[list[dict], _Scripts]:
    parser = _Scripts()
    html = site.read(path)
    parser.feed(html)
    return [json.loads(block) for block in parser.blocks], parser


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text  # Google asks for the zone
    return moment


def test_a_post_is_a_blog_posting_with_what_article_results_read(built):
    (data,), _ = _jsonld(built, "en/posts/report.html")
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"] == HOSTILE_TITLE
    assert _instant(data["datePublished"]) < _instant(data["dateModified"])
    assert data["inLanguage"] == "en"
    assert data["url"] == "https://conf.example.org/en/posts/report.html"
    assert data["mainEntityOfPage"] == data["url"]
    assert data["image"].startswith("https://conf.example.org/")
    assert data["keywords"] == ["report", "连州"]
    alice, bob = data["author"]
    assert alice == {
        "@type": "Person",
        "@id": "https://conf.example.org/zh-hans/people/alice.html#person",
        "name": HOSTILE_NAME,
        "url": "https://conf.example.org/en/people/alice.html",
    }
    assert bob["name"] == "Bob" and bob["url"].endswith("/en/people/bob.html")
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]


@pytest.mark.parametrize("segment", ["zh-hans", "en"])
def test_every_post_page_has_one_blog_posting_in_its_language(built, segment):
    (data,), _ = _jsonld(built, f"{segment}/posts/report.html")
    assert data["@type"] == "BlogPosting"
    assert data["inLanguage"] == {"zh-hans": "zh-Hans", "en": "en"}[segment]
    names = {"zh-hans": "爱丽丝", "en": HOSTILE_NAME}
    assert data["author"][0]["name"] == names[segment]


@pytest.mark.parametrize("segment", ["zh-hans", "en", "fr"])
def test_a_person_page_is_a_person_with_their_addresses_as_same_as(built, segment):
    (page,), _ = _jsonld(built, f"{segment}/people/alice.html")
    assert page["@type"] == "ProfilePage" and page["@context"] == "https://schema.org"
    assert page["url"] == f"https://conf.example.org/{segment}/people/alice.html"
    data = page["mainEntity"]
    assert data["@type"] == "Person"
    assert data["@id"] == "https://conf.example.org/zh-hans/people/alice.html#person"
    assert data["name"] == {"zh-hans": "爱丽丝", "en": HOSTILE_NAME, "fr": "Alice"}[segment]
    assert data["url"] == f"https://conf.example.org/{segment}/people/alice.html"
    assert data["sameAs"] == [
        "https://alice.example.org/",
        "https://alice.example.org/feed.xml",
        "https://photos.example.org/alice",
    ]
    assert data["name"] not in data["alternateName"] and "爱丽丝" in (
        data["alternateName"] + [data["name"]]
    )


@pytest.mark.parametrize("path", ["en/posts/report.html", "en/people/alice.html"])
def test_untrusted_names_and_titles_cannot_close_the_script(built, path):
    html = built.read(path)
    head = html.split("</head>")[0]
    parser = _Scripts()
    parser.feed(head)
    # the JSON stays one script element: no element came out of it, nothing is cut off
    assert "img" not in parser.tags
    assert parser.tags.count("script") == 2  # the offline script and the JSON-LD
    for block in parser.blocks:
        assert "<" not in block and ">" not in block
        assert json.loads(block)["@type"] in {"BlogPosting", "ProfilePage"}
    assert len(parser.blocks) == 1
