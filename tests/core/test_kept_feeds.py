"""A feed left as it is while its inputs are the last build's (plugins/core/feeds.py,
``write_feed_of``): not built, not written, no signal; rebuilt when an input changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pelican import signals

from plugins.core.buildcache import RenderCache
from plugins.core.feeds import AtomFeed, write_feed_of
from plugins.core.outputs import ClaimingWriter, OutputClaims


def _writer(tmp_path: Path) -> ClaimingWriter:
    settings = {"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path / "cache")}
    cache = RenderCache(settings)
    cache._site = "site digest"  # every key starts from it; tested apart
    attributes = {"claims": OutputClaims(), "render_cache": cache}
    return type("Writer", (ClaimingWriter,), attributes)(str(tmp_path / "out"), settings)


def _feed(title: str) -> AtomFeed:
    feed = AtomFeed(title=title, link="https://example.org/", description="")
    when = datetime(2009, 11, 14, tzinfo=UTC)
    feed.add_item(title="Post", link="https://example.org/p.html", description="", pubdate=when)
    return feed


def _build(tmp_path: Path, inputs: dict, title: str, made: list[str]):
    writer = _writer(tmp_path)

    def make() -> AtomFeed:
        made.append(title)
        return _feed(title)

    written = write_feed_of(writer, {}, "en/feed.atom", make, "a test's feed", inputs)
    assert writer.render_cache is not None
    writer.render_cache.save(set(writer.claims.owners) if writer.claims else set())
    return written


def test_a_feed_is_kept_while_its_inputs_are_the_same(tmp_path: Path):
    made: list[str] = []
    seen: list[str] = []

    def written(path: str, **kwargs) -> None:
        seen.append(path)

    signals.feed_written.connect(written)
    try:
        inputs = {"kind": "atom", "posts": ["post one"], "newest": None}
        assert _build(tmp_path, inputs, "First", made) is not None
        target = tmp_path / "out" / "en" / "feed.atom"
        assert "First" in target.read_text("utf-8")
        assert len(seen) == 1
        stamp = target.stat().st_mtime_ns
        # the same inputs: neither built nor written (the title would say so)
        assert _build(tmp_path, inputs, "Second", made) is None
        assert made == ["First"] and target.stat().st_mtime_ns == stamp
        assert "First" in target.read_text("utf-8") and len(seen) == 1
        # another input: built and written again
        changed = {**inputs, "posts": ["post one", "post two"]}
        assert _build(tmp_path, changed, "Third", made) is not None
        assert made == ["First", "Third"] and "Third" in target.read_text("utf-8")
        assert len(seen) == 2
        # a feed deleted from the output is written again, even with the same inputs
        target.unlink()
        assert _build(tmp_path, changed, "Fourth", made) is not None
        assert "Fourth" in target.read_text("utf-8")
    finally:
        signals.feed_written.disconnect(written)
