"""The store: deterministic files, atomic writes, readable after a killed fetch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from plugins.planet.fetch import run_fetch
from plugins.planet.sources import FeedSource
from plugins.planet.store import ARCHIVE_FIELDS, STATE_FIELDS, FeedRecord, Store, StoreError

from .conftest import ROOT, rss


def test_files_are_deterministic_and_sorted(tmp_path):
    store = Store(tmp_path)
    record = FeedRecord(
        id="lin-xiao", url="https://a.example/feed", entries=[{"id": "1", "title": "连州"}]
    )
    store.save(record)
    text = (tmp_path / "lin-xiao.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and "连州" in text  # UTF-8, not \u escapes
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert store.save(record) is False  # unchanged: no write at all
    assert store.load("lin-xiao") == record


def test_bad_ids_and_bad_files(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(StoreError):
        store.path("../etc/passwd")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError):
        store.load("broken")
    assert store.load_all() == []  # logged and skipped


def test_a_crash_during_a_write_keeps_the_old_file(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.save(FeedRecord(id="a", url="u", title="old"))

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        store.save(FeedRecord(id="a", url="u", title="new"))
    assert store.load("a").title == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "status"]
    assert [p.name for p in (tmp_path / "status").iterdir()] == ["a.json"]  # no temporaries


def test_fetch_killed_mid_run_leaves_the_store_readable(tmp_path, server):
    feeds = {}
    released = threading.Event()
    for i in range(40):
        items = [
            (f"e{i}-{j}", f"Post {j} " + "x" * 2000, "Sat, 14 Nov 2009 10:00:00 +0800")
            for j in range(30)
        ]
        body = rss(f"Blog {i}", items)
        if i < 8:
            feeds[f"p{i:02d}"] = server.add(f"/{i}.xml", body=body)
        else:  # held until the killed run is gone: the kill comes part-way, however fast

            def held(handler, body=body):
                released.wait(60)
                handler._send(200, body, {"Content-Type": "application/rss+xml"})

            feeds[f"p{i:02d}"] = server.add(f"/{i}.xml", handler=held)
    store_dir = tmp_path / "store"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from plugins.planet.fetch import run_fetch
        from plugins.planet.sources import FeedSource
        sources = [FeedSource(k, v) for k, v in {feeds!r}.items()]
        run_fetch({str(tmp_path)!r}, {{"PLANET_STORE_PATH": {str(store_dir)!r},
                  "PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"], "PLANET_CONCURRENCY": 2,
                  "PLANET_PARSE_WORKERS": 1}}, sources=sources)
    """)
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(list(store_dir.glob("*.json"))) < 4:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    released.set()
    written = list(store_dir.glob("*.json"))
    assert 4 <= len(written) <= 8, "the run should have been killed part-way"
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # every file is whole
    assert len(Store(store_dir).load_all()) == len(written)

    # The next run finishes the job and cleans up what the killed one left behind.
    summary = run_fetch(
        tmp_path,
        {
            "PLANET_STORE_PATH": str(store_dir),
            "PLANET_ALLOWED_NETWORKS": ["127.0.0.0/8"],
            "PLANET_PARSE_WORKERS": 1,
        },
        sources=[FeedSource(k, v) for k, v in feeds.items()],
    )
    assert not summary.failed
    assert not list(store_dir.glob(".*.tmp"))
    assert len(Store(store_dir).load_all()) == 40


def test_dumps_is_json_dumps_with_the_store_layout():
    import random

    from plugins.planet.store import dumps

    def layout(value):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)

    fixed = [
        0,
        -5,
        2**70,
        1.5,
        float("nan"),
        float("inf"),
        True,
        False,
        None,
        "",
        [],
        {},
        'a"b\\\n\u2028\x00é连州',
        [[]],
        [{}],
        ("t", 1),
        {"b": [1, {"z": None}], "a": {}},
        {1: "int key"},
        {"a": {2: [3]}},
    ]
    for value in fixed:
        assert dumps(value) == layout(value), value
    rng = random.Random(7)

    def make(depth: int):
        kind = rng.randrange(8 if depth < 4 else 5)
        if kind == 0:
            return "".join(chr(rng.randrange(0x20, 0x9FFF)) for _ in range(rng.randrange(6)))
        if kind == 1:
            return rng.randrange(-(10**20), 10**20)
        if kind == 2:
            return rng.random() * 10 ** rng.randrange(-30, 30)
        if kind == 3:
            return rng.choice([True, False, None, "\t", "\u0000"])
        if kind == 4:
            return rng.choice(["", "连州", "x" * 100])
        if kind in (5, 6):
            return [make(depth + 1) for _ in range(rng.randrange(4))]
        return {rng.choice("abcé连_"): make(depth + 1) for _ in range(rng.randrange(4))}

    for _ in range(3000):
        value = make(0)
        assert dumps(value) == layout(value), value
    record = FeedRecord(id="x", url="https://a.example/", entries=[{"id": "1", "lang": None}])
    files = ((record.archive_json(), ARCHIVE_FIELDS), (record.state_json(), STATE_FIELDS))
    for text, names in files:
        # "purged" is written only once an entry has been purged
        data = {"format": 1, **{k: getattr(record, k) for k in names if k != "purged"}}
        assert text == layout(data) + "\n"


def test_a_file_of_the_first_layout_is_read_and_split_on_save(tmp_path):
    """Before the fetch state had its own file, ``<id>.json`` held everything."""
    old = {
        "format": 1,
        "id": "a",
        "url": "https://a.example/feed",
        "etag": '"v1"',
        "last_attempt": "2026-01-01T00:00:00Z",
        "consecutive_failures": 2,
        "title": "A",
        "entries": [{"id": "1", "title": "t"}],
    }
    (tmp_path / "a.json").write_text(json.dumps(old), encoding="utf-8")
    store = Store(tmp_path)
    for record in (store.load("a"), store.load("a", archive=False), store.load_all()[0]):
        assert (record.etag, record.consecutive_failures, record.title) == ('"v1"', 2, "A")
        assert record.entries == [{"id": "1", "title": "t"}]
    assert store.save(store.load("a")) is True
    archive = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    state = json.loads((tmp_path / "status" / "a.json").read_text(encoding="utf-8"))
    assert "etag" not in archive and archive["entries"] == old["entries"]
    assert state["etag"] == '"v1"' and "entries" not in state and "title" not in state
    assert store.load("a") == FeedRecord.from_data(old)


def test_a_state_without_archive_is_listed(tmp_path):
    store = Store(tmp_path)
    (tmp_path / "status").mkdir()
    state = FeedRecord(id="b", url="https://b.example/", error="HTTP 404", status=404)
    (tmp_path / "status" / "b.json").write_text(state.state_json(), encoding="utf-8")
    (record,) = store.load_all()
    assert (record.id, record.status, record.entries) == ("b", 404, [])


def test_a_state_without_its_url_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "status").mkdir()
    (tmp_path / "status" / "c.json").write_text('{"id": "c", "etag": "x"}', encoding="utf-8")
    for archive in (True, False):
        with pytest.raises(StoreError, match=r"status/c\.json.* is not a valid store file"):
            Store(tmp_path).load("c", archive=archive)
    assert Store(tmp_path).load_all() == []  # logged and skipped


def test_texts_are_what_save_writes_archive_first(tmp_path):
    """The fetch serializes a record (``texts``) apart from writing it (``write``): the
    archive comes before the state, and a record loaded without its archive writes only
    its state."""
    store = Store(tmp_path)
    record = FeedRecord(id="a", url="https://a.example/", entries=[{"id": "1"}])
    texts = store.texts(record)
    assert [path for path, _ in texts] == [store.path("a"), store.state_path("a")]
    assert [text for _, text in texts] == [record.archive_json(), record.state_json()]
    assert Store.write(texts) is True and Store.write(texts) is False
    loaded = store.load("a", archive=False)
    assert loaded is not None
    assert [path for path, _ in store.texts(loaded)] == [store.state_path("a")]
