"""The planet store a fetch writes is world-readable: it is committed and published as is."""

from __future__ import annotations

from plugins.planet.fetch import run_fetch
from plugins.planet.sources import FeedSource
from tests.conftest import unreadable_files


def test_store_files_get_the_mode_of_a_normal_write(tmp_path, settings, server, umask_022):
    sources = [
        FeedSource("alice", server.add("/alice.xml")),
        FeedSource("bob", server.add("/bob.xml")),
    ]
    run_fetch(tmp_path, settings, sources=sources)
    store = tmp_path / "store"
    assert len([path for path in store.rglob("*") if path.is_file()]) >= 4
    assert unreadable_files(store) == []
