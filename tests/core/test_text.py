"""The shared text helpers: one CJK class, one html_to_text, one slugify."""

from __future__ import annotations

import pytest

from plugins.core.text import _slug, has_cjk, has_han, html_to_text, is_cjk, is_han, slugify


def test_html_to_text_folds_everything_into_one_line():
    html = "<h2>Title</h2><p>a &amp; b<br>c</p>\n<ul><li>one</li><li>two</li></ul>"
    assert html_to_text(html) == "Title a & b c one two"


def test_html_to_text_with_paragraphs_keeps_blocks_and_line_breaks():
    html = "<h2>Title</h2><p>a  &amp;\tb<br>c</p>\n<ul><li>one</li><li>two</li></ul>"
    assert html_to_text(html, paragraphs=True) == "Title\n\na & b\nc\n\none\n\ntwo"


def test_html_to_text_drops_scripts_and_styles():
    assert html_to_text("<p>a</p><script>x()</script><style>p{}</style>", paragraphs=True) == "a"


@pytest.mark.parametrize(
    ("char", "letter", "wide", "han"),
    [
        ("连", True, True, True),
        ("𠀀", True, True, True),
        ("豈", True, True, True),  # ext B, compat
        ("か", True, True, False),
        ("한", True, True, False),
        ("，", False, True, False),
        ("。", False, True, False),
        ("Ａ", False, True, False),
        ("a", False, False, False),
        ("é", False, False, False),
    ],
)
def test_the_cjk_classes(char, letter, wide, han):
    assert has_cjk(char) is letter
    assert is_cjk(char) is wide
    assert is_han(char) is han and has_han(f"x{char}") is han


@pytest.mark.parametrize(
    ("value", "joined", "separate"),
    [
        ("重庆", "chongqing", "chong-qing"),
        ("中文博客的十年", "zhongwenbokedeshinian", "zhong-wen-bo-ke-de-shi-nian"),
        ("CNBlogCon 2009 连州", "cnblogcon-2009-lianzhou", "cnblogcon-2009-lian-zhou"),
    ],
)
def test_slugify_spells_han_in_pinyin(value, joined, separate):
    assert slugify(value) == joined
    assert slugify(value, join_syllables=False) == separate


def test_slugify_follows_the_sites_settings():
    settings = {
        "SLUGIFY_PRESERVE_CASE": True,
        "SLUG_REGEX_SUBSTITUTIONS": [(r"[^\w\s-]", ""), (r"[-\s]+", "_")],
    }
    assert slugify("Hello World", settings) == "Hello_World"
    assert slugify("Été à Paris", {}, pinyin=False) == "ete-a-paris"


def test_slugs_are_memoized_by_every_setting_that_shapes_them():
    """A tag's slug is computed once per value and settings (18,000 asks for 30 tags on a
    1,000-post site); the settings are part of the key."""
    assert slugify("Lianzhou 连州", {"SLUGIFY_PRESERVE_CASE": True}) == "Lianzhou-lianzhou"
    assert slugify("Lianzhou 连州", {}) == "lianzhou-lianzhou"
    assert slugify("连州", {}, join_syllables=False) == "lian-zhou"
    assert slugify("a.b", {"SLUG_REGEX_SUBSTITUTIONS": [(r"\.", "-dot-")]}) == "a-dot-b"
    assert slugify("a.b", {}) == "ab"
    before = _slug.cache_info().hits
    assert slugify("Lianzhou 连州", {}) == "lianzhou-lianzhou"
    assert _slug.cache_info().hits == before + 1
