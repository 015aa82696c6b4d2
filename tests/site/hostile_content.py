"""Hostile texts of ``content/`` for the hostile build (tests/site/test_hostile_build.py):
a hand-written session, roundup introductions, edition texts and bios, and a pretalx JSON
and a frab XML schedule imported with the importer, each carrying every form of script,
event handler and ``javascript:``/``vbscript:``/``data:`` URL we know."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

JS = "javascript:alert(document.domain)"
#: Markdown and HTML a speaker or an editor could write: every link form, obfuscated.
MARKDOWN = f"""\
Inline [a]({JS}) and reference [b][r], autolink <{JS}> and <vbscript:msgbox(1)>,
entities [e](&#106;avascript:alert(2)) [f](&#x6A;avascript&colon;alert(3)), case
[g](JaVaScRiPt:alert(4)), data ![h](data:image/svg+xml;base64,PHN2Zz4=) [i](vbscript:x).

<a href=" java&#x09;script:alert(5)">j</a> <img src=x onerror=alert(6)>
<a href="{{filename}}javascript:alert(7)">k</a> <a href="|filename|vbscript:x">l</a>
<img src="{{static}}data:image/png,x"> <p onclick="alert(8)" style="background:url({JS})">m</p>
<iframe src="https://www.youtube.com/embed/x" onload="alert(9)"></iframe>
<iframe src="https://evil.example.org/" srcdoc="<script>alert(10)</script>"></iframe>
<form action="{JS}"><button formaction="{JS}">n</button></form><script>alert(11)</script>
<svg><a xlink:href="{JS}">o</a></svg><object data="{JS}"></object><embed src="{JS}">
<base href="{JS}"><meta http-equiv="refresh" content="0;url={JS}">
<blockquote cite="{JS}">q</blockquote><math><mi xlink:href="{JS}">r</mi></math>
<noscript><p title="</noscript><img src=x onerror=alert(12)>"></noscript>

[r]: {JS}
"""
SESSION = f"""\
Title: Tampered <script>alert('title')</script>
Start: 2009-11-15 17:00
End: 2009-11-15 17:30
Room: room-b
Speakers: chen-mo
Summary: <img src=x onerror=alert('summary')> [s]({JS})

"""
#: what an abstract says in a schedule (HTML, frab) or Markdown (pretalx)
HTML_ABSTRACT = (
    f'<p onclick="alert(20)">HTML <a href="{JS}">x</a> <a href="&#x6A;avascript:alert(21)">y</a>'
    f' <img src="java&#10;script:alert(22)"> <a href="data:text/html,x">z</a></p>'
    f'<p><iframe src="https://evil.example.org/"></iframe><script>alert(23)</script></p>'
)


def tamper_content(content: Path) -> None:
    """Write the hostile texts into the sample site's ``content``."""
    sessions = content / "editions/2009/sessions"
    (sessions / "tampered.zh-Hans.md").write_text(SESSION + MARKDOWN, encoding="utf-8")
    (sessions / "tampered.en.md").write_text("Title: <b>Tampered</b>\n\n" + MARKDOWN, "utf-8")
    for intro in (content / "editions/2009").glob("roundup.*.md"):
        intro.write_text(intro.read_text(encoding="utf-8") + "\n" + MARKDOWN, encoding="utf-8")
    _edit_yaml(
        content / "editions/2009/edition.yaml",
        lambda data: [
            data["theme"].update(en=f"<script>alert('theme')</script>{JS}"),
            data["summary"].update(en=f"<img src=x onerror=alert('summary')> [s]({JS})"),
            data["city"].update(en="\"><script>alert('city')</script>"),
            data["rooms"][2]["name"].update(en="<b onmouseover=alert('room')>Room B</b>"),
        ],
    )
    _edit_yaml(
        content / "people/chen-mo.yaml",
        lambda data: [
            data["name"].update(en="Chen <img src=x onerror=alert('name')>"),
            data["bio"].update(en=f"<script>alert('bio')</script>[bio]({JS}) <a href={JS}>x</a>"),
        ],
    )


def import_schedules(content: Path, folder: Path) -> None:
    """Import a hostile pretalx JSON and a hostile frab XML schedule, as an organizer would."""
    from plugins.conference.importer.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    sources = {"pretalx.json": _pretalx(), "frab.xml": _frab()}
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
        edition = f"tampered-{name.split('.')[-1]}"
        out, err = io.StringIO(), io.StringIO()
        argv = [str(folder / name), "--edition", edition, "--content", str(content)]
        status = main([*argv, "--timezone", "Asia/Shanghai", "--language", "en"], out, err)
        assert status == 0, err.getvalue()


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _pretalx() -> str:
    events = [
        {
            "guid": "p-1",
            "id": 1,
            "title": "<b>Markdown</b> links<script>alert('t')</script>",
            "subtitle": f'<a href="{JS}">sub</a>',
            "abstract": MARKDOWN,
            "description": HTML_ABSTRACT,
            "date": "2024-05-04T10:00:00+08:00",
            "duration": "00:45",
            "room": "<img src=x onerror=alert('room')>Hall",
            "track": f"<a href='{JS}'>Web</a>",
            "url": f"https://pretalx.example.org/t/1/> [k]({JS}) <https://x.example.org",
            "links": [
                {"url": JS, "title": "Slides"},
                {"url": "data:video/mp4,x", "title": "Video"},
            ],
            "persons": [
                {
                    "code": "EVE1",
                    "public_name": "<b onmouseover=alert('p')>Eve</b>",
                    "biography": f"<script>alert('bio')</script>[b]({JS})",
                }
            ],
        }
    ]
    return json.dumps(
        {
            "schedule": {
                "version": "1",
                "base_url": JS,
                "conference": {
                    "acronym": "tampered",
                    "title": "Tampered\nlisted: true <script>alert('c')</script>",
                    "url": JS,
                    "start": "2024-05-04",
                    "end": "2024-05-04",
                    "days": [{"index": 1, "date": "2024-05-04", "rooms": {"Hall": events}}],
                },
            }
        }
    )


def _frab() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<schedule><version>1</version>
<conference><title>{escape("<i>Frab</i>")}</title><start>2024-06-01</start>
<end>2024-06-01</end><city>{escape("<script>alert('city')</script>Town")}</city>
<url>{escape(JS)}</url></conference>
<day index="1" date="2024-06-01"><room name="{escape("<b>Saal</b>", {'"': "&quot;"})}">
<event guid="f-1" id="1"><date>2024-06-01T10:00:00+08:00</date><start>10:00</start>
<duration>00:30</duration><room>Saal</room><slug>f1</slug>
<title>{escape("<i>HTML</i> links <img src=x onerror=alert(1)>")}</title>
<subtitle>{escape(MARKDOWN[:60])}</subtitle><track>{escape("<script>x</script>Web")}</track>
<type>lecture</type><language>en</language>
<abstract>{escape(HTML_ABSTRACT)}</abstract><description>{escape(MARKDOWN)}</description>
<url>{escape(JS)}</url>
<persons><person id="7">{escape("<b onclick=alert(1)>Mallory</b>")}</person></persons>
<links><link href="{escape(JS)}">Slides</link><link href="vbscript:x">Video</link></links>
</event></room></day></schedule>
"""
