"""Functional: fetch local feeds into a fixture site's store, build it, check the output."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from plugins.core.settings import SettingError
from plugins.planet.fetch import run_fetch
from plugins.planet.settings import PlanetSettings
from plugins.planet.sources import load_sources

from .conftest import ROOT, rss
from .pipeline import vectors

PLUGINS = ["plugins.languages", "plugins.conference", "plugins.planet"]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def planet_site(site):
    # Untranslated pages are another plugin's work in progress; not what these tests test.
    site.path("pages/code-of-conduct.zh-Hans.md").unlink()
    site.write(
        "people/alice.yaml",
        "name: {zh-Hans: 爱丽丝, en: Alice}\nlisted: true\n"
        "aggregate: true\nfeed: feeds/alice.xml\nblog: https://alice.example.org/\n",
    )
    site.write(
        "people/bob.yaml",
        "name: {zh-Hans: 鲍勃, en: Bob}\nlisted: true\naggregate: false\nfeed: feeds/bob.xml\n",
    )
    feeds = site.root / "feeds"
    feeds.mkdir()
    items = [
        (
            f"p{i}",
            f"Post {i} about the conference in Lianzhou\x0b",
            f"{10 + i:02d} Nov 2009 10:00:00 +0800",
        )
        for i in range(5)
    ]
    alice = rss("Alice", [(g, t, "Sat, " + d) for g, t, d in items]).replace(
        b"<title>Post 0", b"<title>&lt;script&gt;alert(1)&lt;/script&gt;Post 0"
    )
    (feeds / "alice.xml").write_bytes(alice.replace(b"\x0b", b""))
    (feeds / "bob.xml").write_bytes(
        rss("Bob", [("b1", "Secret", "Sat, 14 Nov 2009 10:00:00 +0800")])
    )
    settings = {"PATH": str(site.content), "PLANET_NEW_FEED_DAYS": None}
    summary = run_fetch(site.root, settings, sources=load_sources(site.root, settings))
    assert [o.id for o in summary.outcomes] == ["alice"]  # bob gave no consent
    return site


def test_planet_pages(planet_site):
    output = planet_site.build(PLUGINS=PLUGINS, PLANET_NEW_FEED_DAYS=None, PLANET_PER_PAGE=2)
    page = planet_site.read("zh-hans/planet/index.html")
    assert 'lang="zh-Hans"' in page and "Post 4 about the conference" in page
    assert "Post 3" in page and "Post 2" not in page  # 2 per page, newest first
    assert (output / "zh-hans/planet/page/3.html").exists()
    assert (output / "en/planet/index.html").exists()
    assert (output / "en/planet/en/index.html").exists()  # filter by entry language
    assert '<time class="dt-published" datetime="2009-11-14T02:00:00Z">' in page
    last = planet_site.read("en/planet/page/3.html")
    # an RSS title is HTML: its markup is dropped, its text kept
    assert ">Post 0 about the conference in Lianzhou</a>" in last and "alert(1)" not in last
    pages = [path for path in output.rglob("*.html") if "planet" in path.parts]
    assert len(pages) == 2 * 2 * 3 + 1  # 2 trees x (all, en) x 3 pages + health
    for path in pages:
        main = re.search(r"<main.*</main>", path.read_text(encoding="utf-8"), re.S).group(0)
        assert vectors(main) == [], path
    assert "Secret" not in "".join(p.read_text() for p in output.rglob("*.html"))


def test_planet_feed_opml_and_health(planet_site):
    output = planet_site.build(PLUGINS=PLUGINS, PLANET_NEW_FEED_DAYS=None)
    atom = ET.parse(output / "planet/feed.atom").getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 5
    assert atom.find(f"{ATOM}id").text == "https://conf.example.org/planet/feed.atom"
    # One feed for all languages: titled in the default language (zh-Hans here).
    assert atom.find(f"{ATOM}title").text.endswith(" · 博客汇聚")
    assert all(e.find(f"{ATOM}author/{ATOM}name").text == "爱丽丝" for e in entries)
    opml = ET.parse(output / "planet/participants.opml").getroot()
    assert opml.find("head/title").text == atom.find(f"{ATOM}title").text
    assert opml.findall("body/outline") == []  # alice's feed is a local file with no URL
    health = (output / "planet/health.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in health and "alice" in health
    # Stamps are machine-readable and formatted by Babel for the page (zh-Hans here).
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[\d:]+Z">\d{4}年\d+月\d+日 UTC ', health)
    assert "bob" not in health


def test_new_feed_days_keeps_the_archive_off_the_front_page(planet_site):
    planet_site.build(PLUGINS=PLUGINS, PLANET_NEW_FEED_DAYS=14)
    assert "Post 4" not in planet_site.read("en/planet/index.html")


def test_sample_store_is_readable_and_covers_the_sample():
    from plugins.planet.store import Store

    records = {r.id: r for r in Store(ROOT / "data" / "planet").load_all()}
    assert set(records) >= {"lin-xiao", "chen-mo", "zhou-yun", "marie-dubois", "ethan-clarke"}
    assert all(r.error is None and r.entries for r in records.values())
    langs = {e["lang"] for r in records.values() for e in r.entries}
    assert langs == {"zh-Hans", "fr", "en"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PLANET_CONCURRENCY", 0),
        ("PLANET_HOST_CONCURRENCY", 0),
        ("PLANET_TIMEOUT", "fast"),
        ("PLANET_ALLOWED_NETWORKS", "127.0.0.1"),
        ("PLANET_ALLOWED_NETWORKS", ["not-a-net"]),
        ("PLANET_NEW_FEED_DAYS", -1),
        ("PLANET_EMBED_HOSTS", ["https://youtube.com/"]),
        ("PLANET_TYPO", 1),
    ],
)
def test_bad_settings_name_the_setting(name, value):
    with pytest.raises(SettingError, match=name):
        PlanetSettings.read({name: value})
