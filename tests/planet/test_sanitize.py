"""Sanitizing: the allowlist, embeds, links, plain text; and feedparser's 745 XSS cases."""

from __future__ import annotations

import pytest

from plugins.core.sanitize import clean_html, plain_text, safe_link

from .pipeline import run_pipeline, vectors

HOSTS = {"www.youtube.com", "player.vimeo.com", "player.bilibili.com"}


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<form action=/x><input name=a><button>go</button></form>",
        "<iframe src=https://evil.example/></iframe>",
        '<iframe src="javascript:alert(1)"></iframe>',
        "<object data=x.swf></object><embed src=x.swf>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<math><a xlink:href="javascript:alert(1)">x</a></math>',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        "<base href=https://evil.example/><meta http-equiv=refresh content=0>",
    ],
)
def test_vectors_are_removed(dirty):
    cleaned = clean_html(dirty, "https://blog.example/post/", HOSTS)
    assert vectors(cleaned) == [], cleaned


def test_allowed_markup_survives_and_links_get_rel():
    cleaned = clean_html(
        '<p>Hi <a href="/about">me</a> <img src="a.png" alt="A"></p>'
        '<blockquote cite="https://q.example/">q</blockquote>',
        "https://blog.example/post/",
        HOSTS,
    )
    assert '<a href="https://blog.example/about" rel="nofollow ugc noopener">me</a>' in cleaned
    assert '<img src="https://blog.example/post/a.png" alt="A">' in cleaned
    assert "<blockquote" in cleaned


def test_embeds_only_from_allowed_hosts():
    html = (
        '<iframe src="https://www.youtube.com/embed/x" onload="x()"></iframe>'
        '<iframe src="http://www.youtube.com/embed/y"></iframe>'
        '<iframe src="https://evil.example/embed">text</iframe>'
    )
    cleaned = clean_html(html, None, HOSTS)
    assert cleaned.count("<iframe") == 1
    assert 'src="https://www.youtube.com/embed/x"' in cleaned and "sandbox=" in cleaned
    assert "<iframe" not in clean_html(html, None, set())


def test_relative_urls_without_a_base_are_dropped():
    assert "href" not in clean_html('<a href="/x">x</a>', None)
    assert clean_html('<a href="mailto:a@b.example">m</a>', None).startswith('<a href="mailto:')


def test_plain_text_and_links():
    assert plain_text("A &amp; <b>B</b>\x07 <script>x</script>", is_html=True) == "A & B"
    assert plain_text("1 < 2") == "1 < 2"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("/p/1", "https://blog.example/") == "https://blog.example/p/1"
    assert safe_link("ftp://x.example/") is None


def test_feedparser_sanitize_corpus(corpora):
    folder = corpora / "feedparser" / "wellformed" / "sanitize"
    files = sorted(folder.glob("*.xml"))
    assert len(files) > 700
    problems = {}
    for path in files:
        result = run_pipeline(path.read_bytes())
        if result is None:
            continue
        html, _atom = result
        if found := vectors(html):
            problems[path.name] = found
    assert problems == {}


def test_text_titles_are_escaped_when_rendered():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x:1</id>'
        b'<title type="text">1 &lt; 2 &lt;b&gt;bold&lt;/b&gt;</title>'
        b"<author><name>&lt;img src=x onerror=alert(1)&gt;</name></author>"
        b'<link href="https://b.example/1"/><updated>2009-11-14T00:00:00Z</updated>'
        b"</entry></feed>"
    )
    html, _atom = run_pipeline(feed)
    assert "1 &lt; 2 &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img" not in html and vectors(html) == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:a@b.example",
        "ftp://f.example/",
    ],
)
def test_url_attributes_keep_only_http(url):
    """``cite`` (which ammonia does not treat as a URL) and ``src`` keep only http(s);
    mailto survives in links only."""
    escaped = url.replace("<", "&lt;")
    fragment = (
        "".join(f'<{tag} cite="{escaped}">x</{tag}>' for tag in ("blockquote", "q", "del", "ins"))
        + f'<img src="{escaped}" alt="i">'
    )
    cleaned = clean_html(fragment, "https://blog.example/post/")
    assert " cite=" not in cleaned and " src=" not in cleaned, cleaned
    link = clean_html('<a href="mailto:a@b.example">m</a>', None)
    assert 'href="mailto:a@b.example"' in link


def test_http_cite_and_src_are_kept_and_relative_ones_resolved():
    cleaned = clean_html(
        '<q cite="/src?a=1&amp;b=2">q</q><blockquote cite="https://q.example/">b</blockquote>'
        '<img src="/i.png" alt="i"><p title=\' cite="javascript:x"\'>t</p>',
        "https://blog.example/post/",
    )
    assert 'cite="https://blog.example/src?a=1&amp;b=2"' in cleaned
    assert 'cite="https://q.example/"' in cleaned and 'src="https://blog.example/i.png"' in cleaned
    assert 'title=" cite=&quot;javascript:x&quot;"' in cleaned  # text in a title stays text
    assert "cite=" not in clean_html('<q cite="/relative">q</q>', None)  # no base: dropped


def test_links_left_without_a_safe_href_become_text():
    """A removed ``javascript:`` href must not leave an ``<a>`` leading nowhere."""
    html = clean_html(
        '<p><a href="javascript:alert(1)" title="t">click</a> '
        '<a href="https://ok.example.org/">ok</a> <a>bare</a></p>',
        "https://blog.example.org/",
    )
    assert html == (
        '<p><span title="t">click</span> <a href="https://ok.example.org/" '
        'rel="nofollow ugc noopener">ok</a> <span>bare</span></p>'
    )
