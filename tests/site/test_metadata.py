"""Page metadata of the sample site: a description, Open Graph and a Twitter card on every
page, in the page's language; share cards that exist; complete schema.org Events."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plugins.core.text import is_cjk
from tests.site.sample import LANGUAGES, site_url

pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.translated = False
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            key = values.get("name") or values.get("property")
            if key and key not in self.meta:
                self.meta[key] = values.get("content") or ""
        if tag == "main" and "data-pagefind-body" in values:
            self.translated = True
        self._in_jsonld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def _read(path: Path) -> _Meta:
    parser = _Meta()
    parser.feed(path.read_text("utf-8"))
    return parser


def _pages(built_site: Path) -> list[Path]:
    return [p for lang in LANGUAGES for p in sorted((built_site / lang).rglob("*.html"))]


def _width(text: str) -> int:
    return sum(2 if is_cjk(char) else 1 for char in text)


def test_every_page_describes_itself(built_site):
    missing = []
    for path in _pages(built_site):
        meta = _read(path).meta
        for key in (
            "description",
            "og:title",
            "og:description",
            "og:type",
            "og:site_name",
            "og:locale",
            "twitter:card",
            "twitter:title",
        ):
            if not meta.get(key):
                missing.append(f"{path.relative_to(built_site)}: {key}")
        assert _width(meta.get("description", "")) <= 162, path  # 160 and an ellipsis
    assert not missing, "\n".join(missing[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_descriptions_are_in_the_page_language(built_site, lang):
    for path in _pages(built_site):
        if not path.is_relative_to(built_site / lang):
            continue
        page = _read(path)
        if not page.translated:
            continue  # an untranslated copy shows (and describes) the original
        description = page.meta["description"]
        chinese = sum(map(is_cjk, description)) > len(description) / 3
        assert chinese == (lang == "zh-hans"), (path, description)


def test_descriptions_come_from_each_page(built_site):
    session = _read(built_site / "en/editions/2009/sessions/micro-power.html").meta
    assert session["description"].startswith("One voice is small.")
    person = _read(built_site / "fr/people/huyong.html").meta
    assert "Pékin" in person["description"]
    post = _read(built_site / "en/posts/call-for-participation.html").meta
    assert post["og:type"] == "article" and post["article:published_time"].startswith("2009-11-10")


def test_share_cards_exist_and_are_pictures(built_site):
    seen = set()
    for path in _pages(built_site):
        meta = _read(path).meta
        image = meta.get("og:image")
        assert image and image.startswith(site_url() + "/"), path
        assert meta["twitter:card"] == "summary_large_image"
        seen.add(image)
    assert len(seen) == len(LANGUAGES) * 3  # the site and two editions, per language
    for image in seen:
        data = (built_site / image.removeprefix(site_url() + "/")).read_bytes()
        assert data.startswith(PNG)
        assert int.from_bytes(data[16:20], "big") == 1200
        assert int.from_bytes(data[20:24], "big") == 630


def test_edition_pages_use_their_editions_card(built_site):
    meta = _read(built_site / "zh-hans/editions/2009/schedule.html").meta
    assert meta["og:image"] == f"{site_url()}/zh-hans/editions/2009/share.png"


def _events(path: Path) -> list[dict]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("@type") == "Event":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for block in _read(path).jsonld:
        walk(json.loads(block))
    return found


@pytest.mark.parametrize(
    "page", ["editions/2009/index.html", "editions/2009/sessions/citizen-journalism.html"]
)
def test_events_carry_what_search_engines_require(built_site, page):
    for lang in LANGUAGES:
        events = _events(built_site / lang / page)
        assert events
        for event in events:
            assert event["eventStatus"] == "https://schema.org/EventScheduled"
            assert event["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
            assert event["organizer"] and event["image"].startswith("https://")
            address = event["location"]["address"]
            assert address["@type"] == "PostalAddress" and address["addressCountry"] == "CN"
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", event["startDate"])


def test_archived_copies_have_one_canonical_the_original(built_site):
    copies = sorted(built_site.glob("*/editions/*/archive/*.html"))
    assert copies
    for path in copies:
        text = path.read_text("utf-8")
        canonicals = re.findall(r'<link rel="canonical" href="([^"]+)"', text)
        assert len(canonicals) == 1 and not canonicals[0].startswith(site_url()), path
        assert '<meta name="robots" content="noindex">' in text
