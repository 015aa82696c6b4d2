"""Every feed, calendar, OPML, XML and JSON file the sample site writes is well formed.

Feeds (``*.atom``, ``*.rss``, ``feed.*``) parse with feedparser without the bozo flag and
declare their language: Atom with ``xml:lang`` on the feed or on every entry, RSS with
``<language>``. Calendars parse with icalendar, the rest with the standard library.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest

from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _files(root: Path, *patterns: str) -> list[Path]:
    found = {path for pattern in patterns for path in root.rglob(pattern) if path.is_file()}
    return sorted(found)


def _feeds(root: Path) -> list[Path]:
    return _files(root, "*.atom", "*.rss", "feed.*")


def _declared_languages(path: Path) -> list[str | None]:
    """The language a feed declares: one value for the feed, or one per Atom entry."""
    if path.suffix == ".json":
        return [json.loads(path.read_text("utf-8")).get("language")]
    root = ET.parse(path).getroot()
    if root.tag == f"{ATOM}feed":
        if root.get(XML_LANG):
            return [root.get(XML_LANG)]
        return [entry.get(XML_LANG) for entry in root.iter(f"{ATOM}entry")] or [None]
    if root.tag == "rss":
        return [root.findtext("channel/language")]
    return [None]


def test_feeds_are_written(built_site):
    names = {p.relative_to(built_site).as_posix() for p in _feeds(built_site)}
    expected = {"feed.atom", "planet/feed.atom", "planet/feed.json"}
    expected |= {f"{lang}/feed.{kind}" for lang in LANGUAGES for kind in ("atom", "rss", "json")}
    assert expected <= names, sorted(expected - names)


def test_feeds_parse_without_bozo(built_site):
    """XML feeds through feedparser (6.0 reads no JSON Feed; those are checked below)."""
    problems = []
    for path in _feeds(built_site):
        if path.suffix == ".json":
            continue
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems.append(f"{path.relative_to(built_site)}: {parsed.bozo_exception!r}")
        elif parsed.version not in {"atom10", "rss20"}:
            problems.append(f"{path.relative_to(built_site)}: unexpected format {parsed.version!r}")
    assert not problems, "\n".join(problems)


def _undeclared(root: Path, feeds: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(root)}: no language on the feed (xml:lang / <language>) "
        "or on some entry"
        for path in feeds
        if not all(d and d.strip() for d in _declared_languages(path))
    ]


def _is_roundup_feed(path: Path) -> bool:
    return path.name == "roundup.atom"


def test_feeds_declare_their_language(built_site):
    """Every feed but the roundups' (tested below) declares its language."""
    feeds = [p for p in _feeds(built_site) if not _is_roundup_feed(p)]
    problems = _undeclared(built_site, feeds)
    assert not problems, "\n".join(problems)


def test_roundup_feeds_declare_their_language(built_site):
    feeds = [p for p in _feeds(built_site) if _is_roundup_feed(p)]
    assert feeds
    problems = _undeclared(built_site, feeds)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_language_feed_declares_its_tree_language(built_site, lang, kind):
    """/{lang}/feed.* is in the language of its tree (zh-hans → zh-Hans)."""
    declared = _declared_languages(built_site / lang / f"feed.{kind}")
    assert [d.lower() for d in declared] == [lang], declared


def test_calendars_parse(built_site):
    calendars = _files(built_site, "*.ics")
    assert calendars
    problems = []
    for path in calendars:
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as exc:
            problems.append(f"{path.relative_to(built_site)}: {exc}")
            continue
        events = calendar.walk("VEVENT")
        if not events:
            problems.append(f"{path.relative_to(built_site)}: no VEVENT")
        for event in events:
            missing = [key for key in ("UID", "DTSTART", "SUMMARY") if key not in event]
            if missing:
                problems.append(f"{path.relative_to(built_site)}: VEVENT without {missing}")
    assert not problems, "\n".join(problems)


def test_xml_and_opml_parse(built_site):
    files = _files(built_site, "*.xml", "*.opml")
    assert any(p.suffix == ".opml" for p in files)
    problems = []
    for path in files:
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            problems.append(f"{path.relative_to(built_site)}: {exc}")
    assert not problems, "\n".join(problems)


def test_json_parses(built_site):
    problems = []
    for path in _files(built_site, "*.json"):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{path.relative_to(built_site)}: {exc}")
    assert not problems, "\n".join(problems)


def test_json_feeds_have_the_required_fields(built_site):
    """JSON Feed 1.1's required fields on the feed (version, title) and items (id, one of
    content_html/content_text), and absolute URLs."""
    feeds = [p for p in _feeds(built_site) if p.suffix == ".json"]
    assert feeds
    for path in feeds:
        data = json.loads(path.read_text("utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"], path
        for item in data["items"]:
            assert item["id"] and ("content_html" in item or "content_text" in item), path
            assert item.get("url", "https://").startswith(("https://", "http://")), path


def test_planet_feeds_speak_the_language_of_their_tree(built_site):
    """Each tree's planet feed is titled, linked and signed in its language; /planet/ keeps
    the default language's for subscribers of old."""
    titles = {}
    for folder in ("planet", "en/planet", "fr/planet"):
        root = ET.parse(built_site / folder / "feed.atom").getroot()
        titles[folder] = root.findtext(f"{ATOM}title")
        home = next(
            link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "alternate"
        )
        tree = folder.split("/")[0] if "/" in folder else "zh-hans"
        assert home.endswith(f"/{tree}/planet/index.html"), home
    assert "博客汇聚" in titles["planet"] and "Planet" in titles["en/planet"]
    assert "Planète" in titles["fr/planet"]
    authors = {
        a.text for a in ET.parse(built_site / "fr/planet/feed.atom").getroot().iter(f"{ATOM}name")
    }
    assert "Zhou Yun" in authors and "周云" not in authors
