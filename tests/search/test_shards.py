"""Search in shards (plugins/search/shards.py): a language's pages split over Pagefind runs
of bounded size, merged by the search page, each run kept in the cache by its input."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.search.index import run_pagefind
from plugins.search.settings import SearchSettings
from plugins.search.shards import Page, ShardCache, jump, plan

from .test_search import POST_EN, _pagefind_sites
from .test_search import trilingual as trilingual  # a fixture

QUERY = Path(__file__).with_name("pagefind_query.mjs")
LANGUAGES = ("zh-hans", "en", "fr")


def _digests(bundle: Path) -> dict[str, str]:
    return {
        str(path.relative_to(bundle)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }


def _pages(count: int, prefix: str = "en/posts/") -> list[Page]:
    return [Page(f"{prefix}{number}.html", str(number)) for number in range(count)]


def test_shards_hold_at_most_the_limit_and_an_edit_or_an_addition_moves_little():
    pages = _pages(1000)
    shards = plan({"en": pages}, 120)
    assert len(shards) >= 9 and all(len(shard.pages) <= 120 for shard in shards)
    assert sorted(p for shard in shards for p in shard.pages) == sorted(pages)
    where = {page.path: shard.number for shard in shards for page in shard.pages}
    # an edited page (new bytes, same path) stays in its shard; the others are unchanged
    edited = [*pages[:10], Page(pages[10].path, "new"), *pages[11:]]
    again = plan({"en": edited}, 120)
    assert [s.number for s in again] == [s.number for s in shards]
    changed = [a for a, b in zip(shards, again, strict=True) if a.pages != b.pages]
    assert len(changed) == 1 and where[pages[10].path] == changed[0].number
    # a few pages more: no page moves while the count of shards holds
    more = plan({"en": pages + _pages(5, "en/new/")}, 120)
    if len(more) == len(shards):
        moved = {p.path for s in more for p in s.pages if where.get(p.path, s.number) != s.number}
        assert not moved
    # the jump hash: from n to n + 1 buckets, keys move only to the new bucket
    for key in range(0, 2**64, 2**58 + 12345):
        before, after = jump(key, 7), jump(key, 8)
        assert after in (before, 7)
    # languages apart, a small one in one shard, the shards in a stable order
    small = plan({"fr": _pages(3, "fr/"), "en": pages}, 120)
    assert [s.group for s in small][-1] == "fr" and small[-1].number == 0


def test_shard_pages_setting_and_by_default_one_run_per_language(tmp_path):
    assert SearchSettings.read({}).shard_pages is None
    assert SearchSettings.read({"SEARCH_SHARD_PAGES": 5}).shard_pages == 5
    # by default a language of many pages is still one index (what one index finds):
    # more pages than the shard size the README names as an example
    output = tmp_path / "out"
    for number in range(130):
        page = output / "en" / f"{number}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f'<html lang="en"><body><main data-pagefind-body><h1>Page {number}</h1>'
            f"<p>word{number}</p></main></body></html>",
            encoding="utf-8",
        )
    entry = run_pagefind(output, SearchSettings.read({}))
    assert entry is not None and entry["languages"]["en"]["page_count"] == 130
    assert json.loads((output / "pagefind" / "shards.json").read_text()) == {"languages": {}}
    assert not (output / "pagefind" / "shard").exists()


@pytest.fixture
def sharded(trilingual):
    """The trilingual fixture site built with search, and with more English pages."""
    trilingual.write("posts/lianzhou-notes.en.md", POST_EN)
    return trilingual


def _titles(bundle: Path, language: str, urls: bool = False) -> list:
    """The title of every page of ``language`` in the (unsharded) bundle (with its URL)."""
    titles = []
    for path in sorted((bundle / "fragment").glob(f"{language}_*.pf_fragment")):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        title = record["meta"]["title"].replace("\u200b", "")
        titles.append((title, record["url"]) if urls else title)
    return titles


def _knows(shard: Path, language: str, urls: list[str]) -> bool:
    """Whether one of ``urls`` is a page of the shard's index."""
    return bool(set(urls) & {url for _, url in _titles(shard, language, urls=True)})


def _search(bundle: Path, language: str, queries: list[str]) -> dict[str, list[str]]:
    """Every result's URL for each query, the language's shards merged (as search.js)."""
    manifest = json.loads((bundle / "shards.json").read_text())
    merged = [str(bundle / path) for path in manifest["languages"].get(language, [])]
    command = ["node", str(QUERY), str(bundle), language, "--all", json.dumps(queries), *merged]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return {query: sorted(urls) for query, urls in json.loads(done.stdout).items()}


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node to run Pagefind's JS API")
def test_the_shards_merged_find_what_one_index_finds(sharded, tmp_path):
    output = sharded.build()
    whole = tmp_path / "whole"
    shutil.copytree(output / "pagefind", whole)
    queries = {lang: [*_titles(whole, lang), "2009", "连州", "Lianzhou"] for lang in LANGUAGES}
    expected = {lang: _search(whole, lang, queries[lang]) for lang in LANGUAGES}
    run_pagefind(output, SearchSettings.read({"SEARCH_SHARD_PAGES": 6}))
    bundle = output / "pagefind"
    manifest = json.loads((bundle / "shards.json").read_text())["languages"]
    assert set(manifest) == set(LANGUAGES) and all(len(s) >= 1 for s in manifest.values())
    for folder in (bundle / "shard").iterdir():  # index and metadata only
        assert not list(folder.glob("*.js")) and not list(folder.glob("wasm.*"))
        entry = json.loads((folder / "pagefind-entry.json").read_text())
        assert all(lang["page_count"] <= 6 for lang in entry["languages"].values())
    for lang in LANGUAGES:
        found = _search(bundle, lang, queries[lang])
        for query in queries[lang]:  # here, every page one index finds (not always so)
            assert set(found[query]) >= set(expected[lang][query]), (lang, query)
        for title, url in _titles(whole, lang, urls=True):  # every page by its title
            assert url in found[title], (title, url)
        # a word every shard of the language knows: the same pages (see shards.py for
        # the words some shards lack)
        shards = [bundle, *(bundle / path for path in manifest[lang])]
        known = [
            q for q in queries[lang] if all(_knows(s, lang, expected[lang][q]) for s in shards)
        ]
        for query in known:
            assert found[query] == expected[lang][query], (lang, query)


def test_unchanged_shards_come_from_the_cache_and_the_bundle_is_a_clean_builds(
    sharded, tmp_path, monkeypatch
):
    output = sharded.build()
    config = SearchSettings.read({"SEARCH_SHARD_PAGES": 4})
    cache = tmp_path / "cache"
    sites = _pagefind_sites(monkeypatch)
    run_pagefind(output, config, str(cache))
    shards = len(sites)
    assert shards > 6 and len(list((cache / "search").iterdir())) == shards + 1  # + record
    # nothing changed: every shard from the cache, the same bytes
    first = _digests(output / "pagefind")
    run_pagefind(output, config, str(cache))
    assert len(sites) == shards and _digests(output / "pagefind") == first
    # one page edited: one run, and the bundle a clean indexing would write
    page = output / "fr" / "posts" / "lianzhou-notes.html"
    page.write_text(page.read_text().replace("ruelles", "venelles"))
    kept = _digests(cache / "search")
    run_pagefind(output, config, str(cache))
    assert len(sites) == shards + 1
    # the bundle's files are links to the cache's, which no run writes in place
    now = _digests(cache / "search")
    assert all(now[name] == digest for name, digest in kept.items() if "runs-" not in name)
    incremental = _digests(output / "pagefind")
    assert incremental != first
    clean = tmp_path / "clean"
    shutil.copytree(output, clean)
    shutil.rmtree(clean / "pagefind")
    run_pagefind(clean, config)
    assert _digests(clean / "pagefind") == incremental
    # Pagefind's output does not depend on order or timing: a second clean run, the same
    run_pagefind(clean, SearchSettings.read({"SEARCH_SHARD_PAGES": 4, "SEARCH_INDEX_JOBS": 2}))
    assert _digests(clean / "pagefind") == incremental


def test_a_build_reuses_the_shards_of_the_last_one(sharded, tmp_path, monkeypatch):
    """Through Pelican: the cache is CACHE_PATH's, and a rebuild copies unchanged shards."""
    cache = tmp_path / "cache"
    sites = _pagefind_sites(monkeypatch)
    sharded.build(SEARCH_SHARD_PAGES=4, CACHE_PATH=str(cache))
    first = len(sites)
    output = sharded.build(SEARCH_SHARD_PAGES=4, CACHE_PATH=str(cache))
    assert first > 3 and len(sites) == first
    assert json.loads((output / "pagefind" / "shards.json").read_text())["languages"]
    # the search pages know to merge shards; without the setting they start at once
    assert _search_config(output / "en" / "search.html")["shards"] is True
    default = sharded.build(CACHE_PATH=str(cache))
    assert _search_config(default / "en" / "search.html")["shards"] is False


def _search_config(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    start = html.index(">", html.index('id="search-config"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_cache_keeps_the_shards_of_the_last_runs(tmp_path, monkeypatch):
    output = tmp_path / "out"
    output.mkdir()
    cache = tmp_path / "search"

    def entry(name: str) -> Path:
        folder = tmp_path / "runs" / name
        folder.mkdir(parents=True)
        (folder / "pagefind-entry.json").write_text("{}")
        return folder

    for run, names in enumerate((["a", "b"], ["b", "c"], ["c", "d"])):
        store = ShardCache(cache, output)
        for name in names:
            if store.get(name) is None:
                store.put(name, entry(f"{run}{name}"))
        monkeypatch.setattr("plugins.search.shards.GRACE", -1.0)  # every entry old enough
        store.prune()
    # the last two runs' shards are kept; "a" (used three runs ago) is gone
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == ["b", "c", "d"]
    # a record of an output folder that is gone no longer keeps its shards
    other = tmp_path / "gone"
    other.mkdir()
    store = ShardCache(cache, other)
    store.put("e", entry("e"))
    store.prune()
    other.rmdir()
    ShardCache(cache, output).prune()
    assert not (cache / "e").exists()


def test_the_bundle_is_swapped_whole(sharded, monkeypatch):
    """A failed run leaves the last bundle as it was; no temporary folder is left."""
    output = sharded.build()
    before = _digests(output / "pagefind")
    config = {"SEARCH_SHARD_PAGES": 3, "SEARCH_PAGEFIND_BINARY": "false"}  # exits 1
    assert run_pagefind(output, SearchSettings.read(config)) is None
    assert _digests(output / "pagefind") == before
    assert not [p for p in output.iterdir() if p.name.startswith(".pagefind")]
