"""``invoke fetch --only``: an id that is not an aggregated feed is an error, offline."""

from __future__ import annotations

import pytest
from invoke import Exit, MockContext

import tasks
from plugins.planet.__main__ import main as planet_command
from plugins.planet.sources import FeedSource, UnknownSource, select_sources

SOURCES = [
    FeedSource("alice", "https://alice.example.org/feed"),
    FeedSource("dave", "https://dave.example.org/feed"),
]


def test_select_keeps_the_named_sources():
    assert select_sources(SOURCES, ["dave"]) == [SOURCES[1]]


@pytest.mark.parametrize("only", [["nobody"], ["alice", "bob"], ["dave", ""]])
def test_select_refuses_ids_that_are_not_aggregated_and_lists_the_valid_ones(only):
    with pytest.raises(UnknownSource, match=r"valid ids: alice, dave$"):
        select_sources(SOURCES, only)


def test_the_command_exits_2_naming_the_ids(site, capsys):
    site.write(
        "people/alice.yaml",
        "name: Alice\nlisted: true\naggregate: true\nfeed: https://alice.example.org/feed.xml\n",
    )
    # bob exists but does not consent to aggregation; zed does not exist
    status = planet_command(["fetch", "--root", str(site.root), "--only", "bob", "zed"])
    error = capsys.readouterr().err
    assert status == 2
    assert "not an aggregated feed: bob, zed" in error
    assert "valid ids: alice" in error
    assert not (site.root / "data").exists()  # nothing fetched, no store written


def test_the_task_fails_for_an_unknown_id(capsys):
    # the real people files: "nobody" is none of them; the error comes before any download
    with pytest.raises(Exit) as caught:
        tasks.fetch(MockContext(), only="nobody")
    assert caught.value.code == 2
    assert "valid ids:" in capsys.readouterr().err
