"""Functional tests: the site reads right in Chinese (issue 20), on one build of the sample
site with the zh-Hant tree, two people named only in Chinese, a title-only translation of a
session whose abstract is ten Chinese characters, and a ``{filename}`` link in a post."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin

from plugins.core.text import html_to_text
from tests import cldr

from .conftest import build, zh_hant_content

pytestmark = pytest.mark.slow

TREES = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en", "fr": "fr"}
ABSTRACT = "志愿者的信息协作讨论。"  # ten Han characters and a full stop
SESSION = "editions/2008/sessions/disaster-relief.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("opencc")
    base = tmp_path_factory.mktemp("reads-chinese")
    content = zh_hant_content(base / "content")
    for person, name in (("an-ran", "安然"), ("wu-tong", "吴桐")):
        (content / f"people/{person}.yaml").write_text(
            f"name: {{zh-Hans: {name}}}\nlisted: true\n", "utf-8"
        )
    edition = content / "editions/2009/edition.yaml"
    edition.write_text(
        edition.read_text("utf-8").replace(
            "  - liu-yang\n", "  - liu-yang\n  - wu-tong\n  - an-ran\n", 1
        ),
        "utf-8",
    )
    sessions = content / "editions/2008/sessions"
    original = (sessions / "disaster-relief.zh-Hans.md").read_text("utf-8")
    header = original.split("\n\n", 1)[0]
    (sessions / "disaster-relief.zh-Hans.md").write_text(f"{header}\n\n{ABSTRACT}\n", "utf-8")
    (sessions / "disaster-relief.en.md").write_text(
        "Title: Networks and disaster relief\n", "utf-8"
    )
    post = content / "posts/translating-bloggers.zh-Hans.md"
    post.write_text(
        post.read_text("utf-8") + "\n\n[报名启事]({filename}call-for-participation.zh-Hans.md)\n",
        "utf-8",
    )
    return build(content, base / "out")


def _read(site: Path, tree: str, path: str) -> str:
    return (site / tree / path).read_text("utf-8")


def _names(html: str, css_class: str) -> list[str]:
    block = re.search(rf'<ul class="{css_class}">(.*?)</ul>', html, re.DOTALL)
    assert block, css_class
    return [html_to_text(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1))]


def _pinyin_order(name: str) -> list[str]:
    """An independent sort key: pypinyin's spelling syllable by syllable (李青 Li Qing
    before 林晓 Lin Xiao, as in a Chinese index), accents and case folded."""
    spelled = " ".join(lazy_pinyin(name))
    plain = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().split()


def test_places_and_lists_use_each_languages_punctuation(site: Path):
    for tree, tag in TREES.items():
        html = _read(site, tree, "editions/2009/index.html")
        place = re.search(r'<dd class="p-location h-card">(.*?)</dd>', html).group(1)
        middle = cldr.list_middle(tag)
        assert f"</span>{middle}<span" in place, (tree, place)
    session = _read(site, "zh-hans", "editions/2008/sessions/disaster-relief.html")
    assert cldr.joined(["郭芳", "陈默"], "zh-Hans") in html_to_text(session)


@pytest.mark.parametrize("tree", ["zh-hans", "zh-hant"])
def test_no_latin_comma_between_chinese_items(site: Path, tree):
    between = re.compile(r"[\u4e00-\u9fff]\s*, \s*[\u4e00-\u9fff]")
    for path in (site / tree).rglob("*.html"):
        text = html_to_text(path.read_text("utf-8"))
        assert not between.search(text), (path, between.search(text).group(0))


@pytest.mark.parametrize("tree", list(TREES))
def test_people_in_pinyin_order_in_every_tree(site: Path, tree):
    edition = _read(site, tree, "editions/2009/index.html")
    participants = _names(edition, "participants")
    assert len(participants) > 5 and "安然" in participants
    assert participants == sorted(participants, key=_pinyin_order)
    assert participants[0] == "安然"  # 安 (an) first, though its code point is not
    wu = next(n for n in participants if n in {"吴桐", "吳桐"})
    assert participants.index(wu) > next(
        i for i, n in enumerate(participants) if _pinyin_order(n)[0] == "wang"
    )
    speakers = _names(edition, "people")
    assert speakers == sorted(speakers, key=_pinyin_order)
    listed = [
        html_to_text(m)
        for m in re.findall(
            r'<a class="p-name h-card"[^>]*>(.*?)</a>', _read(site, tree, "people/index.html")
        )
    ]
    assert listed and listed == sorted(listed, key=_pinyin_order)


def test_tags_in_pinyin_order(site: Path):
    html = _read(site, "zh-hans", "tags/index.html")
    block = re.search(r'<ul class="tags">(.*?)</ul>', html, re.DOTALL).group(1)
    names = [html_to_text(a) for a in re.findall(r"<a [^>]*>(.*?)</a>", block)]
    assert len(names) > 3 and names == sorted(names, key=_pinyin_order)
    assert names != sorted(names)  # code point order differs: the test can tell


def test_title_only_translation_shows_the_original_abstract(site: Path):
    html = _read(site, "en", SESSION)
    assert "<h1" in html and "Networks and disaster relief" in html
    body = re.search(
        r'<div class="e-content p-summary" lang="([^"]+)">(.*?)</div>', html, re.DOTALL
    )
    assert body.group(1) == "zh-Hans" and ABSTRACT in body.group(2)
    notice = re.search(r'<p class="notice untranslated partial"[^>]*>(.*?)</p>', html, re.DOTALL)
    assert notice and cldr.language_name("zh-Hans", "en") in notice.group(1)
    complete = _read(site, "en", "editions/2009/sessions/micro-power.html")
    assert "untranslated partial" not in complete


@pytest.mark.parametrize(
    ("tree", "count", "read"),
    [
        ("zh-hans", "10 字", "阅读约需 {}"),
        ("zh-hant", "10 字", "閱讀約需 {}"),
        ("en", "10 characters", "{} read"),
        ("fr", "10 caractères", "{} de lecture"),
    ],
)
def test_ten_chinese_characters_read_in_one_minute_in_every_tree(site: Path, tree, count, read):
    html = _read(site, tree, SESSION)
    shown = re.search(r'<span class="reading-time">(.*?)</span>', html).group(1)
    assert shown == f"{count} · {read.format(cldr.minutes(1, TREES[tree]))}"


def test_zh_hant_takes_zh_hans_quote_translations(site: Path):
    import opencc

    quote = "会场里大家谈的是速度；街上却一切都慢悠悠的，我最好的几张照片就是在那里拍的。"
    hant = _read(site, "zh-hant", "editions/2009/roundup.html")
    converted = opencc.OpenCC("s2tw").convert(quote)
    assert f'<blockquote class="translation" lang="zh-Hant"><p>{converted}</p>' in hant
    assert quote in _read(site, "zh-hans", "editions/2009/roundup.html")


def test_zh_hant_internal_links_stay_in_its_tree(site: Path):
    target = "posts/call-for-participation.html"
    hant = _read(site, "zh-hant", "posts/translating-bloggers.html")
    content = re.search(r'<div class="e-content">(.*?)</div>', hant, re.DOTALL).group(1)
    links = re.findall(r'href="([^"]*call-for-participation[^"]*)"', content)
    assert links and all(link.endswith(f"zh-hant/{target}") for link in links)
    hans = _read(site, "zh-hans", "posts/translating-bloggers.html")
    assert re.search(rf'href="[^"]*zh-hans/{re.escape(target)}"', hans)


def test_switcher_names_both_scripts_when_both_trees_exist(site: Path):
    for tree in TREES:
        html = _read(site, tree, "about.html")
        nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.DOTALL).group(0)
        for tag in ("zh-Hans", "zh-Hant"):
            assert f'lang="{tag}"' in nav
            assert re.search(rf'lang="{tag}"[^>]*>{re.escape(cldr.with_script(tag))}<', nav), (
                tree,
                tag,
                nav,
            )
        assert re.search(rf'lang="en"[^>]*>{re.escape(cldr.native_name("en"))}<', nav)
