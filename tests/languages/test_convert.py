"""Unit tests: a derived language and OpenCC conversion of text, never of markup."""

from __future__ import annotations

import pytest

from plugins.core.langtags import make_language, make_language_set
from tests import cldr

pytest.importorskip("opencc")

from plugins.languages.convert import Converter

HANT = make_language("zh-Hant", source="zh-Hans")


@pytest.fixture(scope="module")
def converter() -> Converter:
    return Converter(HANT)


def test_derived_language_defaults():
    assert HANT.is_derived and HANT.source == "zh-Hans" and HANT.conversion == "s2tw"
    assert HANT.segment == "zh-hant" and HANT.catalog_dir == "zh_Hant"
    assert not make_language("zh-Hans").is_derived
    assert make_language("zh-Hant", source="zh-Hans", conversion="s2twp").conversion == "s2twp"


def test_native_names_tell_the_two_chinese_apart():
    hans, hant = make_language("zh-Hans").native_name, make_language("zh-Hant").native_name
    assert (hans, hant) == (cldr.native_name("zh-Hans"), cldr.native_name("zh-Hant"))
    assert hans != hant and hant.startswith(hans)  # the script is named only for zh-Hant
    assert make_language("en").native_name == cldr.native_name("en")


@pytest.mark.parametrize(
    ("tags", "default", "words"),
    [
        (["zh-Hans", "en", "fr"], "en", "must be the default language"),
        (["en"], "en", "must be the default language"),
    ],
)
def test_source_must_be_the_default_language(tags, default, words):
    languages = [make_language(t) for t in tags] + [HANT]
    with pytest.raises(ValueError, match=words):
        make_language_set(languages, default)


def test_bad_conversion_is_named():
    with pytest.raises(ValueError, match="convert"):
        make_language("zh-Hant", source="zh-Hans", conversion="s2t;rm")
    with pytest.raises(ValueError, match="needs 'from'"):
        make_language("zh-Hant", conversion="s2t")


def test_text(converter):
    assert converter.text("网志 连州 简体 为了 里面") == "網誌 連州 簡體 為了 裡面"
    assert converter.text("Lianzhou") == "Lianzhou"


def test_html_converts_text_not_markup(converter):
    source = (
        '<p class="网志" id="连州" data-x="简体"><a href="https://zh.wikipedia.org/wiki/'
        '连州" title="连州市">连州</a> <img src="/连州.png" alt="网志"></p>'
    )
    assert converter.html(source) == (
        '<p class="网志" id="连州" data-x="简体"><a href="https://zh.wikipedia.org/wiki/'
        '连州" title="連州市">連州</a> <img src="/连州.png" alt="網誌"></p>'
    )


def test_html_skips_code_scripts_other_languages_and_translate_no(converter):
    source = (
        '<html lang="zh-Hant"><head><script>var s = "简体 < 连州";</script>'
        '<style>.x:after{content:"简体"}</style></head><body>'
        '<p>简体<code>简体</code></p><p lang="ja">国语</p><p lang="zh-TW">后来</p>'
        '<span lang="zh-Hans" translate="no">简体中文</span>'
        '<!-- 简体 --><blockquote lang="zh-Hans"><p>网志</p></blockquote>'
        '<div lang="en"><p>x <span lang="zh-CN">连州</span></p></div></body></html>'
    )
    assert converter.html(source) == (
        '<html lang="zh-Hant"><head><script>var s = "简体 < 连州";</script>'
        '<style>.x:after{content:"简体"}</style></head><body>'
        '<p>簡體<code>简体</code></p><p lang="ja">国语</p><p lang="zh-TW">后来</p>'
        '<span lang="zh-Hans" translate="no">简体中文</span>'
        '<!-- 简体 --><blockquote lang="zh-Hant"><p>網誌</p></blockquote>'
        '<div lang="en"><p>x <span lang="zh-Hant">連州</span></p></div></body></html>'
    )


def test_html_meta_text_only(converter):
    source = (
        '<meta property="og:title" content="连州"><meta name="keywords" content="连州">'
        '<link rel="alternate" hreflang="zh-Hans" href="/zh-hans/连州.html">'
    )
    assert converter.html(source) == (
        '<meta property="og:title" content="連州"><meta name="keywords" content="连州">'
        '<link rel="alternate" hreflang="zh-Hans" href="/zh-hans/连州.html">'
    )


def test_deterministic(converter):
    source = "<p>" + "连州见闻：网志年会的简体中文记录。" * 50 + "</p>"
    assert converter.html(source) == Converter(HANT).html(source)
