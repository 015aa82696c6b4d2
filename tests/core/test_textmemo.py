"""Results of pure functions of texts kept between builds (plugins/core/textmemo.py), and a
rebuild with the same site digest written by one process (plugins/core/parallel.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from pelican import signals

from plugins.core import keys, textmemo
from plugins.core.buildcache import RenderCache
from plugins.core.textmemo import TextMemo, memo_of, remembered


def _context(tmp_path: Path, **settings) -> dict:
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path),
        **settings,
    }


def _never() -> str:
    raise AssertionError("made again")


def _finish(context: dict) -> None:
    """What the run's ``finalized`` signal does: its memo saves itself, and disconnects
    (the handler only: another plugin's may be connected in this process)."""
    memo = memo_of(context)
    assert memo is not None
    assert memo.finalized in list(signals.finalized.receivers_for(object()))
    memo.finalized(object())
    assert memo.finalized not in list(signals.finalized.receivers_for(object()))


def test_a_result_is_kept_for_the_same_name_and_arguments_only(tmp_path: Path):
    first = _context(tmp_path)
    assert remembered(first, "upper", ["été <b>", 3], lambda: "ÉTÉ <B>") == "ÉTÉ <B>"
    assert remembered(first, "stats", ["x"], lambda: (1, 2, 3, 4)) == (1, 2, 3, 4)
    _finish(first)
    assert (tmp_path / textmemo.NAME).is_file()
    second = _context(tmp_path)
    assert remembered(second, "upper", ["été <b>", 3], _never) == "ÉTÉ <B>"
    assert remembered(second, "upper", ["été <b>", 4], lambda: "other") == "other"
    assert remembered(second, "lower", ["été <b>", 3], lambda: "another") == "another"
    memo = memo_of(second)
    assert memo is not None and memo.made == 2
    _finish(second)
    # what the last build did not ask for ("stats") is no longer kept
    third = _context(tmp_path)
    assert remembered(third, "stats", ["x"], lambda: "made") == "made"
    assert remembered(third, "upper", ["été <b>", 4], _never) == "other"


def test_nothing_is_kept_without_the_reader_cache_and_nothing_read_without_loading(
    tmp_path: Path,
):
    off = _context(tmp_path, CACHE_CONTENT=False)
    assert memo_of(off) is None
    assert remembered(off, "f", ["a"], lambda: "made") == "made"
    assert off[keys.TEXT_MEMO] is None
    assert remembered(None, "f", ["a"], lambda: "made") == "made"
    assert not (tmp_path / textmemo.NAME).exists()
    on = _context(tmp_path)
    remembered(on, "f", ["a"], lambda: "kept")
    _finish(on)
    fresh = _context(tmp_path, LOAD_CONTENT_CACHE=False)
    assert remembered(fresh, "f", ["a"], lambda: "made") == "made"


def test_a_file_of_other_code_or_libraries_is_not_loaded(tmp_path: Path, monkeypatch):
    memo = TextMemo(tmp_path / textmemo.NAME)
    memo.get("f", ["a"], lambda: "kept")
    memo.save()
    assert TextMemo(tmp_path / textmemo.NAME).get("f", ["a"], _never) == "kept"
    monkeypatch.setattr(textmemo, "_stamp", lambda: "other code")
    assert TextMemo(tmp_path / textmemo.NAME).get("f", ["a"], lambda: "made") == "made"


#: an empty file, text, a list, a newer Python's protocol (ValueError), bytes cut short
BROKEN = [b"", b"not a pickle", pickle.dumps(["a", "list"]), b"\x80\x09x", b"\x80\x05]\x94(K"]


@pytest.mark.parametrize("data", BROKEN)
def test_a_broken_file_is_ignored(tmp_path: Path, data: bytes):
    (tmp_path / textmemo.NAME).write_bytes(data)
    assert TextMemo(tmp_path / textmemo.NAME).get("f", ["a"], lambda: "made") == "made"


def test_the_file_is_not_written_again_when_the_same_results_were_asked_for(tmp_path: Path):
    memo = TextMemo(tmp_path / textmemo.NAME)
    memo.get("f", ["a"], lambda: "kept")
    memo.save()
    stamp = (tmp_path / textmemo.NAME).stat().st_mtime_ns
    again = TextMemo(tmp_path / textmemo.NAME)
    again.get("f", ["a"], _never)
    again.save()
    assert (tmp_path / textmemo.NAME).stat().st_mtime_ns == stamp


def test_a_render_cache_knows_whether_the_site_digest_is_the_last_builds(
    tmp_path: Path, monkeypatch
):
    """A rebuild whose site digest is the last build's is written by one process."""
    digests = iter(["one", "one", "two"])
    monkeypatch.setattr("plugins.core.buildcache.site_digest", lambda *args: next(digests))
    settings = {"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)}
    first = RenderCache(settings)
    assert not first.same_site({})  # no last build
    first.save(set())
    second = RenderCache(settings)
    assert second.same_site({})
    second.save(set())
    assert not RenderCache(settings).same_site({})
