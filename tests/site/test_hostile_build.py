"""The sample site built with a tampered planet store and tampered archived copies, hostile
session files, roundup introductions, edition texts and bios, and a hostile pretalx and
frab schedule imported: no page, feed, OPML or export (sessions.json, frab XML/JSON, .ics)
has an executable context, and every URL from untrusted data is http(s)/mailto.

The hostile records are written straight into the committed files (as a pull request or a
hand edit could), so they never pass the fetch's sanitizer: only the checks on load stand
between them and the output. The schedules go through the importer, as an organizer's would.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.site.hostile_content import import_schedules, tamper_content
from tests.site.sample import ROOT
from tests.site.scan import scan_html, scan_ics, scan_output, scan_xml, unsafe_url

PLUGINS = ["plugins.languages", "plugins.conference", "plugins.planet", "plugins.roundup"]
JS = "javascript:alert(document.domain)"
CONTENT = (
    "<p>#cnbc09 notes</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    f'<a href="{JS}">a</a><a href=" JaVa&#x0A;Script:alert(3)">b</a>'
    '<a href="vbscript:msgbox(4)">c</a><a href="data:text/html,<script>alert(5)</script>">d</a>'
    '<iframe srcdoc="<script>alert(6)</script>"></iframe>'
    '<iframe src="https://www.youtube.com/embed/x" onload="alert(7)"></iframe>'
    '<meta http-equiv="refresh" content="0;url=javascript:alert(8)">'
    f'<form action="{JS}"><button formaction="{JS}">e</button></form>'
    f'<video poster="{JS}"></video><svg><a xlink:href="{JS}">f</a></svg>'
    f'<object data="{JS}"></object><embed src="{JS}"><base href="{JS}">'
    f'<math><mi xlink:href="{JS}">g</mi></math><style>*{{background:url({JS})}}</style>'
    '<p style="background:url(javascript:alert(9))">h</p>'
    f'<blockquote cite="{JS}">q</blockquote><q cite="vbscript:x">r</q>'
    "<svg><script>alert(10)</script></svg>"
    '<noscript><p title="</noscript><img src=x onerror=alert(11)>">'
)
HOSTILE_ENTRIES = [
    {
        "id": "vbscript:msgbox(1)",
        "link": JS,
        "title": "<script>alert('t')</script>",
        "author": "<svg onload=alert('a')>",
        "date": "2009-11-14T08:00:00Z",
        "first_seen": "2009-11-14T08:00:00Z",
        "lang": '"><script>alert(1)</script>',
        "content": CONTENT,
    },
    {
        "id": "lang-traversal",
        "link": "https://evil.example.org/1",
        "title": "#cnbc09 path",
        "date": "2009-11-14T09:00:00Z",
        "first_seen": "2009-11-14T09:00:00Z",
        "lang": "../../../../../hostile-lang",
        "content": "<p>#cnbc09</p>",
    },
    {
        "id": "odd-lang",
        "link": "https://evil.example.org/2",
        "title": "#cnbc09 attr",
        "date": "2009-11-14T10:00:00Z",
        "first_seen": "2009-11-14T10:00:00Z",
        "lang": 'en" onmouseover="alert(1)',
        "content": "<p>#cnbc09</p>",
    },
    {
        "id": "bad-date",
        "link": "https://evil.example.org/3",
        "date": "<script>",
        "content": "<p>#cnbc09</p>",
    },
]


def _tamper_store(data):
    path = data / "planet/zhou-yun.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entries"] = HOSTILE_ENTRIES + record["entries"]
    record.update(title="<script>alert('feed')</script>", link=JS, self_url=JS)
    path.write_text(json.dumps(record), encoding="utf-8")
    state = data / "planet/status/zhou-yun.json"
    if state.exists():
        status = json.loads(state.read_text(encoding="utf-8"))
        status.update(moved_to=JS, error="<script>alert('error')</script>")
        state.write_text(json.dumps(status), encoding="utf-8")


def _tamper_archive(content):
    folder = content / "editions/2009/archive"
    folder.mkdir(parents=True, exist_ok=True)
    base = {
        "feed_id": "zhou-yun",
        "person_id": "zhou-yun",
        "author": "<b onmouseover=x>",
        "date": "2009-11-14T10:00:00+00:00",
        "first_seen": "2009-11-14T10:00:00+00:00",
    }
    posts = {
        "0123456789abcdef": {
            "id": "vbscript:x",
            "link": JS,
            "title": "#cnbc09 <script>",
            "lang": "../../../../hostile-archive",
            "content": CONTENT,
        },
        "fedcba9876543210": {
            "id": "a",
            "link": "data:text/html,<script>alert(1)</script>",
            "title": "#cnbc09 data",
            "lang": "zh-Hans",
            "content": '<a href="vbscript:x">x</a>',
        },
        "../../../../escaped": {
            "id": "b",
            "link": "https://x.example.org/",
            "title": "t",
            "lang": "en",
            "content": "<p>#cnbc09</p>",
        },
    }
    for key, post in posts.items():
        name = key if "/" not in key else "escaped"
        (folder / f"{name}.json").write_text(
            json.dumps({**base, **post, "key": key}), encoding="utf-8"
        )


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory):
    from pelican import Pelican
    from pelican.settings import read_settings

    site = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "data", site / "data")
    _tamper_store(site / "data")
    _tamper_archive(site / "content")
    tamper_content(site / "content")
    import_schedules(site / "content", site / "sources")
    output = site / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(site / "content"),
            "OUTPUT_PATH": str(output),
            "PLUGINS": PLUGINS,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )
    Pelican(settings).run()
    return site, output


def test_the_hostile_records_reach_the_output(hostile_output):
    _, output = hostile_output
    roundup = (output / "en/editions/2009/roundup.html").read_text(encoding="utf-8")
    assert "#cnbc09 path" in roundup and "#cnbc09 data" in roundup  # shown, made safe
    planet = (output / "en/planet/other/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in planet  # the title, as text


def test_the_hostile_texts_reach_the_output(hostile_output):
    _, output = hostile_output
    for lang in ("zh-hans", "en", "fr"):
        page = (output / f"{lang}/editions/2009/sessions/tampered.html").read_text("utf-8")
        assert ("Tampered" in page and "<span>j</span>" in page) or "j</a>" in page
        roundup = (output / f"{lang}/editions/2009/roundup.html").read_text("utf-8")
        assert "<span>b</span>" in roundup or ">b</a>" in roundup
    edition = (output / "en/editions/2009/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;theme&#39;)&lt;/script&gt;" in edition  # as text
    person = (output / "en/people/chen-mo.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;bio&#39;)" in person
    for edition_id in ("tampered-json", "tampered-xml"):
        folder = output / "en/editions" / edition_id
        assert len(list((folder / "sessions").glob("*.html"))) == 1, edition_id
        for name in ("schedule.json", "schedule.xml", f"{edition_id}.ics", "sessions.json"):
            assert (folder / name).is_file() and (output / "editions" / edition_id / name)
    imported = (output / "en/editions/tampered-json/sessions/markdown-links.html").read_text()
    assert "Markdown links" in imported and "<span>a</span>" in imported


def test_no_executable_context_anywhere(hostile_output):
    _, output = hostile_output
    assert [f for f in scan_output(output) if " cite=" not in f] == []


def test_cite_urls_are_http(hostile_output):
    _, output = hostile_output
    assert [f for f in scan_output(output) if " cite=" in f] == []


def test_nothing_is_written_outside_the_output(hostile_output):
    site, output = hostile_output
    written = {p.name for p in site.parent.rglob("*hostile*")}
    assert not written, written
    assert not (output.parent / "escaped.html").exists()


def test_scanner_finds_what_it_looks_for():
    findings = scan_html(CONTENT, "x")
    for needle in (
        "onerror",
        "href='javascript",
        "vbscript",
        "data:",
        "srcdoc",
        "sandbox",
        "refresh",
        "formaction",
        "poster",
        "xlink:href",
        "<object>",
        "<base>",
        "style=",
        "inline <script>",
    ):
        assert any(needle in f for f in findings), needle
    assert unsafe_url(" JaVa\nScript:alert(1)") and not unsafe_url("../en/index.html")
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>vbscript:x</id>'
        b'<link href="javascript:x"/><content type="html">&lt;img src=x onerror=y&gt;'
        b"</content></entry></feed>"
    )
    assert len(scan_xml(atom, "f.atom")) == 3
    frab = b"<schedule><event><url>javascript:x</url><link href='vbscript:y'/></event></schedule>"
    assert len(scan_xml(frab, "schedule.xml")) == 2
    ics = "BEGIN:VEVENT\r\nURL:javas\r\n cript:x\r\nATTACH;VALUE=URI:data:x\r\nEND:VEVENT\r\n"
    assert len(scan_ics(ics, "e.ics")) == 2
