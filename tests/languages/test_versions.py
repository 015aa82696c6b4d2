"""Unit tests: originals, versions, fallbacks, alternates and og:locale."""

from __future__ import annotations

from types import SimpleNamespace

from plugins.core.langtags import make_language, make_language_set
from plugins.core.versions import shown_in
from plugins.languages.alternates import og_locale, page_alternates
from plugins.languages.versions import assign_versions, pick_original

LANGS = make_language_set([make_language(t) for t in ("zh-Hans", "en", "fr")], "zh-Hans")
ZH, EN, FR = LANGS.languages


class _Content(SimpleNamespace):
    """Like Pelican's content: ``override_url``/``override_save_as`` win (copies use them)."""

    url = property(lambda self: getattr(self, "override_url", self.own_url))
    save_as = property(lambda self: getattr(self, "override_save_as", self.own_url))


def _post(lang, slug="p", date=1, translation="false"):
    language = LANGS.get(lang)
    return _Content(
        lang=lang,
        own_url=language.path(f"posts/{slug}.html"),
        date=date,
        metadata={"translation": translation},
        translations=[],
        source_path=f"{slug}.{lang}.md",
        title=f"{slug} {lang}",
    )


def _group(*posts):
    for post in posts:
        post.translations = [p for p in posts if p is not post]
    return list(posts)


def test_pick_original():
    assert pick_original(["fr", "zh-Hans"], LANGS) == "zh-Hans"
    assert pick_original(["fr", "en"], LANGS) == "en"
    assert pick_original(["fr", "en"], LANGS, marked=["en"]) == "fr"
    assert pick_original(["en"], LANGS, marked=["en"]) == "en"


def test_versions_with_notice():
    posts = _group(_post("zh-Hans"), _post("en"))
    fallbacks = assign_versions(posts, LANGS, hide=False)
    assert len(fallbacks) == 1
    fallback = fallbacks[0]
    assert fallback.url == "fr/posts/p.html" and fallback.lang == "zh-Hans"
    assert fallback.title == "p zh-Hans" and fallback.is_fallback
    assert posts[1].versions["fr"] is fallback and posts[0].original is posts[0]
    assert [p.url for p in shown_in(posts, "fr")] == ["fr/posts/p.html"]


def test_versions_with_hide():
    posts = _group(_post("zh-Hans"), _post("en"))
    assert assign_versions(posts, LANGS, hide=True) == []
    assert "fr" not in posts[0].versions
    assert shown_in(posts, "fr") == []


def test_alternates_of_a_fallback():
    posts = _group(_post("en"), _post("fr"))
    fallback = assign_versions(posts, LANGS, hide=False)[0]
    ctx = {"languages": LANGS, "article": fallback}
    alternates = page_alternates(ctx, ZH)
    assert alternates.canonical == "en/posts/p.html"
    assert alternates.x_default == "en/posts/p.html"
    assert [a.language.tag for a in alternates.hreflang] == ["en", "fr"]
    assert not alternates.translated and alternates.original_language is EN
    assert [a.path for a in alternates.alternates] == [
        "zh-hans/posts/p.html",
        "en/posts/p.html",
        "fr/posts/p.html",
    ]


def test_alternates_of_a_conference_page():
    alternates = page_alternates({"languages": LANGS, "page_path": "people/index.html"}, FR)
    assert alternates.canonical == "fr/people/index.html"
    assert alternates.x_default == "zh-hans/people/index.html"
    assert len(alternates.hreflang) == 3 and alternates.translated


def test_og_locale():
    assert [og_locale(lang) for lang in LANGS] == ["zh_CN", "en_US", "fr_FR"]
    assert og_locale(make_language("zh-Hant")) == "zh_TW"
    assert og_locale(make_language("fr-CA")) == "fr_CA"
