"""Local feed paths are confined to regular files inside the project, read off the loop."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from plugins.planet.console import failure_lines
from plugins.planet.fetch import run_fetch
from plugins.planet.localfeed import LocalFeedRefused, confine, read_confined
from plugins.planet.sources import FeedSource
from plugins.planet.store import Store

from .conftest import SIMPLE

PERSON = """\
name:
  en: Mallory
aggregate: true
feed: {feed}
"""


def person_fetch(root: Path, settings: dict, feed: str):
    """Fetch one person's feed, as configured in ``content/people/mallory.yaml``."""
    people = root / "content" / "people"
    people.mkdir(parents=True, exist_ok=True)
    origin = people / "mallory.yaml"
    origin.write_text(PERSON.format(feed=feed), encoding="utf-8")
    source = FeedSource("mallory", feed, origin=str(origin))
    return run_fetch(root, settings, sources=[source])


def refusal(root: Path, summary) -> str:
    """The refusal, which ``invoke fetch`` prints located on the person file's feed line."""
    (failure,) = summary.failed
    origin = root / "content" / "people" / "mallory.yaml"
    (line,) = failure_lines(summary, [FeedSource("mallory", "", origin=str(origin))], root)
    assert re.fullmatch(
        r"content/people/mallory\.yaml:4: \[feed\] feed 'mallory' failed: .+; "
        r"expected a regular file inside the project, as a path relative to its root",
        line,
    ), line
    return failure.error


@pytest.fixture
def outside(tmp_path) -> Path:
    """A valid feed outside the project (which is ``tmp_path / "site"``)."""
    path = tmp_path / "elsewhere" / "feed.xml"
    path.parent.mkdir()
    path.write_bytes(SIMPLE)
    return path


@pytest.fixture
def root(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    return site


def test_absolute_path_outside_is_refused(root, settings, outside):
    assert "absolute path" in refusal(root, person_fetch(root, settings, str(outside)))
    assert Store(settings["PLANET_STORE_PATH"]).load("mallory").entries == []


def test_absolute_system_files_are_refused(root, settings):
    assert "absolute path" in refusal(root, person_fetch(root, settings, "/etc/passwd"))
    assert "absolute path" in refusal(root, person_fetch(root, settings, "/dev/zero"))


def test_dotdot_escape_is_refused(root, settings, outside):
    error = refusal(root, person_fetch(root, settings, "../elsewhere/feed.xml"))
    assert "outside the project" in error
    deep = "../" * 40 + "etc/passwd"
    assert "outside the project" in refusal(root, person_fetch(root, settings, deep))


def test_symlink_escape_is_refused(root, settings, outside):
    (root / "feeds").mkdir()
    (root / "feeds" / "link.xml").symlink_to(outside)
    assert "outside the project" in refusal(root, person_fetch(root, settings, "feeds/link.xml"))
    (root / "feeds" / "dir").symlink_to(outside.parent, target_is_directory=True)
    error = refusal(root, person_fetch(root, settings, "feeds/dir/feed.xml"))
    assert "outside the project" in error


def test_symlink_inside_the_project_is_followed(root, settings):
    (root / "feeds").mkdir()
    (root / "feeds" / "real.xml").write_bytes(SIMPLE)
    (root / "feeds" / "alias.xml").symlink_to(root / "feeds" / "real.xml")
    assert person_fetch(root, settings, "feeds/alias.xml").fetched == 1


def test_directory_is_refused(root, settings):
    (root / "feeds").mkdir()
    assert "a directory" in refusal(root, person_fetch(root, settings, "feeds"))


def test_device_is_refused(root, settings):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (root / "zero").symlink_to("/dev/zero")  # outside the project anyway
    assert "outside the project" in refusal(root, person_fetch(root, settings, "zero"))
    with pytest.raises(LocalFeedRefused, match="character device"):
        confine("zero", Path("/dev"))  # a device inside the "project" is still refused


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_at_once(root, settings, monkeypatch):
    os.mkfifo(root / "feed.xml")  # nobody ever writes to it
    reads = []
    monkeypatch.setattr("plugins.planet.localfeed.read_confined", lambda *a: reads.append(a))
    assert "a FIFO" in refusal(root, person_fetch(root, settings, "feed.xml"))
    assert reads == []  # refused from its mode: never opened, so never waiting for a writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_swapped_in_after_the_check_neither_blocks_nor_is_read(tmp_path):
    """The open does not wait for a writer and the descriptor is checked again."""
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []
    done = threading.Event()

    def read() -> None:
        try:
            outcome.append(read_confined(fifo, "feed.xml", 1000))
        except BaseException as exc:
            outcome.append(exc)
        done.set()

    threading.Thread(target=read, daemon=True).start()
    needed_a_writer = not done.wait(timeout=60)  # a bound on a hang, not on speed
    if needed_a_writer:  # a blocking open: a writer lets it go on, then the test fails
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        done.wait()
    assert not needed_a_writer, "the open waited for a writer"
    (error,) = outcome
    assert isinstance(error, LocalFeedRefused) and "a FIFO" in str(error)


def test_symlink_swapped_in_after_the_check_is_not_followed(tmp_path, outside):
    (tmp_path / "feed.xml").symlink_to(outside)
    with pytest.raises(LocalFeedRefused, match="cannot open"):
        read_confined(tmp_path / "feed.xml", "feed.xml", 1000)


def test_missing_file_is_a_located_error(root, settings):
    assert "no file" in refusal(root, person_fetch(root, settings, "feeds/none.xml"))


def test_local_file_is_capped(root, settings):
    settings["PLANET_MAX_BYTES"] = 1024
    (root / "big.xml").write_bytes(SIMPLE * 10)
    (failure,) = person_fetch(root, settings, "big.xml").failed
    assert "too large" in failure.error


def test_slow_local_read_is_timed_out(root, settings, monkeypatch):
    """A read that outlasts PLANET_FEED_TIMEOUT is given up: the read ends only once the
    fetch has reported the feed (no sleep; a fetch that waited for the read would hang
    until the bound below, then find the feed read and fail)."""
    settings["PLANET_FEED_TIMEOUT"] = 0.1
    (root / "feed.xml").write_bytes(SIMPLE)
    reported = threading.Event()

    def slow(path, url, limit):  # a read that lasts until the fetch has given up on it
        reported.wait(timeout=60)
        return SIMPLE

    monkeypatch.setattr("plugins.planet.localfeed.read_confined", slow)
    people = root / "content" / "people"
    people.mkdir(parents=True, exist_ok=True)
    (people / "mallory.yaml").write_text(PERSON.format(feed="feed.xml"), encoding="utf-8")
    source = FeedSource("mallory", "feed.xml", origin=str(people / "mallory.yaml"))
    summary = run_fetch(root, settings, sources=[source], on_done=lambda _: reported.set())
    (failure,) = summary.failed
    assert "timed out" in failure.error  # the feed was reported before the read ended


def test_sources_carry_the_person_file(root):
    from plugins.planet.sources import sources_from_people

    class Person:
        aggregate, feed, encoding, source_path = True, "f.xml", None, "content/people/p.yaml"

    (source,) = sources_from_people({"p": Person()})
    assert source.origin == "content/people/p.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fetch_ends_within_its_deadline_whatever_the_feeds(root, settings, server):
    """A FIFO, a device, a silent server and a good local feed in one run: the run ends
    within PLANET_DEADLINE and the good feed is fetched."""
    settings["PLANET_FEED_TIMEOUT"] = 30.0
    settings["PLANET_DEADLINE"] = 2.0
    never = threading.Event()
    (root / "feeds").mkdir()
    os.mkfifo(root / "feeds" / "fifo.xml")
    (root / "feeds" / "good.xml").write_bytes(SIMPLE)
    sources = [
        FeedSource("fifo", "feeds/fifo.xml"),
        FeedSource("zero", "/dev/zero"),
        FeedSource("silent", server.add("/silent.xml", handler=lambda h: never.wait(60))),
        FeedSource("good", "feeds/good.xml"),
    ]
    try:  # the silent feed never answers: the run ends only through PLANET_DEADLINE
        summary = run_fetch(root, settings, sources=sources)
    finally:
        never.set()
    assert summary.fetched == 1 and {o.id for o in summary.failed} == {"fifo", "zero", "silent"}
