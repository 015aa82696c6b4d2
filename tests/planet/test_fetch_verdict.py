"""``invoke fetch`` tells the truth: every feed is fetched, each failure is one line located
where the feed is configured, and the exit status is 1 when any feed failed (offline:
the feeds are local files)."""

from __future__ import annotations

import pytest

from plugins.planet.__main__ import main as planet_command
from plugins.planet.localfeed import web_address

from .conftest import SIMPLE

STREAMS = """\
streams:
  - id: tag
    kind: hashtag
    url: feeds/tag.rss
  - id: gone
    kind: hashtag
    url: feeds/gone.rss
"""


def person(feed: str) -> str:
    return (
        "name: Someone\nlisted: true\naggregate: true\n"
        f"blog: https://x.example.org/\nfeed: {feed}\n"
    )


@pytest.fixture
def project(site):
    """alice's feed and the ``tag`` stream are local files; bob's feed and the ``gone``
    stream name files that are not there."""
    (site.root / "feeds").mkdir()
    (site.root / "feeds" / "alice.xml").write_bytes(SIMPLE)
    (site.root / "feeds" / "tag.rss").write_bytes(SIMPLE)
    site.write("people/alice.yaml", person("feeds/alice.xml"))
    site.write("people/bob.yaml", person("feeds/bob.xml"))
    edition = site.path("editions/2009/edition.yaml")
    edition.write_text(edition.read_text(encoding="utf-8") + STREAMS, encoding="utf-8")
    return site


def fetch(site) -> int:
    return planet_command(["fetch", "--root", str(site.root)])


def line_of(path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_any_failed_feed_fails_the_command_with_located_lines(project, capsys):
    assert fetch(project) == 1
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    edition = project.path("editions/2009/edition.yaml")
    gone = line_of(edition, "url: feeds/gone.rss")
    assert gone > 1  # the stream's own line, not the file's first
    assert lines == [
        "content/people/bob.yaml:5: [feed] feed 'bob' failed: no file at "
        "'feeds/bob.xml'; expected a regular file inside the project, "
        "as a path relative to its root",
        f"content/editions/2009/edition.yaml:{gone}: [streams[1].url] stream "
        "'stream.2009.gone' failed: no file at 'feeds/gone.rss'; expected a regular file "
        "inside the project, as a path relative to its root",
        "planet: 2 of 4 feeds failed (2 fetched, 0 not modified, 0 not due yet, 2 failed); "
        "exit status 1",
    ]
    # the others were fetched all the same (keep going), and the images after them
    store = project.root / "data" / "planet"
    assert (store / "alice.json").is_file() and (store / "stream.2009.tag.json").is_file()
    assert "media:" in out


def test_no_failure_exits_0_with_the_counts(project, capsys):
    project.write("people/bob.yaml", person("feeds/alice.xml"))
    edition = project.path("editions/2009/edition.yaml")
    edition.write_text(
        edition.read_text(encoding="utf-8").replace("feeds/gone.rss", "feeds/tag.rss"), "utf-8"
    )
    assert fetch(project) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.strip().splitlines()[-1] == (
        "planet: 4 feeds, none failed (4 fetched, 0 not modified, 0 not due yet, 0 failed)"
    )
    assert fetch(project) == 0  # unchanged files: not modified, still a success
    assert "(0 fetched, 4 not modified" in capsys.readouterr().out


def test_a_deferred_feed_is_not_a_failure(project, capsys, monkeypatch):
    from plugins.planet.outcome import FeedOutcome, Summary

    def deferred(root, settings, *, sources, on_done, force):
        return Summary([FeedOutcome(s.id, "deferred") for s in sources])

    monkeypatch.setattr("plugins.planet.__main__.run_fetch", deferred)
    assert fetch(project) == 0
    assert "4 not due yet, 0 failed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("blog.example.org/feed.xml", "https://blog.example.org/feed.xml"),
        ("blog.example.org", "https://blog.example.org"),
        ("//blog.example.org:8080/rss", "https://blog.example.org:8080/rss"),
        ("feed.xml", None),
        ("data/feeds/x.xml", None),
        ("feeds.d/x.xml", None),
    ],
)
def test_a_web_address_without_its_scheme_is_told_apart(path, address):
    assert web_address(path) == address


def test_a_feed_without_its_scheme_stops_the_fetch_where_it_is_written(project, capsys):
    """The build refuses it (a web address without https://), so the fetch does too,
    before fetching anything: one located line, the count, exit status 1."""
    project.write("people/bob.yaml", person("bob.example.org/feed.xml"))
    assert fetch(project) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2, err
    assert err[0].startswith("content/people/bob.yaml:5: [feed] feed 'bob.example.org/feed.xml'")
    assert "expected 'https://bob.example.org/feed.xml'" in err[0]
    assert err[1] == "1 problem in the site content: nothing fetched"
    assert not (project.root / "data" / "planet" / "alice.json").exists()
