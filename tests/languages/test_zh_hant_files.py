"""Functional tests: the converted zh-Hant tree is complete (every feed, calendar and
schedule file of the zh-Hans tree, converted), reads as Taiwan writes, links to nothing
missing, and is found by search in either script. One build (``zh_hant_site``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import feedparser
import icalendar
import pytest

from tests.search.test_hansquery import to_hans
from tests.site.sample import require_tool, site_url
from tests.site.test_links import _broken

pytestmark = pytest.mark.slow

HANT = "zh-hant"
#: mainland wording (and Simplified characters) that a Traditional tree must not show
MAINLAND = ("搜索", "視頻", "鏈接", "軟件", "网志", "连州")
QUERY = Path(__file__).resolve().parents[1] / "search" / "pagefind_query.mjs"


def test_no_page_links_to_a_missing_file(zh_hant_site: Path):
    broken = _broken(zh_hant_site)
    ours = {kind: [w for w in items if w.startswith(HANT)] for kind, items in broken.items()}
    assert not any(ours.values()), ours


def test_no_feed_links_to_a_missing_file(zh_hant_site: Path):
    public = site_url()
    feeds = [*(zh_hant_site / HANT).rglob("*.atom"), *(zh_hant_site / HANT).rglob("*.rss")]
    assert len(feeds) >= 5
    checked = 0
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        links = [link["href"] for link in parsed.feed.get("links", [])]
        links += [entry.link for entry in parsed.entries if entry.get("link")]
        for href in links:
            if href.startswith(public + "/"):
                target = zh_hant_site / href[len(public) + 1 :]
                assert target.is_file(), f"{path.relative_to(zh_hant_site)}: {href}"
                checked += 1
    assert checked > 10


def test_feeds_parse_and_are_converted(zh_hant_site: Path):
    for name in (
        "feed.atom",
        "feed.rss",
        "planet/feed.atom",
        "editions/2009/wall.atom",
        "editions/2009/roundup.atom",
    ):
        parsed = feedparser.parse((zh_hant_site / HANT / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.feed.get("language", "zh-Hant") == "zh-Hant", name
        assert "網誌" in parsed.feed.title, (name, parsed.feed.title)
        text = (zh_hant_site / HANT / name).read_text("utf-8")
        assert f"{site_url()}/zh-hans/" not in text, name  # its links stay in its tree
    roundup = feedparser.parse((zh_hant_site / HANT / "editions/2009/roundup.atom").read_bytes())
    assert roundup.entries
    for name in ("feed.json", "planet/feed.json"):
        data = json.loads((zh_hant_site / HANT / name).read_text("utf-8"))
        assert data["language"] == "zh-Hant" and "網誌" in data["title"]


def test_calendars_and_schedule_files_are_converted(zh_hant_site: Path):
    calendars = sorted((zh_hant_site / HANT).rglob("*.ics"))
    assert len(calendars) == len(list((zh_hant_site / "zh-hans").rglob("*.ics"))) > 10
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert calendar["X-WR-CALNAME"].params["LANGUAGE"] == "zh-Hant"
        for event in calendar.walk("VEVENT"):
            assert str(event["URL"]).startswith(f"{site_url()}/zh-hant/")
            assert "網誌" in calendar["X-WR-CALNAME"] or "网" not in str(event["SUMMARY"])
    lunch = icalendar.Calendar.from_ical(
        (zh_hant_site / HANT / "editions/2009/sessions/lunch.ics").read_bytes()
    )
    event = next(iter(lunch.walk("VEVENT")))
    assert "會場" in str(event["DESCRIPTION"]) and "連州" in str(event["LOCATION"])
    schedule = json.loads((zh_hant_site / HANT / "editions/2009/schedule.json").read_text())
    assert schedule["schedule"]["conference"]["title"] == "中文網誌年會 2009"
    xml = (zh_hant_site / HANT / "editions/2009/schedule.xml").read_text("utf-8")
    assert "<title>中文網誌年會 2009</title>" in xml and "/zh-hans/" not in xml
    planner = json.loads((zh_hant_site / HANT / "editions/2009/sessions.json").read_text())
    assert all(s["lang"] != "zh-Hans" for s in planner["sessions"])


def test_app_name_share_card_and_structured_data_are_converted(zh_hant_site: Path):
    manifest = json.loads((zh_hant_site / HANT / "manifest.webmanifest").read_text("utf-8"))
    assert (manifest["name"], manifest["short_name"]) == ("中文網誌年會", "網誌年會")
    hans_cards = sorted(
        p.relative_to(zh_hant_site / "zh-hans")
        for p in (zh_hant_site / "zh-hans").rglob("share.png")
    )
    assert hans_cards == sorted(
        p.relative_to(zh_hant_site / HANT) for p in (zh_hant_site / HANT).rglob("share.png")
    )
    for card in hans_cards:  # drawn from other (converted) text
        hans = (zh_hant_site / "zh-hans" / card).read_bytes()
        assert hans != (zh_hant_site / HANT / card).read_bytes()
    page = (zh_hant_site / HANT / "editions/2009/index.html").read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert blocks and all("网志" not in b and "连州" not in b for b in blocks)
    assert any("連州" in b for b in blocks)


def test_interface_reads_as_taiwan_writes(zh_hant_site: Path):
    found = {}
    for path in (zh_hant_site / HANT).rglob("*.html"):
        if path.name == "markup-check.html":  # Simplified in its URLs and code on purpose
            continue
        text = re.sub(
            r"<(script|style)\b.*?</\1>|<[^>]*>", " ", path.read_text("utf-8"), flags=re.S
        )
        for word in MAINLAND:
            if word in text:
                found.setdefault(word, []).append(path.relative_to(zh_hant_site).as_posix())
    assert not found, found
    search = (zh_hant_site / HANT / "search.html").read_text("utf-8")
    config = json.loads(re.search(r'id="search-config">(.*?)</script>', search, re.S).group(1))
    assert config["translations"]["placeholder"] == "搜尋本站"


def _query(site: Path, lang: str, query: str) -> list[dict]:
    require_tool(shutil.which("node") is not None, "Node.js", "apt-get install nodejs")
    result = subprocess.run(
        ["node", str(QUERY), str(site / "pagefind"), lang, query],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("lang", "query"),
    [("zh-hans", "连州"), ("zh-hans", "連州"), ("zh-hant", "連州"), ("zh-hant", "连州")],
)
def test_search_finds_pages_in_either_script(zh_hant_site: Path, lang, query):
    """A zh-Hant page is indexed with its Simplified sentences too; on the zh-Hans tree
    the search page writes a Traditional query in Simplified first, with the tree's table
    (as hans.js does: tests/browser/test_search.py checks the two agree)."""
    table = zh_hant_site / "zh-hans" / "search.hans.json"
    if lang == "zh-hans":
        query = to_hans(query, json.loads(table.read_text("utf-8"))["stages"])
        assert query == "连州"
    assert not (zh_hant_site / "zh-hant" / "search.hans.json").exists()
    results = _query(zh_hant_site, lang, query)
    paths = [r["url"].split("/out/", 1)[-1] for r in results]
    assert f"{lang}/posts/lianzhou-impressions.html" in paths, paths
    assert all(r["excerpt"].strip() for r in results), results
    assert not any("自動轉換" in r["excerpt"] for r in results)  # the notice is not indexed


def test_no_data_file_keeps_simplified_text(zh_hant_site: Path):
    """Feeds, calendars, frab and planner files, the manifest: no Simplified word is left
    (web addresses aside, which are kept as written)."""
    files = [p for p in (zh_hant_site / HANT).rglob("*") if p.is_file() and p.suffix != ".html"]
    files = [p for p in files if p.suffix in {".atom", ".rss", ".json", ".xml", ".ics"}]
    assert len(files) > 20
    left = {}
    for path in files:
        text = re.sub(r"https?://\S+", " ", path.read_text("utf-8"))
        words = [w for w in ("网志", "连州", "年会", "简体") if w in text]
        if words:
            left[path.relative_to(zh_hant_site).as_posix()] = words
    assert not left, left
