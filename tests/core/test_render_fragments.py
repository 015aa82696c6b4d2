"""The render cache's fragments (plugins/core/buildcache.py): pieces of files kept between
builds by the key of their inputs, each kind in a file of its own, read only when asked."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from markupsafe import Markup

from plugins.core.buildcache import RenderCache
from plugins.core.langtags import Language


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


def test_a_key_is_the_digest_of_its_inputs_as_one_compact_json(tmp_path: Path):
    """Keys put together from each argument's kept JSON are the digest of the whole as one
    JSON document (the recipe stored keys were made with), and a frozen dataclass's
    fingerprint is made once per build, as a registered object's."""
    cache = _cache(tmp_path)
    language = Language("fr", "fr")
    kwargs = {
        "title": 'Été <b> "\\\n',
        "n": 2,
        "language": language,
        "list": [1, None, ("x", [language, 2.5])],
        "jsonld": Markup("<i>x</i>"),
        "day": date(2021, 2, 6),
        "non_ascii_é": None,
    }
    whole = json.dumps(
        [
            "site digest",
            "fr/a.html",
            "output:calendar",
            [[k, cache.fingerprinter.value(v, top=True)] for k, v in sorted(kwargs.items())],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    expected = hashlib.sha256(whole.encode("utf-8")).hexdigest()
    assert cache.output_key("fr/a.html", "calendar", {}, kwargs) == expected
    assert (
        cache.output_key("fr/a.html", "calendar", {}, {})
        == hashlib.sha256(b'["site digest","fr/a.html","output:calendar",[]]').hexdigest()
    )
    assert cache.fingerprinter.value(language) is cache.fingerprinter.value(language)
    assert cache.fingerprinter.text(language) is cache.fingerprinter.text(language)
    assert cache.fingerprinter.text([1]) == '[["int","1"]]'


def test_a_kind_whose_pieces_are_all_the_last_builds_is_not_written_again(tmp_path: Path):
    first = _cache(tmp_path)
    first.fragment("event", {}, {"n": 1}, lambda: ["one"])
    first.save(set())
    (stored,) = tmp_path.glob("fragments-event-*.json")
    written = stored.stat().st_ino, stored.stat().st_mtime_ns
    second = _cache(tmp_path)
    assert second.fragment("event", {}, {"n": 1}, _never) == ["one"]
    second.save(set())
    assert (stored.stat().st_ino, stored.stat().st_mtime_ns) == written  # as it was
    third = _cache(tmp_path)
    third.fragment("event", {}, {"n": 1}, _never)
    third.fragment("event", {}, {"n": 2}, lambda: ["two"])
    third.save(set())
    assert stored.stat().st_ino != written[0]  # a piece more: written (a new file renamed)
    fourth = _cache(tmp_path)
    assert fourth.fragment("event", {}, {"n": 2}, _never) == ["two"]
    fourth.save(set())  # the piece of n=1 not asked for: dropped, so written again
    fifth = _cache(tmp_path)
    assert fifth.fragment("event", {}, {"n": 1}, lambda: ["made"]) == ["made"]
