"""Functional tests of the search plugin: a Pagefind index per language, search pages,
the header's search box, and what is (not) indexed. Searching in a browser is tested by
the browser tests; here we read the files Pagefind writes."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.core.settings import SettingError
from plugins.search import index as index_module
from plugins.search import processes as processes_module
from plugins.search.ideographs import index_copy, page_language, spaced
from plugins.search.index import run_pagefind
from plugins.search.settings import SearchSettings
from plugins.search.shards import Shard

CONFERENCE = """\
name: {zh-Hans: 测试年会, en: Test Conference, fr: Conférence de test}
languages: [zh-Hans, en, fr]
default_language: zh-Hans
site_url: https://conf.example.org
timezone: Asia/Shanghai
"""

POST_ZH = """\
    Title: 连州见闻
    Date: 2009-11-17 21:00
    Authors: alice
    Slug: lianzhou-notes

    我们在连州参加了中文网志年会，山城的夜晚很安静。
    """

POST_FR = """\
    Title: Carnet de Lianzhou
    Date: 2009-11-17 21:00
    Authors: alice
    Slug: lianzhou-notes

    Nous avons flâné dans les ruelles escarpées de la ville.
    """


@pytest.fixture
def trilingual(site):
    """The fixture site in three languages, with a post in Chinese and in French."""
    site.write("conference.yaml", CONFERENCE)
    site.write("posts/lianzhou-notes.zh-Hans.md", POST_ZH)
    site.write("posts/lianzhou-notes.fr.md", POST_FR)
    return site


def _fragments(output, language: str) -> list[dict]:
    """Pagefind's per-page records of one language (gzip'd JSON after a signature)."""
    records = []
    for path in (output / "pagefind" / "fragment").glob(f"{language}_*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records


def _index_words(output, language: str) -> bytes:
    """The raw word index of one language (CBOR: each word is a text string)."""
    return b"".join(
        gzip.decompress(p.read_bytes())
        for p in (output / "pagefind" / "index").glob(f"{language}_*.pf_index")
    )


def _cbor_text(word: str) -> bytes:
    data = word.encode()
    assert len(data) < 24  # short CBOR text string: one header byte
    return bytes([0x60 + len(data)]) + data


def test_one_index_per_language_and_search_pages(trilingual):
    output = trilingual.build()
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"zh-hans", "en", "fr"}
    assert all(lang["page_count"] > 0 for lang in entry["languages"].values())
    for asset in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js"):
        assert (output / "pagefind" / asset).is_file()
    for segment, lang in (("zh-hans", "zh-Hans"), ("en", "en"), ("fr", "fr")):
        page = trilingual.read(f"{segment}/search.html")
        assert f'<html lang="{lang}">' in page
        assert 'src="../pagefind/pagefind-ui.js" defer' in page
        assert "data-pagefind-body" not in page  # the search page is not a result
        config = json.loads(re.search(r'id="search-config">(.*?)</script>', page).group(1))
        assert set(config["translations"]) >= {"placeholder", "zero_results", "many_results"}
    zh = json.loads(
        re.search(
            r'id="search-config">(.*?)</script>', trilingual.read("zh-hans/search.html")
        ).group(1)
    )
    assert zh["translations"]["placeholder"] == "搜索本站"


def test_every_page_has_a_search_box_that_works_without_javascript(trilingual):
    trilingual.build()
    for path, action in (
        ("zh-hans/index.html", "../zh-hans/search.html"),
        ("en/editions/2009/schedule.html", "../../../en/search.html"),
        ("fr/posts/lianzhou-notes.html", "../../fr/search.html"),
    ):
        page = trilingual.read(path)
        form = re.search(r'<form class="site-search" role="search"[^>]*>', page).group(0)
        assert f'action="{action}"' in form and 'method="get"' in form
        assert 'name="q"' in page


def test_chinese_is_segmented_into_words(trilingual):
    output = trilingual.build()
    words = _index_words(output, "zh-hans")
    assert _cbor_text("连州") in words  # words of the sentence, not the whole sentence
    assert _cbor_text("安静") in words
    assert "我们在连州参加了中文网志年会".encode() not in words
    assert b"ruel" not in words  # French text stays in the French index (stemmed there)
    assert b"ruel" in _index_words(output, "fr")


def test_only_main_content_is_indexed(trilingual):
    output = trilingual.build()
    records = {r["url"]: r for r in _fragments(output, "zh-hans")}
    post = records["/zh-hans/posts/lianzhou-notes.html"]
    assert "山城的夜晚很安静" in post["content"].replace("\u200b", "")  # segmented
    for record in records.values():
        assert "跳到正文" not in record["content"]  # skip link
        assert "行为准则" not in record["content"]  # footer
        assert "English" not in record["content"]  # language switcher


def test_untranslated_copies_are_left_to_their_original_tree(trilingual):
    output = trilingual.build()
    # the session "tools" exists only in Chinese: found in the Chinese index only
    page = trilingual.read("en/editions/2009/sessions/tools.html")
    assert "data-pagefind-body" not in page
    assert "/en/editions/2009/sessions/tools.html" not in {
        r["url"] for r in _fragments(output, "en")
    }
    assert "/zh-hans/editions/2009/sessions/tools.html" in {
        r["url"] for r in _fragments(output, "zh-hans")
    }


def test_search_can_be_turned_off(trilingual):
    output = trilingual.build(SEARCH_ENABLED=False)
    assert not (output / "pagefind").exists()
    assert not (output / "en" / "search.html").exists()
    assert "site-search" not in trilingual.read("en/index.html")


def test_the_bundle_is_replaced_on_every_build(trilingual):
    output = trilingual.build()
    stale = output / "pagefind" / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    trilingual.build()
    assert not stale.exists()
    assert (output / "pagefind" / "pagefind-entry.json").is_file()


def test_a_folder_pagefind_did_not_write_is_never_deleted(tmp_path):
    (tmp_path / "site" / "pagefind").mkdir(parents=True)
    (tmp_path / "site" / "pagefind" / "mine.txt").write_text("keep")
    with pytest.raises(SettingError, match="SEARCH_BUNDLE_DIR"):
        run_pagefind(tmp_path / "site", SearchSettings.read({}))
    assert (tmp_path / "site" / "pagefind" / "mine.txt").exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("SEARCH_ENABLED", "yes"),
        ("SEARCH_PAGE_SAVE_AS", "../search.html"),
        ("SEARCH_PAGE_SAVE_AS", "search"),
        ("SEARCH_BUNDLE_DIR", "/pagefind"),
        ("SEARCH_EXCLUDE_SELECTORS", ".nav"),
        ("SEARCH_PAGEFIND_BINARY", ""),
        ("SEARCH_TIMEOUT", 0),
        ("SEARCH_INDEX_JOBS", 0),
        ("SEARCH_INDEX_JOBS", True),
        ("SEARCH_SHARD_PAGES", 1),
        ("SEARCH_SHARD_PAGES", "100"),
    ],
)
def test_bad_settings_name_the_setting(key, value):
    with pytest.raises(SettingError, match=key):
        SearchSettings.read({key: value})


def test_defaults():
    config = SearchSettings.read({})
    assert config.enabled and config.page_save_as == "search.html"
    assert config.bundle_dir == "pagefind" and config.exclude_selectors == ()


def test_a_missing_binary_is_a_configuration_error(site):
    with pytest.raises(SettingError, match="SEARCH_PAGEFIND_BINARY"):
        site.build(SEARCH_PAGEFIND_BINARY="/nonexistent/pagefind")


POST_EN = """\
    Title: Notes from Lianzhou
    Date: 2009-11-17 21:00
    Authors: alice
    Slug: lianzhou-notes

    A participant wrote:

    <blockquote lang="zh-Hans"><p>我们在连州参加了中文网志年会，山城的夜晚很安静。</p></blockquote>
    """


def test_chinese_in_pages_of_other_languages_is_indexed_by_character(trilingual):
    """Pagefind splits English pages on spaces only: a Chinese quotation there is indexed
    one character a word (plugins/search/ideographs.py), so any word of it is found."""
    trilingual.write("posts/lianzhou-notes.en.md", POST_EN)
    output = trilingual.build()
    en = _index_words(output, "en")
    for character in "山城夜晚":
        assert _cbor_text(character) in en
    assert "我们在连州".encode() not in en  # no run of characters as one word
    record = next(
        r for r in _fragments(output, "en") if r["url"] == "/en/posts/lianzhou-notes.html"
    )
    assert "山 城 的 夜 晚" in record["content"]
    # the published page is not changed, only the copy Pagefind reads
    assert "山城的夜晚很安静" in trilingual.read("en/posts/lianzhou-notes.html")
    # Chinese pages keep Pagefind's own segmentation into words
    assert _cbor_text("安静") in _index_words(output, "zh-hans")


def test_spacing_ideographs_leaves_tags_comments_and_other_scripts_alone():
    html = (
        '<html lang="en"><p title="连州">主会场，连过道。“微动力” ok 2009年 한국어 말</p>'
        '<!-- 注释 --><img alt="山城"></html>'
    )
    assert spaced(html) == (
        '<html lang="en"><p title="连州">主 会 场 ， 连 过 道 。“微 动 力” '
        'ok 2009年 한국어 말</p><!-- 注释 --><img alt="山城"></html>'
    )
    assert page_language('<!doctype html><html class="x" lang="zh-Hans">') == "zh"
    assert page_language("<html>") == ""


def test_the_index_copy_links_pages_that_need_no_spacing(tmp_path):
    output, copy = tmp_path / "out", tmp_path / "copy"
    (output / "zh-hans").mkdir(parents=True)
    (output / "en").mkdir()
    (output / "pagefind").mkdir()
    # the same in both scripts: nothing to add (see the next test)
    zh = '<html lang="zh-Hans"><main data-pagefind-body><p>中文</p></main></html>'
    (output / "zh-hans" / "a.html").write_text(zh)
    en = '<html lang="en"><nav>中文</nav><main data-pagefind-body><p>Lianzhou {}</p></main></html>'
    (output / "en" / "a.html").write_text(en.format("连州"))
    # Chinese only before the indexed element (the language switcher's): no copy made
    (output / "en" / "b.html").write_text(en.format(""))
    (output / "en" / "tag.html").write_text('<html lang="en"><main><p>连州</p></main></html>')
    (output / "pagefind" / "old.html").write_text("<html></html>")
    assert index_copy(output, copy, skip="pagefind") == 1
    assert (copy / "en" / "a.html").read_text() == en.format("连 州").replace("中文", "中 文")
    assert (copy / "en" / "b.html").stat().st_ino == (output / "en" / "b.html").stat().st_ino
    assert (copy / "zh-hans" / "a.html").read_text() == zh
    assert (copy / "en" / "b.html").is_file() and not (copy / "pagefind").exists()
    # a page Pagefind would not index (no data-pagefind-body) is not given to it...
    assert not (copy / "en" / "tag.html").exists()
    # ... unless no page is marked, when Pagefind indexes every page
    shutil.rmtree(copy)
    for page in output.rglob("*.html"):
        page.write_text(page.read_text().replace(" data-pagefind-body", ""))
    assert index_copy(output, copy, skip="pagefind") == 3  # a.html, b.html, tag.html
    tag = (copy / "en" / "tag.html").read_text()
    assert tag == '<html lang="en"><main><p>连 州</p></main></html>'


def test_chinese_pages_are_indexed_with_their_other_script(monkeypatch):
    """A zh-Hant page's index copy ends its indexed element with the sentences Simplified
    writes differently (so 连州 finds it); ignored parts (the conversion notice) and
    scripts are left out. A zh-Hans page is indexed as it is: its search page converts a
    Traditional query (.hansquery), unless the query table cannot be made; then its copy
    gets its Traditional sentences the same way."""
    pytest.importorskip("opencc")
    from plugins.search import hansquery
    from plugins.search.scripts import with_other_script

    hant = (
        '<html lang="zh-Hant"><body><main data-pagefind-body><p data-pagefind-ignore>'
        "說明</p><h1>連州見聞</h1>\n<p>中文。<br>網誌年會</p><script>var a='繁體';</script>"
        "</main><footer>頁腳</footer></body></html>"
    )
    assert with_other_script(hant) == hant.replace(
        "</main>", '<p lang="zh-Hans">连州见闻 网志年会</p></main>'
    )
    hans = (
        '<html lang="zh-Hans"><body><main data-pagefind-body><p data-pagefind-ignore>'
        "说明</p><h1>连州见闻</h1>\n<p>中文。<br>网志年会</p><script>var a='简体';</script>"
        "</main><footer>页脚</footer></body></html>"
    )
    assert hansquery.available()
    assert with_other_script(hans) is hans
    english = '<html lang="en"><main data-pagefind-body><p>连州</p></main></html>'
    assert with_other_script(english) is english
    monkeypatch.setattr(hansquery, "available", lambda: False)
    assert with_other_script(hans) == hans.replace(
        "</main>", '<p lang="zh-Hant">連州見聞 網誌年會</p></main>'
    )


def _bundle_digests(output) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((output / "pagefind").rglob("*"))
        if path.is_file()
    }


def _pagefind_sites(monkeypatch) -> list[str]:
    """Record the ``site`` of every Pagefind run (read from its config file)."""
    sites: list[str] = []
    real = subprocess.Popen

    def popen(command, cwd=None, **kwargs):
        if cwd is not None and Path(cwd, "pagefind.json").is_file():
            sites.append(json.loads(Path(cwd, "pagefind.json").read_text())["site"])
        return real(command, cwd=cwd, **kwargs)

    monkeypatch.setattr(processes_module.subprocess, "Popen", popen)
    return sites


def test_one_pagefind_run_per_language_writes_what_one_run_over_all_writes(trilingual, monkeypatch):
    """Pagefind's memory grows with the pages of a run: it indexes one language at a time,
    and the bundle is the one a single run over every page writes, file for file."""
    trilingual.write("posts/lianzhou-notes.en.md", POST_EN)
    output = trilingual.build()
    sites = _pagefind_sites(monkeypatch)
    entry = run_pagefind(output, SearchSettings.read({}))
    assert sorted(Path(site).name for site in sites) == ["en-0", "fr-0", "zh-hans-0"]
    assert list(entry["languages"]) == ["en", "fr", "zh-hans"]
    per_language = _bundle_digests(output)
    assert json.loads((output / "pagefind" / "shards.json").read_text()) == {"languages": {}}
    # the languages at once, each into a bundle of its own, then copied together
    run_pagefind(output, SearchSettings.read({"SEARCH_INDEX_JOBS": 3}))
    assert len(sites) == 6
    assert _bundle_digests(output) == per_language
    # the same pages in one run
    monkeypatch.setattr(
        index_module,
        "plan",
        lambda groups, limit: [Shard("all", 0, sorted(p for g in groups.values() for p in g))],
    )
    run_pagefind(output, SearchSettings.read({}))
    assert len(sites) == 7 and Path(sites[-1]).name == "all-0"
    assert _bundle_digests(output) == per_language


def test_a_language_split_between_runs_is_indexed_in_one_run(trilingual, monkeypatch):
    """Should a page be put in the wrong run (its language read otherwise than Pagefind
    reads it), two runs would write one language: the site is then indexed in one run."""
    output = trilingual.build()
    expected = _bundle_digests(output)
    real = index_module._pages

    def split(output, skip):  # one group per page: a language in several runs
        pages = [page for group in real(output, skip).values() for page in group]
        return {f"g{number:03}": [page] for number, page in enumerate(pages)}

    monkeypatch.setattr(index_module, "_pages", split)
    sites = _pagefind_sites(monkeypatch)
    run_pagefind(output, SearchSettings.read({}))
    assert Path(sites[-1]).name == "all-0"  # the last run: every page
    assert _bundle_digests(output) == expected
