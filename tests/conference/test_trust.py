"""Every Markdown file (posts, pages, sessions, roundup introductions) is sanitized by
default (CONFERENCE_SANITIZE_CONTENT), with one policy."""

from __future__ import annotations

import pytest

from plugins.conference.settings import ConferenceSettings
from plugins.core.sanitize import clean_authored_html
from plugins.core.settings import SettingError
from tests.site.scan import scan_html

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


SESSION_HEADER = """\
Title: Hostile session
Start: 2009-11-15 14:00
End: 2009-11-15 15:00
Room: main
Speakers: bob
Summary: <img src=x onerror=alert(20)>[s](javascript:alert(21))

"""
#: Links a speaker could write: Markdown inline, reference and autolinks, raw HTML, and
#: Pelican placeholders followed by a scheme (Pelican would keep the scheme), obfuscated.
LINKS = """\
[inline](javascript:alert(11)) [ref][r] [ent](&#106;avascript:alert(12))
[case](JaVaScRiPt:alert(13)) [tab](java	script:alert(14)) <vbscript:msgbox(15)>
<a href="{filename}javascript:alert(16)">p</a> <a href="|filename|JavaScript:alert(17)">q</a>
<a href="{index}&#x20;data:text/html,x">r</a> <img src="{static}vbscript:x">
<iframe src="https://www.youtube.com/embed/ok"></iframe>
<iframe src="https://evil.example.org/embed"></iframe>

[r]: javascript:alert(18)
"""
BODY = HOSTILE.split("\n\n", 1)[1]


def _inert(html: str, where: str) -> None:
    body = html.split("<main", 1)[1]
    assert scan_html(body, where) == []
    for needle in ("alert(", "msgbox(", "evil.example.org", "<form", "<input"):
        assert needle not in body, (where, needle)


def test_sessions_and_roundup_introductions_are_sanitized(site):
    site.write("editions/2009/sessions/hostile.zh-Hans.md", SESSION_HEADER + BODY + LINKS)
    site.write("editions/2009/sessions/hostile.en.md", "Title: Hostile\n\n" + BODY + LINKS)
    site.write("editions/2009/roundup.en.md", "Title: Intro\n\n" + BODY + LINKS)
    site.write("editions/2009/roundup.zh-Hans.md", BODY + LINKS)
    site.build(SEARCH_ENABLED=False)
    for page in (
        "en/editions/2009/sessions/hostile.html",
        "zh-hans/editions/2009/sessions/hostile.html",
        "en/editions/2009/roundup.html",
        "zh-hans/editions/2009/roundup.html",
    ):
        html = site.read(page)
        _inert(html, page)
        assert '<iframe src="https://www.youtube.com/embed/ok"' in html, page
        assert "sandbox=" in html and 'href="#top"' in html, page
        assert '<div class="bilingual"><blockquote lang="zh-Hans"' in html, page
    schedule = site.read("en/editions/2009/schedule.html")
    assert "Hostile" in schedule and "alert(" not in schedule.split("<main", 1)[1]


def test_placeholder_links_keep_working_without_their_schemes():
    html = (
        '<a href="{filename}/posts/report.en.md#x">a</a><img src="{static}/images/a.png">'
        '<a href="|filename|/posts/report.en.md">b</a><a href="{filename}javascript:x">c</a>'
        '<a href="{index} vbscript:x">d</a><blockquote cite="{filename}data:x">e</blockquote>'
    )
    assert clean_authored_html(html) == (
        '<a href="{filename}/posts/report.en.md#x">a</a><img src="{static}/images/a.png">'
        '<a href="|filename|/posts/report.en.md">b</a><a>c</a><a>d</a><blockquote>e</blockquote>'
    )
    # a site's own INTRASITE_LINK_REGEX is honoured
    custom = r"\[\[(?P<what>.*?)\]\]"
    assert clean_authored_html('<a href="[[filename]]javascript:x">c</a>', custom) == "<a>c</a>"


def test_the_setting_can_trust_the_authors(site):
    site.write("posts/hostile.en.md", HOSTILE)
    site.build(CONFERENCE_SANITIZE_CONTENT=False)
    assert "<script>alert(1)</script>" in site.read("en/posts/hostile.html")


def test_setting_is_validated():
    with pytest.raises(SettingError, match="CONFERENCE_SANITIZE_CONTENT"):
        ConferenceSettings.read({"PATH": "content", "CONFERENCE_SANITIZE_CONTENT": "yes"})
