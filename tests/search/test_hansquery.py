"""Traditional queries on Simplified pages (plugins/search/hansquery.py): the table the
zh-Hans search page converts a query with, and where the build writes it.

The browser side (themes/ruyi/static/js/hans.js) is checked against OpenCC in
tests/browser/test_search.py, with the reference :func:`to_hans` below."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plugins.search import hansquery

from .test_search import CONFERENCE

opencc = pytest.importorskip("opencc")

#: Words whose conversion needs OpenCC's phrases, or its variants of a region, besides
#: the characters: 乾 stays in 乾隆 and 乾坤 but is 干 in 乾燥; 著 is 着 in 著急 and 著
#: in 著作; 裏 and 裡 are both 里; 瞭解 is 了解 but 瞭望 stays.
TRICKY = [
    "乾隆年間",
    "扭轉乾坤",
    "乾燥的天氣",
    "著急",
    "著作權",
    "裏面",
    "裡面",
    "瞭解",
    "瞭望台",
    "頭髮",
    "發展",
    "後來",
    "皇后",
    "網誌年會",
    "連州",
    "膠捲",
    "台灣",
    "臺灣",
    "麪包",
    "麵包",
    "綫",
    "線",
    "着",
    "峯會",
    "羣組",
    "為",
    "爲",
    "衞生",
    "衛生",
    "鍾情",
    "鐘錶",
    "微博",
]


def to_hans(text: str, stages: list[dict[str, str]]) -> str:
    """``text`` converted as ``hans.js`` converts a query: in each stage, from left to
    right, the longest text the stage knows is replaced (the reference of its test)."""
    for stage in stages:
        longest = max(map(len, stage), default=1)
        out, at = [], 0
        while at < len(text):
            for size in range(min(longest, len(text) - at), 0, -1):
                if text[at : at + size] in stage:
                    out.append(stage[text[at : at + size]])
                    at += size
                    break
            else:
                out.append(text[at])
                at += 1
        text = "".join(out)
    return text


def sample_queries() -> list[str]:
    """Traditional queries as readers type them: the sample site's Chinese sentences in
    Taiwan's, Hong Kong's and OpenCC's standard Traditional, and the tricky words."""
    root = Path(__file__).resolve().parents[2]
    text = "".join(p.read_text("utf-8") for p in sorted((root / "content").rglob("*.md")))
    sentences = re.findall(r"[\u4e00-\u9fff，、]{2,}", text)
    assert len(sentences) > 100
    queries = list(TRICKY)
    for config in ("s2tw", "s2hk", "s2t", "s2twp"):
        convert = opencc.OpenCC(f"{config}.json").convert
        queries += [convert(sentence) for sentence in sentences]
    return queries


def expected_hans(query: str) -> set[str]:
    """What OpenCC itself makes of ``query``, read as Taiwan's or Hong Kong's Traditional
    (the table joins both regions' variants; they agree on every query here)."""
    return {opencc.OpenCC(f"{c}.json").convert(query) for c in ("tw2s", "hk2s")}


def test_the_table_converts_as_opencc_does():
    table = hansquery.table()
    assert table is not None and table["format"] == hansquery.FORMAT
    stages = table["stages"]
    assert len(stages) == 2
    assert stages[1]["乾隆"] == "乾隆"  # a phrase converted to itself is kept: it stops 乾→干
    assert "连" not in stages[1]  # characters converted to themselves are not
    wrong = [q for q in sample_queries() if to_hans(q, stages) not in expected_hans(q)]
    assert not wrong, wrong[:10]
    assert to_hans("乾隆年間乾燥", stages) == "乾隆年间干燥"
    assert json.loads(hansquery.table_json() or "") == table


def test_without_opencc_s_files_there_is_no_table(monkeypatch):
    monkeypatch.setattr(hansquery, "_opencc_files", lambda: None)
    hansquery.table.cache_clear()
    try:
        assert hansquery.table() is None and not hansquery.available()
    finally:
        hansquery.table.cache_clear()


def test_a_simplified_tree_s_search_page_names_its_table(site):
    """zh-Hans: ``search.hans.json`` beside the search page, named in its config and on
    every page of the tree (offline reading keeps it); other trees, the converted zh-Hant
    one included, have none."""
    languages = CONFERENCE.replace("[zh-Hans, en, fr]", "[zh-Hans, zh-Hant, en, fr]")
    site.write("conference.yaml", languages)
    output = site.build(SEARCH_INDEX_JOBS=1)
    table = output / "zh-hans" / "search.hans.json"
    assert json.loads(table.read_text("utf-8")) == hansquery.table()

    def config(tree: str) -> dict:
        page = (output / tree / "search.html").read_text("utf-8")
        config = r'<script type="application/json" id="search-config">(.*?)</script>'
        found = re.search(config, page, re.S)
        assert found
        return json.loads(found.group(1))

    assert config("zh-hans")["hans"].endswith("/zh-hans/search.hans.json")
    assert 'data-search-hans="' in (output / "zh-hans" / "index.html").read_text("utf-8")
    for tree in ("zh-hant", "en"):
        assert config(tree)["hans"] is None
        assert not (output / tree / "search.hans.json").exists()
        assert "data-search-hans" not in (output / tree / "index.html").read_text("utf-8")
