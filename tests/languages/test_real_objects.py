"""Every post and page a language tree shows is a real Pelican ``Article`` or ``Page``:
translations, untranslated fallbacks and converted (derived-language) copies alike, so
``isinstance`` checks in Pelican and in third-party plugins hold for all of them. And every
feed of the site is announced through Pelican's ``feed_generated``/``feed_written``.

The same objects have every attribute the Protocols of ``plugins/core/contenttypes.py``
declare, of the declared type (the type checker trusts them, this test checks them).

One in-process build of the sample (with untranslated content and a zh-Hant tree) serves
all three, recording what Pelican's signals carry."""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace, UnionType

import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.settings import read_settings

from plugins.core import contenttypes

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
    assert wrong == [], "\n".join(map(str, wrong))
    fallbacks = [item for _, item in written if getattr(item, "is_fallback", False)]
    derived = [item for _, item in written if getattr(item, "converted_from", None) is not None]
    assert fallbacks and derived  # both kinds of copies were written and checked
    for item in fallbacks:
        assert item.url.startswith(item.fallback_language.segment + "/")
        assert item.lang == item.original.lang and item.url != item.original.url
    for item in derived:
        assert item.lang == "zh-Hant" and item.url.startswith("zh-hant/")
        assert item.converted_from.lang == "zh-Hans"


def _members(protocol: type) -> dict[str, object]:
    """The attributes a Protocol of plugins/core/contenttypes.py declares, with their types."""
    found: dict[str, object] = {}
    for cls in reversed(protocol.__mro__):
        if cls is protocol or getattr(cls, "_is_protocol", False):
            for name, member in vars(cls).items():
                if isinstance(member, property):
                    found[name] = typing.get_type_hints(member.fget)["return"]
                elif callable(member) and not name.startswith("_"):
                    found[name] = Callable
    return found


def _conforms(value: object, hint: object) -> bool:
    """``value`` is of type ``hint`` as far as a run-time check can tell (a Protocol:
    it has the Protocol's attributes; a generic: its origin)."""
    if hint is type(None):
        return value is None
    if typing.get_origin(hint) in (UnionType, typing.Union):
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    origin = typing.get_origin(hint) or hint
    if getattr(origin, "_is_protocol", False) and origin is not Callable:
        return all(hasattr(value, name) for name in _members(origin))
    return isinstance(value, origin)


def test_real_objects_have_what_the_content_protocols_declare(built):
    """The Protocols of plugins/core/contenttypes.py name attributes Pelican and the
    plugins really set, with the types they declare: on every post and page of every
    tree, on fallback copies and on converted copies (a renamed attribute fails here, as
    the type checker cannot see it)."""
    items = [item for _, item in built.written]
    fallbacks = [item for item in items if getattr(item, "is_fallback", False)]
    derived = [item for item in items if getattr(item, "converted_from", None) is not None]
    checks = [
        (contenttypes.PelicanContent, items),
        (contenttypes.LanguageContent, items),
        (contenttypes.VersionedContent, items),
        (contenttypes.ConferenceContent, items),
        (contenttypes.EditionContent, [item for item in items if "edition" in item.metadata]),
        (contenttypes.DatedContent, [item for item in items if isinstance(item, Article)]),
        (contenttypes.FallbackCopy, fallbacks),
        (contenttypes.ConvertedCopy, derived),
    ]
    wrong = []
    for protocol, group in checks:
        assert group, protocol.__name__
        for name, hint in _members(protocol).items():
            for item in group:
                if not hasattr(item, name) or not _conforms(getattr(item, name), hint):
                    wrong.append((protocol.__name__, name, item.source_path, item.lang))
    assert wrong == [], "\n".join(map(str, wrong))
    # the people and edition are the conference model's records (ModelRecord)
    assert any(item.people for item in items)
    assert any(getattr(item, "edition", None) for item in items)
