"""Site search (plugins/search): Pagefind's UI on /{lang}/search.html finds the right page.

Pagefind splits its index by ``<html lang>``, and its extended build segments Chinese into
words, so a Chinese word is found on the Chinese search page and an English word on the
English one. Skipped while the search plugin is not in the tree.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.site.sample import SEARCH_PLUGIN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not SEARCH_PLUGIN.is_dir(), reason="the search plugin (plugins/search) is not there yet"
    ),
]

SEARCHES = [
    # (language tree, query, a page that must be among the results)
    pytest.param("zh-hans", "胶卷", "zh-hans/posts/lianzhou-impressions.html", id="zh-hans"),
    pytest.param("en", "film", "en/posts/lianzhou-impressions.html", id="en"),
    pytest.param("fr", "pellicules", "fr/posts/lianzhou-impressions.html", id="fr"),
]


def _result_link(page, expected: str):
    return page.locator(f'main a[href$="{expected}"]').first


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_page_finds_the_page(page, visit, built_site, lang, query, expected):
    assert (built_site / lang / "search.html").is_file(), "the search plugin wrote no page"
    visit(f"{lang}/search.html")
    box = page.locator("main input:not([type=hidden])").first
    expect(box).to_be_visible()
    box.fill(query)
    link = _result_link(page, expected)
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(f"/{expected}") + r"(?:[?#].*)?$"))


def test_header_search_box_leads_to_results(page, visit):
    """From any page, the header's search form opens the search page with the results."""
    visit("zh-hans/editions/2009/index.html")
    form = page.locator("header").get_by_role("search")
    form.get_by_role("searchbox").fill("胶卷")
    form.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/search\.html\?q="))
    expect(_result_link(page, "zh-hans/posts/lianzhou-impressions.html")).to_be_visible()


def test_chinese_excerpts_read_as_chinese(page, visit):
    """Pagefind separates the words it segmented with spaces and the blocks with ". "; a
    Chinese excerpt shows neither between two Chinese characters."""
    visit("zh-hans/search.html?q=" + "连州")
    excerpt = page.locator(".pagefind-ui__result-excerpt").first
    expect(excerpt).to_be_visible()
    cjk = "\u2e80-\u9fff\uff00-\uffef"
    for text in page.locator(".pagefind-ui__result-excerpt").all_inner_texts():
        assert not re.search(f"[{cjk}][ .]+[{cjk}]", text), text
        assert not re.search(f"[{cjk}]\\. ", text), text  # no Latin full stop after Chinese


def _highlights(page) -> list[str]:
    """The highlighted text of every excerpt shown, neighbouring marks joined."""
    found = []
    for html in page.locator(".pagefind-ui__result-excerpt").evaluate_all(
        "nodes => nodes.map(n => n.innerHTML)"
    ):
        found += re.findall(r"<mark>(.*?)</mark>", html.replace("</mark><mark>", ""))
    return found


@pytest.mark.parametrize("query", ["年会", "网志"])
def test_chinese_highlights_are_the_words_searched(page, visit, query):
    """Pagefind matches each character of 年会 on its own and by prefix (every 年 of
    every date, 网络 for 网志); the excerpts highlight the query's words whole only."""
    visit(f"zh-hans/search.html?q={query}")
    expect(page.locator(".pagefind-ui__result-excerpt mark").first).to_be_visible()
    marks = _highlights(page)
    assert marks and set(marks) == {query}, marks


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "en/editions/2009/roundup.html"),
        ("fr", "fr/editions/2009/roundup.html"),
    ],
)
def test_chinese_quotation_in_english_and_french_pages_is_found(page, visit, lang, expected):
    """过道 appears in the sample site only in a quote in its original Chinese on the
    roundup pages: English and French readers find it, highlighted whole."""
    visit(f"{lang}/search.html?q=" + "过道")
    expect(_result_link(page, expected)).to_be_visible()
    expect(page.locator(".pagefind-ui__result")).to_have_count(1)
    assert set(_highlights(page)) == {"过道"}
    excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert "连过道上都站着" in excerpt  # the characters read as written, no spaces between


def test_chinese_phrase_in_english_pages_is_the_phrase(page, visit):
    """In the English index a Chinese query is the phrase of its characters: 微动力 finds
    the pages with it, not pages that have 微, 动 and 力 apart."""
    visit("en/search.html?q=" + "微动力")
    expect(page.locator(".pagefind-ui__result").first).to_be_visible()
    more = page.locator("button.pagefind-ui__button")  # "Load more results", until all shown
    while more.count() and more.first.is_visible():
        more.first.click()
    expect(_result_link(page, "en/about.html")).to_be_visible()
    for html in page.locator(".pagefind-ui__result-excerpt").evaluate_all(
        "nodes => nodes.map(n => n.innerHTML)"
    ):
        assert "微动力" in html.replace("<mark>", "").replace("</mark>", "")
    assert set(_highlights(page)) == {"微动力"}


def _excerpts_of_results(page) -> list[str]:
    """The excerpt text shown under each result, once every result has loaded."""
    expect(page.locator(".pagefind-ui__result").first).to_be_visible()
    page.wait_for_function(
        "() => !document.querySelector('.pagefind-ui__result .pagefind-ui__loading')"
    )
    return page.locator(".pagefind-ui__result").evaluate_all(
        "nodes => nodes.map(n => Array.from(n.querySelectorAll("
        "'.pagefind-ui__result-excerpt')).map(e => e.innerText.trim()).join(' '))"
    )


def test_every_result_shows_an_excerpt(page, visit):
    """微博 also matches pages by the prefix 微 only (微动力), without the word in any
    section: Pagefind's UI shows a page's excerpt only under its page-level section, so
    that one is kept and no result is left without an excerpt."""
    visit("zh-hans/search.html?q=" + "微博")
    excerpts = _excerpts_of_results(page)
    assert len(excerpts) >= 3 and all(excerpts), excerpts


def test_traditional_query_finds_simplified_pages(page, visit):
    """膠捲 (Traditional) finds the zh-Hans post that writes 胶卷: the search page writes
    the query in Simplified first (plugins/search/hansquery.py), so the excerpt shows the
    page's own word, highlighted."""
    visit("zh-hans/search.html?q=" + "膠捲")
    expect(_result_link(page, "zh-hans/posts/lianzhou-impressions.html")).to_be_visible()
    assert all(_excerpts_of_results(page))
    marks = _highlights(page)
    assert marks and set(marks) == {"胶卷"}, marks


def test_traditional_queries_are_converted_as_opencc_converts_them(page, visit):
    """hans.js gives what OpenCC's tw2s and hk2s give, on the sample site's sentences
    written in Traditional four ways and on words that need OpenCC's phrases (乾隆)."""
    pytest.importorskip("opencc")
    from tests.search.test_hansquery import expected_hans, sample_queries

    visit("zh-hans/search.html")
    queries = sample_queries()
    converted = page.evaluate(
        """async (queries) => {
            const config = JSON.parse(document.getElementById("search-config").textContent);
            const table = await (await fetch(config.hans)).json();
            return queries.map((query) => window.ruyiHans(table, query));
        }""",
        queries,
    )
    wrong = [(q, c) for q, c in zip(queries, converted, strict=True) if c not in expected_hans(q)]
    assert not wrong, wrong[:10]
    assert converted[queries.index("乾隆年間")] == "乾隆年间"


@pytest.fixture(scope="module")
def sharded_site(built_site, tmp_path_factory):
    """A copy of the sample site indexed in shards of at most 12 pages, served."""
    from plugins.search.index import run_pagefind
    from plugins.search.settings import SearchSettings
    from tests.browser.conftest import _QuietHandler
    from tests.browser.harness import serving

    copy = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(built_site, copy)
    run_pagefind(copy, SearchSettings.read({"SEARCH_SHARD_PAGES": 12}))
    # the search pages as a build with SEARCH_SHARD_PAGES renders them (tests/search
    # checks that it does): they fetch the list of shards before starting
    for search_page in copy.glob("*/search.html"):
        html = search_page.read_text(encoding="utf-8")
        assert '"shards": false' in html
        search_page.write_text(html.replace('"shards": false', '"shards": true'), "utf-8")
    with serving(copy, _QuietHandler) as url:
        yield copy, url


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_a_language_in_shards_is_searched_whole(page, sharded_site, lang, query, expected):
    """With shards, the search page merges the language's other shards (shards.json): the
    page is found whichever shard holds it, and as many pages as with one index."""
    folder, url = sharded_site
    manifest = json.loads((folder / "pagefind" / "shards.json").read_text())
    assert len(manifest["languages"][lang]) >= 3
    page.goto(f"{url}/{lang}/search.html?q={query}", wait_until="load")
    expect(_result_link(page, expected)).to_be_visible()
    counted = page.locator(".pagefind-ui__message").inner_text()
    page.goto(f"{url}/{lang}/search.html?q=2009", wait_until="load")
    expect(page.locator(".pagefind-ui__result").first).to_be_visible()
    whole = int(re.search(r"\d+", page.locator(".pagefind-ui__message").inner_text()).group(0))
    assert whole > 12, counted  # more than any one shard holds
