"""``fetch`` and ``planet-status`` print server-supplied text as text, never as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plugins.core.text import one_line
from plugins.planet.__main__ import main as planet_command
from plugins.planet.sources import FeedSource

from .conftest import SIMPLE

# What HTTP allows in a reason phrase: markup, and obs-text (here a C1 CSI, \x9b).
HOSTILE = "[/oops] [bold red]x[/] \x9b2J Injected: line"


def hostile_reason(handler) -> None:
    handler.send_response(500, HOSTILE)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def redirect_to(location: str):
    def handler(request) -> None:
        request.send_response(301)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


@pytest.fixture
def project(tmp_path, settings, monkeypatch):
    """A project whose pelicanconf.py points the commands at the test's store."""
    monkeypatch.setenv("COLUMNS", "400")  # no folding of the table's last column
    store = Path(settings["PLANET_STORE_PATH"])
    (tmp_path / "pelicanconf.py").write_text(
        f"PLANET_STORE_PATH = {str(store)!r}\n"
        "PLANET_ALLOWED_NETWORKS = ['127.0.0.0/8']\n"
        "PLANET_TIMEOUT = 2.0\nPLANET_PARSE_WORKERS = 1\n"
    )
    sources: list[FeedSource] = []
    monkeypatch.setattr("plugins.planet.__main__.load_sources", lambda root, cfg: sources)
    return tmp_path, sources, store


def run(project, *command) -> int:
    return planet_command([*command, "--root", str(project[0])])


def test_hostile_reason_phrase_redirect_and_title(project, server, capsys):
    _, sources, store = project
    title_feed = SIMPLE.replace(b"<title>Blog</title>", b"<title>[/oops] \x1b]0;pwned\x07</title>")
    sources += [
        FeedSource("reason", server.add("/reason.xml", handler=hostile_reason)),
        # a loop: the error names the hostile URL
        FeedSource("loop", server.add("/[/oops]", handler=redirect_to("/[/oops]"))),
        # a permanent move to a hostile URL that serves a feed: printed as "moved"
        FeedSource("moved", server.add("/m.xml", handler=redirect_to("/new[/oops][red].xml"))),
        FeedSource("title", server.add("/t.xml", body=title_feed)),
    ]
    server.add("/new[/oops][red].xml")
    # no crash after the store was written; two feeds failed: exit status 1
    assert run(project, "fetch") == 1
    out, err = capsys.readouterr()
    assert "[/oops]" in out and "\x1b" not in out and "\x9b" not in out
    assert "\x1b" not in err and "\x9b" not in err
    assert "feed 'reason' failed: HTTP 500 [/oops] [bold red]x[/] 2J Injected: line;" in err
    assert "/new[/oops][red].xml" in out  # the new address of "moved"

    status = json.loads((store / "status" / "reason.json").read_text())
    assert status["error"].startswith("HTTP 500 [/oops] [bold red]x[/]")
    assert "\x9b" not in status["error"]

    for _ in range(2):  # and the status table, every time
        assert run(project, "status") == 0
        out = capsys.readouterr().out
        assert "[/oops]" in out and "\x1b" not in out


def test_hostile_store_text_does_not_crash_the_status(project, capsys):
    store = project[2]
    (store / "status").mkdir(parents=True)
    (store / "status" / "x.json").write_text(
        json.dumps(
            {
                "id": "x",
                "url": "https://x.example/[/a]",
                "error": "[/oops]\x1b[2J",
                "moved_to": "https://y.example/[/b]",
                "status": 500,
                "consecutive_failures": 1,
                "last_attempt": "2009-11-14T00:00:00Z",
            }
        )
    )
    assert run(project, "status") == 0
    out = capsys.readouterr().out
    assert "[/oops]" in out and "\x1b" not in out


def test_busy_store_message_is_escaped(project, capsys):
    _, sources, store = project
    from plugins.planet.lock import fetch_lock

    store.mkdir(parents=True)
    sources.append(FeedSource("me", "feeds/me.xml"))
    with fetch_lock(store):
        (store / ".fetch.lock").write_text("[/oops]\x1b[2J\n")  # the holder's text
        assert run(project, "fetch") == 2
    err = capsys.readouterr().err
    assert "[/oops]" in err and "\x1b" not in err


def test_one_line():
    assert one_line("a\r\nb\x1b[31m\u202ec\x00") == "a b [31m c"
    assert one_line("x" * 600, limit=10) == "x" * 9 + "…"
    assert one_line(None) == "None" and one_line(42) == "42"


def test_log_messages_lose_control_characters():
    import logging

    from plugins.planet.__main__ import _PlainMessages

    record = logging.LogRecord(
        "plugins.planet",
        logging.WARNING,
        __file__,
        1,
        "planet: %s: %s",
        ("x", "\x1b[2J[/oops]"),
        None,
    )
    assert _PlainMessages().filter(record)
    assert record.getMessage() == "planet: x:  [2J[/oops]"
    lines = logging.LogRecord("p", logging.ERROR, __file__, 1, "2 problems:\n  a\n  b", (), None)
    _PlainMessages().filter(lines)
    assert lines.getMessage() == "2 problems:\n  a\n  b"  # line breaks stay
