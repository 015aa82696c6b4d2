"""French pages, feeds and UI strings of the built sample site set French no-break spaces.

Every text node of every French page (outside code, scripts and other languages) is
scanned: no ``; ! ?`` or ``:`` of prose without its no-break space, no line that can
start with ``:`` or ``»``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

from plugins.core.typography import THIN, WORD, french_text

ROOT = Path(__file__).resolve().parents[2]
_SKIP = {"code", "pre", "kbd", "samp", "var", "script", "style", "textarea"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_ENDS = " \t\r\n\u00a0\u202f)]»”’…\"'.,;:!?"


class _Lines(HTMLParser):
    """The French text of a page, one string per run of text between two tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID | {"wbr", "track"}:
            return
        lang = dict(attrs).get("lang")
        skip = tag in _SKIP or (lang is not None and not lang.startswith("fr"))
        self.stack.append((tag, skip or (self.stack[-1][1] if self.stack else False)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.texts.append(data)


def mistakes(text: str) -> list[str]:
    """Signs of prose in ``text`` without their French no-break space."""
    found = []
    for match in re.finditer(r"[;!?:»«]", text):
        at = match.start()
        sign, before, after = text[at], text[at - 1 : at], text[at + 1 : at + 2]
        prose = not after or after in _ENDS  # not 10:00, https://, ?q=
        wrong = (
            (sign in ";!?" and prose and before and before not in THIN + "?!")
            or (sign == ":" and prose and before and before != WORD)
            or (sign == "»" and before in (" ", "\t", "\n", "\r"))
            or (sign == "«" and after in (" ", "\t", "\n", "\r"))
        )
        if wrong:
            found.append(text[max(0, at - 30) : at + 10])
    return found


def french_texts(page: Path) -> list[str]:
    parser = _Lines()
    parser.feed(page.read_text("utf-8"))
    return parser.texts


def test_mistakes_finds_what_is_wrong():
    assert len(mistakes("Lieu : Canton ; « fin » ? !")) == 6
    assert len(mistakes("Lieu: Canton;")) == 2
    assert mistakes(french_text("Lieu : Canton ; « fin » ? !")) == []
    assert mistakes("à 10:00, https://exemple.fr/?a=1") == []


def test_every_french_page_sets_no_break_spaces(sample_site):
    pages = sorted((sample_site / "fr").rglob("*.html"))
    assert len(pages) > 30
    signs, wrong = 0, []
    for page in pages:
        for text in french_texts(page):
            signs += len(re.findall(r"[;!?:»]", text))
            wrong += [f"{page.relative_to(sample_site)}: {m!r}" for m in mistakes(text)]
    assert signs > 100  # the sample's French prose has them
    assert wrong == []


def test_french_ui_and_content_examples(sample_site):
    schedule = (sample_site / "fr/editions/2009/schedule.html").read_text("utf-8")
    # a catalog string in an attribute (the JavaScript's text) and in a text node
    assert f"étoilées{THIN}?" in schedule
    assert f"conférence{WORD}:" in schedule
    post = (sample_site / "fr/posts/micro-power-keynote.html").read_text("utf-8")
    assert f"«{WORD}Micro-puissance{WORD}»{WORD}:" in post


def test_other_languages_are_left_alone(sample_site):
    for tree in ("en", "zh-hans"):
        for page in (sample_site / tree).rglob("*.html"):
            text = page.read_text("utf-8")  # (CLDR's English times have U+202F: 9:30 AM)
            assert not re.search(f"[{THIN}{WORD}][;!?:»]|«{WORD}", text), page


def test_french_feed_titles_and_summaries(sample_site):
    tree = ET.parse(sample_site / "fr/feed.atom")
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in tree.getroot().iter(f"{atom}entry")]
    assert any(WORD + ":" in t or THIN + "?" in t for t in titles), titles
    for entry in tree.getroot().iter(f"{atom}entry"):
        for field in ("title", "summary", "content"):
            text = entry.findtext(f"{atom}{field}") or ""
            assert not re.search(r" [;!?:»](\s|$)", text), (field, text[:80])


def test_french_catalog_sets_no_break_spaces():
    catalog = read_po((ROOT / "translations/fr/LC_MESSAGES/messages.po").open("rb"))
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string:
                checked += 1
                assert french_text(string) == string, string
    assert checked > 100


def test_french_exports_set_titles_and_abstracts(sample_site):
    import json

    schedule = json.loads((sample_site / "fr/editions/2009/schedule.json").read_text("utf-8"))
    events = [
        event
        for day in schedule["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for event in room
    ]
    titles = [event["title"] for event in events]
    assert f"Tous journalistes{THIN}? Promesses et limites du journalisme citoyen" in titles
    for event in events:
        assert mistakes(event["title"]) == [], event["title"]
        assert mistakes(event.get("abstract") or "") == [], event["abstract"]
    ics = (sample_site / "fr/editions/2009/2009.ics").read_text("utf-8")
    assert f"SUMMARY;LANGUAGE=fr:Tous journalistes{THIN}? Promesses" in ics
    english = (sample_site / "en/editions/2009/schedule.json").read_text("utf-8")
    assert THIN + "?" not in english and WORD + ":" not in english
