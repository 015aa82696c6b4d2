"""``invoke dev`` (plugins/core/devserver.py): the served pages carry the reload script and
the files do not; a rebuild after a save sends ``reload`` on the event stream, a broken
save sends ``failed`` with the located line and the last good page stays served. Every
wait is on an event of the stream (no sleeping)."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
from pathlib import Path

import pytest

from plugins.core import devserver
from plugins.core.devserver import SCRIPT_TAG, DevServer, inject
from tests.conftest import ROOT, FixtureSite

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
CACHE_PATH = {cache!r}
SEARCH_ENABLED = False
"""


class Stream:
    """A client of the event stream: ``next_event()`` blocks until the server sends one."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=120)
        self.connection.request("GET", devserver.EVENTS_PATH)
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next_event(self) -> tuple[str, str]:
        kind = data = None
        while True:
            line = self.response.fp.readline().decode()
            assert line, "the stream ended"
            line = line.rstrip("\n")
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif not line and kind:
                return kind, data

    def until(self, *kinds: str) -> tuple[str, str]:
        while True:
            kind, data = self.next_event()
            if kind in kinds:
                return kind, data

    def close(self) -> None:
        self.connection.close()


def get(url: str, path: str) -> tuple[int, dict, bytes]:
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def tag(build: str) -> bytes:
    return SCRIPT_TAG.format(build=build).encode()


def test_inject_puts_the_script_before_the_last_body_end():
    page = b"<html><body><p>x</p></BODY></html>"
    assert inject(page, "ab.1") == b"<html><body><p>x</p>" + tag("ab.1") + b"</BODY></html>"
    assert inject(b"<p>no body</p>", "ab.2") == b"<p>no body</p>" + tag("ab.2")


def test_the_server_adds_the_script_to_served_html_only(tmp_path):
    (tmp_path / "en").mkdir()
    page = b"<!doctype html><html><body><p>Hello</p></body></html>"
    (tmp_path / "en" / "index.html").write_bytes(page)
    (tmp_path / "style.css").write_bytes(b"body{}")
    with DevServer(tmp_path, port=0) as server:
        for path in ("/en/index.html", "/en/", "/en"):
            status, headers, body = get(server.url, path)
            assert status == 200, path
            assert body == inject(page, f"{server.events.run}.0")
            assert headers["Cache-Control"] == "no-store"
        assert get(server.url, "/style.css")[2] == b"body{}"
        status, headers, script = get(server.url, devserver.SCRIPT_PATH)
        assert headers["Content-Type"].startswith("text/javascript")
        assert b"new EventSource" in script and devserver.EVENTS_PATH.encode() in script
        assert get(server.url, "/__dev__/other")[0] == 404
        assert get(server.url, "/missing.html")[0] == 404
    assert (tmp_path / "en" / "index.html").read_bytes() == page  # the file is untouched


def test_every_stream_gets_hello_then_each_event():
    with DevServer(Path("/nonexistent-but-unused"), port=0) as server:
        first, second = Stream(server.url), Stream(server.url)
        run = server.events.run
        assert first.next_event() == ("hello", f"{run}.0")
        assert second.next_event() == ("hello", f"{run}.0")
        server.events.publish("reload")
        assert first.next_event() == ("reload", f"{run}.1")
        assert second.next_event() == ("reload", f"{run}.1")
        third = Stream(server.url)  # a tab opened (or reconnected) later: the new state
        assert third.next_event() == ("hello", f"{run}.1")
        for stream in (first, second, third):
            stream.close()


@contextlib.contextmanager
def running_dev(tmp_path: Path, settings_extra: str = "", watch: tuple[Path, ...] = ()):
    """A fixture site, its settings file and a dev loop running on it in a thread; yields
    (site, output, an event stream opened before the first build, the URL, the console
    lines). Also used by tests/browser/test_dev_reload.py."""
    site = FixtureSite(tmp_path / "site")
    settings = tmp_path / "devconf.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(site.content), cache=str(tmp_path / "cache"))
        + settings_extra,
        encoding="utf-8",
    )
    output = tmp_path / "output"
    stop, started, lines = threading.Event(), {}, []
    ready = threading.Event()

    def on_ready(server):
        started["stream"] = Stream(server.url)  # before the first build is published
        started["url"] = server.url
        ready.set()

    thread = threading.Thread(
        target=devserver.run_dev,
        args=(ROOT, settings, output, [site.content, *watch]),
        kwargs={"port": 0, "index": False, "stop": stop, "ready": on_ready, "say": lines.append},
        daemon=True,
    )
    thread.start()
    assert ready.wait(60)
    stream = started["stream"]
    assert stream.next_event()[0] == "hello"
    try:
        yield site, output, stream, started["url"], lines
    finally:
        stop.set()
        thread.join(60)
        stream.close()
    assert not thread.is_alive()


@pytest.fixture
def dev_site(tmp_path):
    with running_dev(tmp_path) as running:
        yield running


def test_a_save_rebuilds_and_reloads_and_a_broken_save_keeps_the_last_good_site(dev_site):
    site, output, stream, url, lines = dev_site
    page = "en/posts/report.html"
    assert stream.until("reload", "failed", "unchanged")[0] == "reload"  # the first build
    assert b"Text." in get(url, "/" + page)[2]

    site.write("posts/report.en.md", site.path("posts/report.en.md").read_text() + "\nSaved.\n")
    kind, _ = stream.until("reload", "failed", "unchanged")
    assert kind == "reload", lines
    status, _, served = get(url, "/" + page)
    assert status == 200 and b"Saved." in served and b'src="/__dev__/reload.js"' in served
    on_disk = (output / page).read_bytes()
    assert b"Saved." in on_disk and b"__dev__" not in on_disk  # never in the built files
    assert not any(b"__dev__" in p.read_bytes() for p in output.rglob("*.html"))

    broken = site.path("posts/report.en.md").read_text().replace("alice, bob", "alice, nobody")
    site.write("posts/report.en.md", broken + "\nNot shown.\n")
    kind, data = stream.until("reload", "failed", "unchanged")
    assert kind == "failed"
    failure = json.loads(data)["lines"]
    assert any("report.en.md" in line and "nobody" in line for line in failure), failure
    assert not any("Traceback" in line for line in failure), failure
    assert any("report.en.md" in line for line in lines)  # printed on the console too
    assert any(line.startswith("Build failed") for line in lines)
    served = get(url, "/" + page)[2]
    assert b"Saved." in served and b"Not shown." not in served  # the last good site


HELPER_SETTINGS = """
sys.path.insert(0, {code!r})
from devhelper import SUFFIX
ARTICLE_URL = ARTICLE_LANG_URL = "{{lang_segment}}/posts/{{slug}}-" + SUFFIX + ".html"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = ARTICLE_URL
"""


def test_an_edited_python_module_is_imported_anew(tmp_path):
    """Builds run in forks of a warm process that has imported the settings and plugins;
    a saved ``.py`` file starts a new one, so the edit takes effect."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "devhelper.py").write_text('SUFFIX = "one"\n', encoding="utf-8")
    extra = HELPER_SETTINGS.format(code=str(code))
    with running_dev(tmp_path, extra, (code,)) as (_site, output, stream, _url, lines):
        assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
        assert (output / "en" / "posts" / "report-one.html").is_file()
        (code / "devhelper.py").write_text('SUFFIX = "two"\n', encoding="utf-8")
        assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
        assert (output / "en" / "posts" / "report-two.html").is_file()
        assert not (output / "en" / "posts" / "report-one.html").exists()


def test_an_edited_conference_file_shows_after_the_rebuild(dev_site):
    """conference.yaml is read when the settings are (the site's name, languages): each
    build reads it anew, not the copy the warm process read when it started."""
    site, _output, stream, url, lines = dev_site
    assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
    assert b"Test Conference" in get(url, "/en/index.html")[2]
    conference = site.path("conference.yaml").read_text(encoding="utf-8")
    site.write("conference.yaml", conference.replace("Test Conference", "Renamed Conference"))
    assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
    assert b"Renamed Conference" in get(url, "/en/index.html")[2]


def test_ctrl_c_stops_a_server_started_with_sigint_ignored(tmp_path):
    """A shell starts its background jobs with SIGINT ignored, and Python then installs no
    handler: the server puts Python's own back while it runs (plugins/core/interrupts.py),
    so SIGINT still stops it, at once and cleanly."""
    import signal
    import subprocess
    import sys

    site = FixtureSite(tmp_path / "site")
    settings = tmp_path / "devconf.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(site.content), cache=str(tmp_path / "cache")),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "plugins.core.devserver", "--root", str(ROOT)]
    command += ["--settings", str(settings), "--output", str(tmp_path / "output"), "--no-index"]
    command += ["--port", "0", str(site.content)]
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the child
    try:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        assert server.stdout is not None
        lines = []
        for line in server.stdout:  # until the first build is done
            lines.append(line)
            if line.startswith("Watching "):
                break
        assert lines and lines[-1].startswith("Watching "), lines
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0  # without the handler: never, SIGINT ignored
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
