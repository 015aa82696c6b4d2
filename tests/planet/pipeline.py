"""Helpers for corpus tests: run bytes through parse → store → model → render, and look
for script execution vectors in the HTML that comes out."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from plugins.core.langtags import make_language
from plugins.planet.model import Planet
from plugins.planet.parse import NotAFeed, ParseJob, parse_feed
from plugins.planet.policy import merge_entries
from plugins.planet.settings import DEFAULTS
from plugins.planet.store import FeedRecord
from plugins.planet.xmlout import atom_feed

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "xlink:href",
    "srcset",
    "dynsrc",
    "lowsrc",
    "longdesc",
    "usemap",
}
BAD_TAGS = {
    "script",
    "form",
    "object",
    "embed",
    "applet",
    "style",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "frame",
    "frameset",
}


class Person:
    """Stand-in for the conference plugin's Person."""

    id = "someone"
    aggregate = True
    feed = "https://feeds.example/feed.xml"
    encoding = None
    has_page = True
    page_path = "people/someone.html"

    def name_in(self, tag: str) -> str:
        return "Someone"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "themes" / "ruyi" / "templates")),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)
    return env


def run_pipeline(body: bytes, headers: dict | None = None, url: str | None = None):
    """Returns (rendered HTML, Atom bytes), or None when the bytes are not a feed."""
    hosts = frozenset(DEFAULTS["PLANET_EMBED_HOSTS"])
    try:
        parsed = parse_feed(ParseJob(body=body, headers=headers or {}, url=url, embed_hosts=hosts))
    except NotAFeed:
        return None
    record = FeedRecord(id="someone", url="https://feeds.example/feed.xml")
    merge_entries(record, parsed["entries"], NOW)
    for key, value in parsed["feed"].items():
        setattr(record, key, value or None)
    record.added = "2026-01-01T00:00:00Z"
    stored = FeedRecord.from_data(
        {**json.loads(record.archive_json()), **json.loads(record.state_json())}
    )
    planet = Planet([stored], {"someone": Person()}, {"someone"}, hosts)
    language = make_language("en")
    html = (
        environment()
        .get_template("planet_entries.html")
        .render(entries=planet.entries_for("someone"), page_language=language, SITEURL="..")
    )
    atom = atom_feed(planet.entries, "Planet", "https://site.example", "en").writeString("utf-8")
    ET.fromstring(atom)  # must be well-formed XML
    return html, atom


class _VectorFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            squeezed = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "data:", "livescript:")
            ):
                self.found.append(f"{tag} {name}={value!r}")
            if "javascript:" in squeezed or "expression(" in squeezed:
                self.found.append(f"{tag} {name}={value!r}")
            if name == "style":
                self.found.append(f"{tag} style=")
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            if not src.startswith(
                (
                    "https://www.youtube.com/",
                    "https://player.vimeo.com/",
                    "https://player.bilibili.com/",
                    "https://youtube.com/",
                    "https://www.youtube-nocookie.com/",
                )
            ):
                self.found.append(f"iframe src={src!r}")

    handle_startendtag = handle_starttag


def vectors(html: str) -> list[str]:
    """Script execution vectors present in ``html`` (empty when it is safe)."""
    finder = _VectorFinder()
    finder.feed(html)
    finder.close()
    return finder.found
