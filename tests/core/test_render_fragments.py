"""The render cache's fragments (plugins/core/buildcache.py): pieces of files kept between
builds by the key of their inputs, each kind in a file of its own, read only when asked."""

from __future__ import annotations

from pathlib import Path

from plugins.core.buildcache import RenderCache


def _cache(tmp_path: Path) -> RenderCache:
    cache = RenderCache({"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)})
    cache._site = "site digest"  # what every key starts from; the settings' own is tested apart
    return cache


def _never() -> list:
    raise AssertionError("made again")


def test_pieces_are_kept_by_kind_and_a_kind_not_asked_for_stays(tmp_path: Path):
    first = _cache(tmp_path)
    assert first.fragment("event", {}, {"n": 1}, lambda: ["one"]) == ["one"]
    assert first.fragment("size", {}, {"n": 1}, lambda: 7) == 7
    first.save(set())
    assert len(list(tmp_path.glob("fragments-event-*.json"))) == 1
    second = _cache(tmp_path)
    assert second.fragment("size", {}, {"n": 1}, _never) == 7
    assert second._fragments.keys() == {"size"}  # the other kind's file was not read
    second.save(set())
    third = _cache(tmp_path)
    assert third.fragment("event", {}, {"n": 1}, _never) == ["one"]  # kept though not asked
    assert third.fragment("event", {}, {"n": 2}, lambda: ["two"]) == ["two"]  # other inputs
    third.save(set())
    fourth = _cache(tmp_path)
    assert fourth.fragment("event", {}, {"n": 2}, _never) == ["two"]
    assert fourth.fragment("event", {}, {"n": 1}, lambda: ["again"]) == ["one"]
    fourth._site = "another site digest"
    assert fourth.fragment("event", {}, {"n": 1}, lambda: ["new"]) == ["new"]
