"""Unit tests: lists and places joined by CLDR's patterns, names sorted by pinyin."""

from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from plugins.core import collation
from plugins.core.collation import collate, fallback_key, pinyin_spelling
from plugins.core.lists import join_list, join_place
from plugins.core.text import has_body, split_cjk
from plugins.languages.readable import title_breaks
from tests import cldr

NAMES = ["林晓", "陈默", "周云"]


@pytest.mark.parametrize("tag", ["zh-Hans", "zh-Hant", "en", "fr"])
def test_lists_follow_cldr(tag):
    assert join_list(NAMES, cldr.locale(tag)) == cldr.joined(NAMES, tag)
    assert join_list(NAMES, cldr.locale(tag), "or") == cldr.joined(NAMES, tag, "or")
    assert join_list(["林晓"], cldr.locale(tag)) == "林晓"
    assert join_list([], cldr.locale(tag)) == ""


@pytest.mark.parametrize("tag", ["zh-Hans", "en", "fr"])
def test_places_and_tags_take_no_conjunction(tag):
    middle = cldr.list_middle(tag)
    place = join_place(["成都", "成都示例会议中心"], cldr.locale(tag))
    assert place == f"成都{middle}成都示例会议中心"
    assert join_list(["a", "b", "c"], cldr.locale(tag), "plain") == f"a{middle}b{middle}c"
    assert join_place(["成都", "", None], cldr.locale(tag)) == "成都"


def test_chinese_places_have_no_latin_comma():
    place = join_place(["成都", "成都示例会议中心"], cldr.locale("zh-Hans"))
    assert ", " not in place and "," not in place


# Code point order: 吴 (U+5434) 周 (U+5468) 安 (U+5B89) 张 (U+5F20) 林 (U+6797) 陈 (U+9648)
SURNAMES = ["吴", "周", "安", "张", "林", "陈"]


@pytest.mark.parametrize("tag", ["zh-Hans", "en", "fr"])
def test_chinese_names_sort_by_pinyin_in_every_locale(tag):
    assert sorted(SURNAMES) == SURNAMES  # the order Python gives is not the reader's
    expected = sorted(SURNAMES, key=lambda name: lazy_pinyin(name))
    assert expected == ["安", "陈", "林", "吴", "张", "周"]
    assert collate(SURNAMES, cldr.locale(tag)) == expected


def test_chinese_and_latin_names_interleave_by_spelling():
    names = ["Zhou Yun", "周云", "Émile Roux", "安然", "emma", "Chen Mo", "吴桐"]
    ordered = collate(names, "en")
    assert ordered.index("安然") < ordered.index("Chen Mo") < ordered.index("Émile Roux")
    assert ordered.index("Émile Roux") < ordered.index("emma") < ordered.index("吴桐")
    assert ordered.index("吴桐") < ordered.index("Zhou Yun")
    # the same spelling sorts together
    assert abs(ordered.index("周云") - ordered.index("Zhou Yun")) == 1


def test_collate_by_key_and_stable_for_homophones():
    people = [{"n": "张三"}, {"n": "章三"}, {"n": "安"}]
    ordered = collate(people, "zh-Hans", key=lambda p: p["n"])
    assert ordered[0]["n"] == "安"
    assert collate(["章三", "张三"], "zh-Hans") == collate(["张三", "章三"], "zh-Hans")


def test_pinyin_spelling_and_fallback_key():
    assert pinyin_spelling("陈默") == ("chen mo", "chen2 mo4")
    assert pinyin_spelling("林晓 (Lin)")[0] == "lin xiao (Lin)"
    assert fallback_key("Émile")[0] == fallback_key("emile")[0]
    assert collation.backend() in {"icu", "pinyin"}


def test_split_cjk_and_has_body():
    assert split_cjk("林晓 (Lin)") == [(True, "林晓"), (False, " (Lin)")]
    assert split_cjk("") == []
    assert not has_body("")
    assert not has_body("<p> </p>")
    assert has_body("<p>摘要</p>")


def test_title_separators_are_held_to_the_word_before():
    assert str(title_breaks("回顾 · 第 5 届 · 连州")) == "回顾\u00a0· 第 5 届\u00a0· 连州"
    assert str(title_breaks("A·B")) == "A·B"


@pytest.mark.parametrize("tag", ["zh-Hans", "en", "fr"])
def test_icu_collation_agrees_on_chinese_names(tag):
    pytest.importorskip("icu")  # optional: PyICU needs the ICU library
    assert collation.backend() == "icu"
    assert collate(SURNAMES, cldr.locale(tag)) == ["安", "陈", "林", "吴", "张", "周"]
