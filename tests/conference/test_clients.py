"""What schedule apps and home screens read from the sample site: the frab XML as Giggity
parses it, and the web app manifest's short name."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.conference.offline import short_name
from tests.site.sample import LANGUAGES, pelican

pytestmark = pytest.mark.slow  # builds the sample site


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    result = pelican(out, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def giggity_fuzzy_starts_with(prefix: str, full: str) -> bool:
    """Giggity.fuzzyStartsWith (github.com/Wilm0r/giggity, Giggity.java), transcribed."""

    def reduce(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", re.sub(r"<[^>]*>", "", text)).lower()

    return reduce(full).startswith(reduce(prefix))


def giggity_description(event: ET.Element) -> str:
    """What Giggity shows as an event's description (Schedule.java, frab/pentabarf
    parser): the abstract unless a <description> element exists and the abstract is
    "fuzzily" its prefix, then the description."""
    props = {child.tag: child.text or "" for child in event}
    desc = ""
    abstract = props.get("abstract")
    if abstract is not None and (
        "description" not in props or not giggity_fuzzy_starts_with(abstract, props["description"])
    ):
        desc += abstract.strip() + "\n\n"
    if "description" in props:
        desc += props["description"]
    return desc


def events(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(".//event")


def test_giggity_reads_every_chinese_abstract_of_2009(output):
    chinese = 0
    for tree in ("", "zh-hans/", "en/", "fr/"):
        for event in events(output / f"{tree}editions/2009/schedule.xml"):
            abstract = event.findtext("abstract") or ""
            if not abstract:
                continue
            shown = giggity_description(event)
            assert abstract.strip() in shown, (tree, event.findtext("title"))
            if tree == "" and re.search(r"[\u4e00-\u9fff]", abstract):
                chinese += 1
    assert chinese == 13  # every 2009 session has one (the default language's file)


def test_no_empty_optional_element_in_the_frab_xml(output):
    for edition in ("2008", "2009"):
        for event in events(output / f"editions/{edition}/schedule.xml"):
            for tag in ("description", "subtitle", "language"):
                element = event.find(tag)
                assert element is None or (element.text or "").strip(), (edition, tag)


def test_a_description_giggity_would_hide_the_abstract_behind_carries_it():
    from plugins.conference.exports.common import ExportContext

    session = SimpleNamespace(rooms=["a", "b"])
    ctx = SimpleNamespace(
        rooms_note=lambda s: "主会场和分会场",
        abstract=lambda s: "只有中文的摘要。",
    )
    text = ExportContext.description(ctx, session)
    event = ET.fromstring(
        f"<event><abstract>只有中文的摘要。</abstract><description>{text}</description></event>"
    )
    assert "只有中文的摘要。" in giggity_description(event)
    assert "主会场和分会场" in giggity_description(event)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNBlogCon", "CNBlogCon"),
        ("Chinese Blogger Conference", "Chinese"),
        ("Conférence des blogueurs chinois", "Conférence"),
        ("Open Data Day Paris", "Open Data"),
        ("中文网志年会", "中文网志年会"),
        ("Internationalisation", "Internationalisation"),
    ],
)
def test_a_short_name_is_never_cut_inside_a_word(name, expected):
    assert short_name(name) == expected


def test_the_manifest_uses_the_organizers_short_name(output):
    names = {
        segment: json.loads((output / segment / "manifest.webmanifest").read_text("utf-8"))
        for segment in LANGUAGES
    }
    assert {s: m["short_name"] for s, m in names.items()} == {
        "zh-hans": "网志年会",
        "en": "CNBlogCon",
        "fr": "CNBlogCon",
    }
