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
    assert HANT.is_derived and HANT.source == "zh-Hans" and HANT.conversion == "s2twp"
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


@pytest.mark.parametrize(
    ("tag", "region", "conversion"),
    [
        ("zh-Hant", None, "s2twp"),  # Taiwan's wording by default
        ("zh-TW", None, "s2twp"),
        ("zh-HK", None, "s2hk"),
        ("zh-Hant", "HK", "s2hk"),
        ("zh-Hant", "tw", "s2twp"),
    ],
)
def test_region_chooses_the_conversion(tag, region, conversion):
    assert make_language(tag, source="zh-Hans", region=region).conversion == conversion


def test_bad_region_is_named():
    with pytest.raises(ValueError, match=r"'region'.*TW, HK"):
        make_language("zh-Hant", source="zh-Hans", region="CN")
    with pytest.raises(ValueError, match="not both"):
        make_language("zh-Hant", source="zh-Hans", region="HK", conversion="s2t")


def test_taiwan_wording(converter):
    words = converter.text("搜索 视频 链接 软件 信息")
    assert words == "搜尋 影片 連結 軟體 資訊"


def test_text_keeps_web_addresses(converter):
    text = "见 https://zh.wikipedia.org/wiki/连州，网志 http://例子.中国/简体"
    assert (
        converter.text(text) == "見 https://zh.wikipedia.org/wiki/连州，網誌 http://例子.中国/简体"
    )


def test_feed_is_converted_except_entries_in_other_languages(converter):
    from plugins.core.feeds import AtomFeed

    feed = AtomFeed(title="网志", link="https://x.org/", description="简体", language="zh-Hant")
    feed.add_item(title="连州", link="https://x.org/连州", description="<p>网志</p>")
    feed.add_item(title="国语", link="https://x.org/a", description="x", item_lang="ja")
    feed.add_item(title="软件", link="https://x.org/b", description="y", item_lang="zh-Hans")
    converter.feed(feed)
    assert (feed.feed["title"], feed.feed["description"]) == ("網誌", "簡體")
    first, other, hans = feed.items
    assert (first["title"], first["description"]) == ("連州", "<p>網誌</p>")
    assert first["link"] == "https://x.org/%E8%BF%9E%E5%B7%9E"  # feedgenerator's, kept
    assert (other["title"], other["item_lang"]) == ("国语", "ja")
    assert (hans["title"], hans["item_lang"]) == ("軟體", "zh-Hant")


def test_json_data_blocks_are_converted(converter):
    source = (
        '<script type="application/ld+json">{"@id": "https://x.org/连州", "name": "网志 <b>",'
        ' "inLanguage": "zh-Hans", "url": "https://x.org/简体"}</script>'
        '<script type="application/json" id="c">{"placeholder": "搜索本站"}</script>'
        "<script>var a = '网志';</script>"
    )
    assert converter.html(source) == (
        '<script type="application/ld+json">{\n "@id": "https://x.org/连州",\n'
        ' "name": "網誌 \\u003cb\\u003e",\n "inLanguage": "zh-Hant",\n'
        ' "url": "https://x.org/简体"\n}</script>'
        '<script type="application/json" id="c">{\n "placeholder": "搜尋本站"\n}</script>'
        "<script>var a = '网志';</script>"
    )


@pytest.mark.parametrize(
    ("listed", "default", "expected"),
    [
        ("zh-Hant", "zh-Hans", ("zh-Hans", "s2twp")),
        ("zh-TW", "zh-Hans", ("zh-Hans", "s2twp")),
        ("zh-HK", "zh-Hans", ("zh-Hans", "s2hk")),
        ("zh-Hant", "en", (None, None)),  # no Simplified default: a language of its own
    ],
)
def test_plain_traditional_tag_is_the_converted_tree(tmp_path, listed, default, expected):
    from plugins.core.siteconfig import load_language_set

    path = tmp_path / "conference.yaml"
    path.write_text(f"languages: [zh-Hans, en, {listed}]\ndefault_language: {default}\n")
    language = load_language_set(path).get(listed)
    assert (language.source, language.conversion) == expected


def test_region_is_read_from_conference_yaml(tmp_path):
    from plugins.core.errors import ContentError
    from plugins.core.siteconfig import load_language_set

    path = tmp_path / "conference.yaml"
    path.write_text(
        "languages: [zh-Hans, {tag: zh-Hant, from: zh-Hans, region: HK}]\n"
        "default_language: zh-Hans\n"
    )
    assert load_language_set(path).get("zh-Hant").conversion == "s2hk"
    path.write_text(
        "languages: [zh-Hans, {tag: zh-Hant, from: zh-Hans, region: XX}]\n"
        "default_language: zh-Hans\n"
    )
    with pytest.raises(ContentError, match=r"conference.yaml:1: \[languages\[1\]\].*region"):
        load_language_set(path)
