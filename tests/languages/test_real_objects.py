"""Every post and page a language tree shows is a real Pelican ``Article`` or ``Page``:
translations, untranslated fallbacks and converted (derived-language) copies alike, so
``isinstance`` checks in Pelican and in third-party plugins hold for all of them."""

from __future__ import annotations

import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.settings import read_settings

from .conftest import ROOT, zh_hant_content

pytestmark = pytest.mark.slow

UNTRANSLATED = ("posts/translating-bloggers.fr.md", "pages/code-of-conduct.fr.md",
                "posts/lianzhou-impressions.zh-Hans.md")


def test_every_page_of_every_tree_is_an_article_or_a_page(tmp_path):
    pytest.importorskip("opencc")
    content = zh_hant_content(tmp_path / "content")
    for name in UNTRANSLATED:  # posts and pages shown as fallbacks in some trees
        (content / name).unlink()
    written: list[tuple[str, object]] = []

    def record(path, context):
        for kind in ("article", "page"):
            if context.get(kind) is not None:
                written.append((str(path), context[kind]))

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_CONTENT": False})
    signals.content_written.connect(record)
    try:
        Pelican(settings).run()
    finally:
        signals.content_written.disconnect(record)

    assert written
    wrong = [(path, type(item).__name__) for path, item in written
             if not isinstance(item, (Article, Page))]
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
