"""Imports write safe, buildable files: every text of a schedule becomes plain text or
sanitized HTML (no ``javascript:``, ``vbscript:`` or ``data:`` URL in any form), a title
that is only markup is an error naming the event, and every field and the whole import
have a size cap (plugins/conference/importer/limits.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from plugins.conference.importer import limits
from tests.conference.test_import import run_import
from tests.conference.test_import_safety import schedule, write_source
from tests.conference.test_import_safety import site as site  # the fixture
from tests.site.scan import scan_html

#: One Markdown abstract (pretalx) with every form a link can take; each is unsafe.
MARKDOWN_LINKS = """\
Inline [a](javascript:alert(1)) and reference [b][r] and [c][] links.
Autolink <javascript:alert(3)> and <vbscript:msgbox(4)>, entities [e](&#106;avascript:alert(5)),
case [g](JaVaScRiPt:alert(7)), data ![h](data:image/svg+xml;base64,PHN2Zz4=) and
[i](vbscript:msgbox(9)), HTML <img src=javascript:alert(10)> <a href="java&#x09;script:x">t</a>
<a href=" JAVASCRIPT:alert(11)">u</a> <img src="  data:text/html,x" alt="v">
<a href="vbscript&colon;msgbox(12)">w</a> <script>alert(13)</script>

[r]: javascript:alert(2)
[c]: <data:text/html,x> "title"
"""
#: An HTML abstract (frab): its text must not be read as Markdown once it is in the file.
HTML_LINKS = (
    '<p onclick="alert(20)">HTML <a href="javascript:alert(21)">x</a> '
    '<a href="&#x6A;avascript:alert(22)">y</a> <img src=x onerror=alert(23)></p>'
    "<p>[z](https://z.example.org/) <iframe src=https://evil.example.org/></iframe>"
    '<object data="javascript:alert(25)"></object><svg onload=alert(26)></svg></p>'
)
PELICAN_MARKDOWN = ["extra", "meta", "toc"]


def hostile_schedule() -> dict:
    data = schedule(
        [
            ("Links in Markdown", MARKDOWN_LINKS, ("AAA111", "Ada")),
            ("Links in HTML", HTML_LINKS, ("BBB222", "<b onmouseover=alert(30)>Bob</b>")),
        ]
    )
    events = data["schedule"]["conference"]["days"][0]["rooms"]["Main hall"]
    events[0].update(
        title="<b>Links</b> in <i>Markdown</i><script>alert(31)</script>",
        subtitle='<a href="javascript:alert(32)">sub</a> *x*',
        track="<img src=x onerror=alert(33)>Web",
        url="https://pretalx.example.org/t/1/> [k](javascript:alert(34)) <https://x.example",
        links=[
            {"url": "javascript:alert(35)", "title": "Slides"},
            {"url": "https://media.example.org/v.mp4", "title": "Video"},
        ],
        persons=[{"code": "AAA111", "public_name": "Ada", "biography": "<script>x</script>Bio"}],
    )
    events[1].update(
        description=HTML_LINKS,
        room="<script>alert(36)</script>Main hall",
        url="javascript:alert(37)",
    )
    data["schedule"]["conference"]["title"] = "Conf\nlisted: true <script>alert(38)</script>"
    return data


def rendered(text: str) -> str:
    """The HTML Pelican makes of an imported session file (the site's Markdown setup)."""
    return markdown.Markdown(extensions=PELICAN_MARKDOWN, output_format="html5").convert(text)


@pytest.fixture
def imported(site, tmp_path):
    status, _out, err = run_import(
        site, write_source(tmp_path, hostile_schedule()), "--edition", "small"
    )
    assert status == 0, err
    return {
        p.relative_to(site).as_posix(): p.read_text("utf-8")
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".yaml")
    }


def test_every_link_form_is_gone_from_the_files(imported):
    sessions = {k: v for k, v in imported.items() if "/sessions/" in k}
    assert len(sessions) == 2
    for path, text in imported.items():
        html = rendered(text) if path.endswith(".md") else text
        assert scan_html(html, path) == [], path
        for scheme in ("javascript", "vbscript", "data:", "&#106;", "&#x6a;", "&colon;"):
            assert scheme not in text.lower(), (path, scheme)
        for handler in ("onclick", "onerror", "onload", "onmouseover", "<script", "<iframe"):
            assert handler not in text.lower(), (path, handler)


def test_texts_survive_as_text(imported):
    markdown_file = next(v for v in imported.values() if "Title: Links in Markdown" in v)
    assert markdown_file.startswith("Title: Links in Markdown\n")
    assert "\nTrack: Web\n" in markdown_file
    assert "\nVideo: https://media.example.org/v.mp4\n" in markdown_file
    assert "Slides:" not in markdown_file
    html = rendered(markdown_file)
    for word in ("Inline", "<span>a</span>", "<span>b</span>", "<em>sub *x*</em>", "HTML"):
        assert word in html, word
    html_file = next(v for v in imported.values() if "Title: Links in HTML" in v)
    # the text of an HTML abstract is not read as Markdown
    assert "[z](https://z.example.org/)" in rendered(html_file)
    edition = imported["editions/small/edition.yaml"]
    assert "name: Main hall\n" in edition and "alert" not in edition
    assert "\nlisted:" not in edition  # the title's newline stayed in the comment line
    people = [v for k, v in imported.items() if k.startswith("people/")]
    assert any("name: Bob\n" in p for p in people) and any("bio: Bio\n" in p for p in people)
    assert all(p.count("\nlisted: ") == 1 and "\nlisted: false\n" in p for p in people)


@pytest.mark.parametrize("title", ["<b></b>", "<script>Talk</script>", " \x01 <i> </i>"])
def test_a_title_of_only_markup_is_an_error_naming_the_event(site, tmp_path, title):
    data = schedule()
    data["schedule"]["conference"]["days"][0]["rooms"]["Main hall"][2]["title"] = title
    source = write_source(tmp_path, data)
    status, _out, err = run_import(site, source, "--edition", "small")
    assert status == 1 and err.count("\n") == 1
    assert err.startswith(f"error: {source}: day 1, room 'Main hall', event 3 (id '3', title ")
    assert "the title is empty once its markup is removed; expected a title with words" in err
    assert not (site / "editions/small").exists()


def _over(cap: int) -> str:
    return "x" * (cap + 1)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda e, c: e.update(abstract=_over(limits.MAX_LONG_TEXT)),
            "day 1, room 'Main hall', event 2 (id '2', title 'Freie Software in der Schule'): "
            "abstract has 50,001 characters; expected at most 50,000",
        ),
        (
            lambda e, c: e.update(title=_over(limits.MAX_TITLE)),
            "event 2 (id '2', title 'xxxx",
        ),
        (lambda e, c: e.update(room=_over(limits.MAX_NAME)), "room has 201 characters"),
        (lambda e, c: e.update(track=_over(limits.MAX_NAME)), "track has 201 characters"),
        (
            lambda e, c: e["persons"][0].update(public_name=_over(limits.MAX_NAME)),
            "speaker name has 201 characters; expected at most 200",
        ),
        (
            lambda e, c: e["persons"][0].update(biography=_over(limits.MAX_LONG_TEXT)),
            "biography of 'Hans Müller' has 50,001 characters",
        ),
        (
            lambda e, c: e.update(persons=[{"public_name": f"P{i}"} for i in range(101)]),
            "101 speakers; expected at most 100",
        ),
        (
            lambda e, c: e.update(url="https://x.example/" + _over(limits.MAX_URL)),
            "url has 2,019 characters; expected at most 2,000",
        ),
        (
            lambda e, c: c.update(title=_over(limits.MAX_TITLE)),
            "the conference's title has 501 characters",
        ),
    ],
)
def test_each_field_has_a_cap_and_an_error_naming_the_event(site, tmp_path, change, expected):
    data = schedule()
    conference = data["schedule"]["conference"]
    change(conference["days"][0]["rooms"]["Main hall"][1], conference)
    source = write_source(tmp_path, data)
    status, _out, err = run_import(site, source, "--edition", "small")
    assert status == 1 and err.count("\n") == 1, err
    assert err.startswith(f"error: {source}: ") and expected in err, err
    assert len(err) < 400  # an excerpt of the value, never the value
    assert not (site / "editions/small").exists()


def test_the_whole_import_has_caps(site, tmp_path, monkeypatch):
    big = "y" * (limits.MAX_LONG_TEXT - 100)
    talks = [(f"Talk {i}", big, (f"C{i}", f"Person {i}")) for i in range(4)]
    source = write_source(tmp_path, schedule(talks))
    monkeypatch.setattr(limits, "MAX_TEXT", 3 * limits.MAX_LONG_TEXT)
    status, _out, err = run_import(site, source, "--edition", "small")
    assert status == 1 and "day 1, room 'Main hall', event 4 (id '4', title 'Talk 3')" in err
    assert (
        f"have 199,728 bytes (UTF-8); expected at most {3 * limits.MAX_LONG_TEXT:,} in one" in err
    )
    monkeypatch.setattr(limits, "MAX_EVENTS", 3)
    status, _out, err = run_import(site, source, "--edition", "small")
    assert status == 1 and "has 4 events; expected at most 3 in one import" in err


def test_a_source_over_the_byte_cap_is_refused_before_parsing(site, tmp_path):
    path = Path(tmp_path / "huge.json")
    data = json.dumps(schedule())
    path.write_text(data + " " * (limits.MAX_SOURCE_BYTES - len(data) + 1), encoding="utf-8")
    status, _out, err = run_import(site, str(path), "--edition", "small")
    assert status == 1 and err.count("\n") == 1
    assert re.search(r"huge\.json: has more than 16,777,216 bytes; expected at most", err)


def test_a_download_stops_at_the_byte_cap(site):
    """A server that sends more than the cap (no Content-Length, endless) is cut off."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    sent = []

    class Endless(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b" " * 65536
            try:
                self.wfile.write(b'{"schedule": ')
                for _ in range(limits.MAX_SOURCE_BYTES // len(chunk) * 4):
                    self.wfile.write(chunk)
                    sent.append(len(chunk))
            except OSError:
                pass  # the importer hung up: what this test wants

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/schedule.json"
        status, _out, err = run_import(site, url, "--edition", "small")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert status == 1 and err == (
        f"error: {url}: has more than 16,777,216 bytes; expected at most that (16 MiB) for "
        "one schedule\n"
    )
    assert sum(sent) < 4 * limits.MAX_SOURCE_BYTES  # it stopped reading
