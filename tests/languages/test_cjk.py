"""Unit tests: pinyin slugs, CJK-aware counts and summaries."""

from __future__ import annotations

import pytest

from plugins.core.text import has_cjk, slugify
from plugins.languages.cjk import summarize, text_stats


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("重庆", "chongqing"),
        ("连州见闻", "lianzhoujianwen"),
        ("第五届年会：连州见！", "diwujienianhui-lianzhoujian"),
        ("CNBlogCon 2009 连州", "cnblogcon-2009-lianzhou"),
        ("already-ascii", "already-ascii"),
    ],
)
def test_pinyin_slug(value, slug):
    assert slugify(value, {}) == slug


def test_has_cjk():
    assert has_cjk("连州") and has_cjk("かな") and not has_cjk("Lianzhou")


def test_text_stats_counts_cjk_and_words_separately():
    stats = text_stats(
        "<p>我们在连州见面。</p><p>See you in <b>Lianzhou</b>, d’accord?</p>", 300, 200
    )
    assert stats.cjk_chars == 7
    assert stats.latin_words == 5
    assert stats.word_count == 12
    assert stats.reading_minutes == 1


def test_reading_time_uses_both_speeds():
    stats = text_stats("字" * 600 + " word" * 400, 300, 200)
    assert stats.reading_minutes == 4


def test_latin_summary_keeps_words_whole_and_closes_tags():
    html = "<p>I have been translating <b>Chinese blog</b> posts.</p><p>More here</p>"
    assert summarize(html, 5, 2) == "<p>I have been translating <b>Chinese …</b></p>"
    assert summarize(html, 100, 2) == html


def test_summary_does_not_open_an_empty_paragraph():
    html = "<p>one two three</p>\n<h2>Four</h2>"
    assert summarize(html, 3, 2) == "<p>one two three …</p>"


def test_chinese_summary_ends_on_punctuation_without_half_characters():
    text = "这几年我一直在把中文博文译成英文，通常是一个人，深夜，一本词典，再加上喝不完的茶。"
    result = summarize(f"<p>{text}</p>", 10, 2)  # 20 characters
    assert result == "<p>这几年我一直在把中文博文译成英文，…</p>"


def test_chinese_summary_without_punctuation_cuts_on_a_character():
    result = summarize("<p>" + "字" * 50 + "</p>", 10, 2)
    assert result == "<p>" + "字" * 20 + "…</p>"


def test_no_limit():
    assert summarize("<p>x</p>", None, 2) == "<p>x</p>"
