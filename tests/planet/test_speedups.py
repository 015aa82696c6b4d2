"""The feedparser speedups change nothing but the time: on both corpora, every parse result
is identical to stock feedparser's. Each side runs in its own fresh interpreter, so the
stock side has never seen the patches (the planet installs them when it is imported)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("feedparser_digest.py")


def digests(files: list[str], *options: str) -> dict[str, str]:
    """File -> digest of its parse, computed by a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *options],
        input="\n".join(files),
        capture_output=True,
        text=True,
        check=True,
        timeout=1200,
    )
    return dict(line.split("\t") for line in done.stdout.splitlines())


def compare(files: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:  # one interpreter per core
        stock, fast = pool.map(lambda options: digests(files, *options), [(), ("--speedups",)])
    assert len(stock) == len(files)
    assert [f for f in files if stock[f] != fast[f]] == []


def test_the_digest_sees_a_difference(tmp_path):
    one, two = tmp_path / "a.xml", tmp_path / "b.xml"
    one.write_text("<rss version='2.0'><channel><title>A</title></channel></rss>")
    two.write_text("<rss version='2.0'><channel><title>B</title></channel></rss>")
    found = digests([str(one), str(two)])
    assert found[str(one)] != found[str(two)]


def test_feedparser_corpus_parses_as_with_stock_feedparser(corpora):
    files = sorted(str(p) for p in (corpora / "feedparser").rglob("*.xml"))
    assert len(files) > 2000
    compare(files)


@pytest.mark.slow
def test_real_feeds_parse_as_with_stock_feedparser(corpora):
    files = sorted(
        str(p)
        for p in (corpora / "real-feeds").iterdir()
        if p.is_file() and not p.name.startswith("LICENSE")
    )
    assert len(files) >= 200
    compare(files)


def test_the_dict_speedups_answer_as_feedparser_does():
    """The shallow copy of content parameters equals ``copy.deepcopy``'s, and ``get``
    answers every kind of key (stored, missing, alias, computed) as feedparser's own."""
    import copy
    import warnings

    from feedparser.util import FeedParserDict

    from plugins.planet import speedups

    speedups.install()
    params = FeedParserDict(type="text/html", language=None, base="https://a.example/")
    copied = speedups._shallow_deepcopy(params)
    assert copied == copy.deepcopy(params) and type(copied) is FeedParserDict
    assert copied is not params
    nested = FeedParserDict(type="text/html", tags=[FeedParserDict(term="x")])
    assert speedups._shallow_deepcopy(nested)["tags"][0] is not nested["tags"][0]
    entry = FeedParserDict(
        summary="s",
        published="p",
        published_parsed=(2009,),
        links=[FeedParserDict(rel="enclosure", href="h")],
        tags=[FeedParserDict(term="t")],
    )
    keys = ["summary", "missing", "description", "guid", "category", "enclosures", "updated"]
    keys += ["license", "updated_parsed", "links", 3]
    stock = speedups._stock_get
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for key in keys:
            assert entry.get(key, "default") == stock(entry, key, "default"), key
    assert entry.get("description") == "s" and entry.get("missing") is None
