"""Output grows with entries, not with the languages entries declare; caps bound one feed."""

from __future__ import annotations

import json
import shutil

import pytest

from plugins.core.settings import SettingError
from plugins.planet.settings import PlanetSettings

PLUGINS = ["plugins.languages", "plugins.conference", "plugins.planet"]
# Languages Babel knows and the fixture site (zh-Hans, en) does not have.
FOREIGN = [
    "de",
    "es",
    "it",
    "ja",
    "ko",
    "ru",
    "pt",
    "nl",
    "sv",
    "pl",
    "tr",
    "vi",
    "th",
    "id",
    "cs",
    "el",
    "he",
    "hu",
    "fi",
    "da",
    "no",
    "ro",
    "uk",
    "bg",
    "hr",
    "sk",
    "sl",
    "lt",
    "lv",
    "et",
    "fa",
    "hi",
    "bn",
    "ta",
    "te",
    "ml",
    "mr",
    "ur",
    "ms",
    "fil",
    "sw",
    "af",
    "sq",
    "hy",
    "az",
]


def write_store(site, entries: list[dict]) -> None:
    """A hand-written store file for alice (what a fetch would leave)."""
    folder = site.root / "data/planet"
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "format": 1,
        "id": "alice",
        "url": "https://alice.example.org/feed",
        "added": "2009-11-01T00:00:00Z",
        "entries": entries,
    }
    (folder / "alice.json").write_text(json.dumps(record), encoding="utf-8")


def entries(count: int, languages: list[str]) -> list[dict]:
    return [
        {
            "id": f"https://alice.example.org/{i}",
            "link": f"https://alice.example.org/{i}",
            "title": f"Post {i}",
            "date": f"2009-11-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            "first_seen": "2009-11-01T00:00:00Z",
            "lang": languages[i % len(languages)],
            "content": f"<p>Text {i}</p>",
        }
        for i in range(count)
    ]


@pytest.fixture
def alice_site(site):
    site.path("pages/code-of-conduct.zh-Hans.md").unlink()
    site.write(
        "people/alice.yaml",
        "name: {zh-Hans: 爱丽丝, en: Alice}\nlisted: true\n"
        "aggregate: true\nfeed: https://alice.example.org/feed\n",
    )
    return site


def build(site, **settings):
    values = {"PLUGINS": PLUGINS, "PLANET_NEW_FEED_DAYS": None, **settings}
    output = site.build(**values)
    return sorted(str(p.relative_to(output)) for p in output.rglob("*") if p.is_file())


def test_foreign_languages_share_one_view(alice_site):
    write_store(alice_site, entries(60, ["en", "zh-Hans", *FOREIGN[:20]]))
    files = build(alice_site, PLANET_PER_PAGE=10)
    folders = {f.split("/")[2] for f in files if f.startswith("en/planet/") and f.count("/") > 2}
    assert folders == {"en", "zh-hans", "other", "page"}
    other = alice_site.read("en/planet/other/index.html")
    assert "Other languages" in other and 'lang="de"' in other
    assert alice_site.read("zh-hans/planet/index.html").count("其他语言") == 1


def test_output_does_not_grow_with_the_number_of_languages(alice_site):
    sizes = []
    for count in (2, 45):
        write_store(alice_site, entries(90, FOREIGN[:count]))
        shutil.rmtree(alice_site.output, ignore_errors=True)
        files = build(alice_site, PLANET_PER_PAGE=10)
        total = sum((alice_site.output / f).stat().st_size for f in files)
        sizes.append((len(files), total))
    (few_files, few_bytes), (many_files, many_bytes) = sizes
    assert many_files == few_files
    assert many_bytes < few_bytes * 1.05


def test_caps_per_feed_and_per_person_page(alice_site):
    write_store(alice_site, entries(100, ["en"]))
    files = build(
        alice_site, PLANET_PER_PAGE=10, PLANET_MAX_ENTRIES_PER_FEED=40, PLANET_PERSON_MAX_ENTRIES=5
    )
    assert [f for f in files if f.startswith("en/planet/page/")] == [
        "en/planet/page/2.html",
        "en/planet/page/3.html",
        "en/planet/page/4.html",
    ]
    person = alice_site.read("en/people/alice.html")
    assert person.count('class="planet-entry') == 5


@pytest.mark.parametrize(
    "name, value",
    [
        ("PLANET_MAX_ENTRIES_PER_FEED", 0),
        ("PLANET_PERSON_MAX_ENTRIES", -1),
        ("PLANET_MAX_ENTRIES_PER_FEED", "10"),
    ],
)
def test_cap_settings_are_validated(name, value):
    with pytest.raises(SettingError, match=name):
        PlanetSettings.read({name: value})


def test_planet_pages_are_numbered_and_linked_in_each_language(alice_site):
    write_store(alice_site, entries(25, ["en"]))
    files = build(alice_site, PLANET_PER_PAGE=10)
    for tree in ("en", "zh-hans"):  # the first page keeps its URL; later ones are page/N
        assert [
            f
            for f in files
            if f.startswith(f"{tree}/planet/page/") or f == f"{tree}/planet/index.html"
        ] == [
            f"{tree}/planet/index.html",
            f"{tree}/planet/page/2.html",
            f"{tree}/planet/page/3.html",
        ]
    first = alice_site.read("zh-hans/planet/index.html")
    second = alice_site.read("zh-hans/planet/page/2.html")
    assert first.count('class="planet-entry') == 10
    assert "第 1 页，共 3 页" in first and "较早的文章" in first and "较新的文章" not in first
    assert 'rel="next" href="../../zh-hans/planet/page/2.html"' in first
    assert "第 2 页，共 3 页" in second and "较新的文章" in second and "较早的文章" in second
    assert 'rel="prev" href="../../../zh-hans/planet/index.html"' in second
    assert "<title>博客汇聚 · 第 2 页" in second
    english = alice_site.read("en/planet/page/3.html")
    assert "Page 3 of 3" in english and "Newer posts" in english
    assert "Older posts" not in english and english.count('class="planet-entry') == 5


def test_search_skips_the_planet_listings_not_the_person_pages(alice_site):
    """Pagefind indexes only data-pagefind-body pages, but reads every page first and
    holds its text until it knows; marking the listings' entries ignored keeps a big
    planet's pages from costing it memory. A person's entries stay searchable."""
    write_store(alice_site, entries(3, ["en"]))
    build(alice_site)
    listing = alice_site.read("en/planet/index.html")
    assert '<div class="planet-entries" data-pagefind-ignore="all">' in listing
    person = alice_site.read("en/people/alice.html")
    assert '<div class="planet-entries">' in person and "data-pagefind-ignore" not in person
