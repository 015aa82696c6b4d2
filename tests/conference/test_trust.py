"""Markdown posts and pages are sanitized by default (CONFERENCE_SANITIZE_CONTENT)."""

from __future__ import annotations

import pytest

from plugins.conference.settings import ConferenceSettings
from plugins.core.sanitize import clean_authored_html
from plugins.core.settings import SettingError

HOSTILE = """\
Title: Hostile
Date: 2009-11-16 21:00
Authors: alice

<script>alert(1)</script>
<p onclick="alert(2)">Click</p>
[bad](javascript:alert(3)) and [data](data:text/html,x)
<img src="x" onerror="alert(4)">
<iframe src="https://evil.example.org/"></iframe>
<form action="https://evil.example.org/"><input name="q"></form>

<div class="bilingual"><blockquote lang="zh-Hans" cite="https://a.example.org/">引文</blockquote></div>
<blockquote cite="javascript:alert(5)">q</blockquote>
[next]({filename}/posts/report.en.md) and [anchor](#top)
"""


def test_authored_html_keeps_what_markdown_writes():
    html = (
        '<div class="bilingual"><blockquote class="translation" lang="en">x</blockquote>'
        '</div><p data-note="x"><a href="../en/posts/report.html">r</a> <sup id="fnref:1">'
        '<a class="footnote-ref" href="#fn:1">1</a></sup></p>'
    )
    assert clean_authored_html(html) == html


def test_hostile_markdown_is_inert(site):
    site.write("posts/hostile.en.md", HOSTILE)
    site.build()
    page = site.read("en/posts/hostile.html")
    body = page.split("<article", 1)[1]
    for needle in (
        "alert(",
        "onclick",
        "onerror",
        "javascript:",
        "data:text",
        "<iframe",
        "<form",
        "<input",
    ):
        assert needle not in body, needle
    assert '<div class="bilingual"><blockquote lang="zh-Hans"' in body
    assert 'href="../../en/posts/report.html"' in body or "/posts/report.html" in body
    assert 'href="#top"' in body


def test_the_setting_can_trust_the_authors(site):
    site.write("posts/hostile.en.md", HOSTILE)
    site.build(CONFERENCE_SANITIZE_CONTENT=False)
    assert "<script>alert(1)</script>" in site.read("en/posts/hostile.html")


def test_setting_is_validated():
    with pytest.raises(SettingError, match="CONFERENCE_SANITIZE_CONTENT"):
        ConferenceSettings.read({"PATH": "content", "CONFERENCE_SANITIZE_CONTENT": "yes"})
