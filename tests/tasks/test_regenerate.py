"""``invoke regenerate``: what it watches, and one build per batch of changes (no waiting)."""

from __future__ import annotations

from watchfiles import Change

import tasks


def test_it_watches_content_theme_plugins_translations_data_and_settings():
    watched = tasks.watched_paths()
    root = tasks.ROOT
    for expected in (
        tasks.SETTINGS,
        root / "content",
        root / "themes" / "ruyi",
        root / "plugins",
        root / "translations",
        root / "data",
    ):
        assert expected.resolve() in watched, expected
    assert not any(a in b.parents for a in watched for b in watched)  # no path twice


def test_one_build_at_start_and_one_per_batch_of_changes(capsys):
    builds, seen = [], {}

    def watch(*paths, watch_filter):
        seen["paths"], seen["filter"] = paths, watch_filter
        yield {(Change.modified, str(tasks.ROOT / "plugins" / "search" / "generator.py"))}
        yield {
            (Change.added, str(tasks.ROOT / "content" / "posts" / f"p{n}.en.md")) for n in range(5)
        }

    tasks._regenerate([tasks.ROOT / "plugins"], lambda: builds.append(1), watch)
    assert len(builds) == 3
    assert seen["paths"] == (tasks.ROOT / "plugins",)
    out = capsys.readouterr().out
    assert "Changed: plugins/search/generator.py; rebuilding" in out
    assert "and 2 more; rebuilding" in out


def test_the_filter_ignores_temporary_files_and_the_fetch_lock():
    caught = {}

    def watch(*paths, watch_filter):
        caught["filter"] = watch_filter
        return iter(())

    tasks._regenerate([], lambda: None, watch)
    accept = caught["filter"]
    store = tasks.ROOT / "data" / "planet"
    assert accept(Change.modified, str(store / "feeds" / "alice.json"))
    assert accept(Change.modified, str(tasks.ROOT / "plugins" / "core" / "render.py"))
    assert not accept(Change.added, str(store / "feeds" / ".alice.json.0a1b2c.tmp"))
    assert not accept(Change.modified, str(store / ".fetch.lock"))
    assert not accept(Change.modified, str(tasks.ROOT / "plugins" / "__pycache__" / "x.pyc"))
