"""Posts' and pages' URLs formatted once per build (plugins/core/urlmemo.py)."""

from __future__ import annotations

import copy
import hashlib
from datetime import datetime

from pelican import signals
from pelican.contents import Article, Content
from pelican.settings import DEFAULT_CONFIG

from plugins.core import keys, urlmemo


def _digests(output) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_a_build_with_the_memo_writes_what_one_without_writes(site, monkeypatch):
    """Every output file is the same; Pelican formats each URL once instead of each time."""
    urlmemo.connect()  # the plugins connect it in a build; here, to reach the hook first
    pelican_method = Content.get_url_setting.__wrapped__
    calls = []

    def counting(self, key):
        calls.append(key)
        return pelican_method(self, key)

    monkeypatch.setattr(Content, "get_url_setting", urlmemo._memoized(counting))
    memoized = _digests(site.build(RENDER_CACHE=False, SEARCH_ENABLED=False))
    with_memo = len(calls)
    calls.clear()
    counting._memoized = True  # so that connect() leaves Pelican's method as it is
    monkeypatch.setattr(Content, "get_url_setting", counting)
    assert _digests(site.build(RENDER_CACHE=False, SEARCH_ENABLED=False)) == memoized
    assert with_memo < len(calls) / 2


def _article(context: dict, slug: str = "notes") -> Article:
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "posts/{slug}.html"}
    metadata = {"title": "Notes", "date": datetime(2009, 11, 14), "slug": slug}
    return Article("text", metadata=metadata, settings=settings, context=context)


def test_urls_are_kept_only_once_the_run_marks_them_fixed_and_copies_format_their_own(
    monkeypatch,
):
    urlmemo.connect()
    # a bare Article: not the handlers a build in this process may have connected
    monkeypatch.setattr(signals.content_object_init, "receivers", {})
    context: dict = {}
    article = _article(context)
    assert article.url == "posts/notes.html"
    article.slug = "renamed"  # before the mark: formatted on every read
    assert article.url == "posts/renamed.html"
    context[keys.URLS_FIXED] = True
    assert article.url == "posts/renamed.html"
    placed = copy.copy(article)  # shares the source's __dict__ values, the memo included
    placed.override_url = "fr/posts/renamed.html"
    assert placed.url == "fr/posts/renamed.html"
    assert article.url == "posts/renamed.html"
