"""Functional tests: posts and pages missing in a language, shown with a notice or hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import cldr

from .helpers import Page

pytestmark = pytest.mark.slow

SITE = "https://cnblogcon.example.org"


def test_fallback_post_shows_the_original_with_a_notice(partial_site: Path):
    page = Page(partial_site / "fr/posts/translating-bloggers.html")
    assert page.html_lang == "fr"
    assert len(page.notices) == 1
    assert f"n’a pas encore été traduit en {cldr.language_name('fr')}" in page.notices[0]
    text = page.path.read_text("utf-8")
    assert '<div class="untranslated-content" lang="zh-Hans">' in text
    assert "翻译中的失与得" in text
    assert 'href="../../zh-hans/posts/translating-bloggers.html"' in text


def test_fallback_head_points_at_the_original(partial_site: Path):
    page = Page(partial_site / "fr/posts/translating-bloggers.html")
    assert page.canonical == f"{SITE}/zh-hans/posts/translating-bloggers.html"
    assert page.hreflang == {
        "zh-Hans": f"{SITE}/zh-hans/posts/translating-bloggers.html",
        "en": f"{SITE}/en/posts/translating-bloggers.html",
        "x-default": f"{SITE}/zh-hans/posts/translating-bloggers.html",
    }


def test_real_translations_do_not_list_the_fallback(partial_site: Path):
    page = Page(partial_site / "en/posts/translating-bloggers.html")
    assert "fr" not in page.hreflang
    assert page.switch_targets(partial_site)["fr"] == "fr/posts/translating-bloggers.html"


def test_fallback_page(partial_site: Path):
    page = Page(partial_site / "fr/code-of-conduct.html")
    assert (
        f"Cette page n’a pas encore été traduite en {cldr.language_name('fr')}" in (page.notices[0])
    )
    assert page.canonical == f"{SITE}/zh-hans/code-of-conduct.html"
    assert page.switch_targets(partial_site) == {
        "zh-Hans": "zh-hans/code-of-conduct.html",
        "en": "en/code-of-conduct.html",
    }


def test_post_without_default_language_version(partial_site: Path):
    """Only en and fr exist: en (first configured) is the original, no build warning."""
    page = Page(partial_site / "zh-hans/posts/lianzhou-impressions.html")
    assert f"尚未翻译成{cldr.language_name('zh-Hans')}" in page.notices[0]
    assert page.canonical == f"{SITE}/en/posts/lianzhou-impressions.html"
    assert page.hreflang["x-default"] == f"{SITE}/en/posts/lianzhou-impressions.html"
    assert set(page.hreflang) == {"en", "fr", "x-default"}


def test_language_feed_has_only_real_translations(partial_site: Path):
    assert "translating-bloggers" not in (partial_site / "fr/feed.atom").read_text("utf-8")


def test_hide_writes_no_fallback_and_switches_home(hidden_site: Path):
    assert not (hidden_site / "fr/posts/translating-bloggers.html").exists()
    assert not (hidden_site / "fr/code-of-conduct.html").exists()
    page = Page(hidden_site / "en/posts/translating-bloggers.html")
    assert page.switch_targets(hidden_site)["fr"] == "fr/index.html"
    tags = (hidden_site / "fr/tags/index.html").read_text("utf-8")
    assert "nianhui" not in tags
