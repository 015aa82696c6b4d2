"""Every post and page a language tree shows is a real Pelican ``Article`` or ``Page``:
translations, untranslated fallbacks and converted (derived-language) copies alike, so
``isinstance`` checks in Pelican and in third-party plugins hold for all of them. And every
feed of the site is announced through Pelican's ``feed_generated``/``feed_written``.

One in-process build of the sample (with untranslated content and a zh-Hant tree) serves
both, recording what Pelican's signals carry."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.settings import read_settings

from .conftest import ROOT, zh_hant_content

pytestmark = pytest.mark.slow

UNTRANSLATED = (
    "posts/translating-bloggers.fr.md",
    "pages/code-of-conduct.fr.md",
    "posts/lianzhou-impressions.zh-Hans.md",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SimpleNamespace:
    """The build's output folder, the (path, article or page) of every written page, and
    the paths announced by feed_generated/feed_written."""
    pytest.importorskip("opencc")
    base = tmp_path_factory.mktemp("real-objects")
    content = zh_hant_content(base / "content")
    for name in UNTRANSLATED:  # posts and pages shown as fallbacks in some trees
        (content / name).unlink()
    found = SimpleNamespace(output=base / "out", written=[], generated=[], feeds=[])

    def page_written(path, context):
        for kind in ("article", "page"):
            if context.get(kind) is not None:
                found.written.append((str(path), context[kind]))

    def feed_generated(context, feed):
        found.generated.append(feed)

    def feed_written(path, context, feed):
        assert feed in found.generated  # announced before it was written
        found.feeds.append(Path(path).relative_to(found.output).as_posix())

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(found.output), "CACHE_CONTENT": False},
    )
    handlers = [
        (signals.content_written, page_written),
        (signals.feed_generated, feed_generated),
        (signals.feed_written, feed_written),
    ]
    for signal, handler in handlers:
        signal.connect(handler)
    try:
        Pelican(settings).run()
    finally:
        for signal, handler in handlers:
            signal.disconnect(handler)
    return found


def test_every_feed_fires_pelicans_feed_signals(built):
    on_disk = sorted(
        p.relative_to(built.output).as_posix()
        for p in built.output.rglob("*")
        if p.name.endswith((".atom", ".rss")) or p.name == "feed.json"
    )
    assert sorted(built.feeds) == on_disk
    # the languages', the planet's and the roundup's feeds are all among them
    assert {"feed.atom", "en/feed.rss", "planet/feed.atom", "en/planet/feed.json"} <= set(
        built.feeds
    )
    assert any(path.endswith("roundup.atom") for path in built.feeds)


def test_every_page_of_every_tree_is_an_article_or_a_page(built):
    written = built.written
    assert written
    wrong = [
        (path, type(item).__name__)
        for path, item in written
        if not isinstance(item, (Article, Page))
    ]
    assert wrong == []
    fallbacks = [item for _, item in written if getattr(item, "is_fallback", False)]
    derived = [item for _, item in written if getattr(item, "converted_from", None) is not None]
    assert fallbacks and derived  # both kinds of copies were written and checked
    for item in fallbacks:
        assert item.url.startswith(item.fallback_language.segment + "/")
        assert item.lang == item.original.lang and item.url != item.original.url
    for item in derived:
        assert item.lang == "zh-Hant" and item.url.startswith("zh-hant/")
        assert item.converted_from.lang == "zh-Hans"
