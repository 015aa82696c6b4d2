"""``invoke live``: rounds of fetch and build, interrupted mid-round, leave a consistent
site and store."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from plugins.core.mirror import MirrorResult, mirror
from plugins.planet.lock import fetch_lock
from plugins.wall.live import LiveError, interval, recover
from tests.conference.test_problems import as_project
from tests.conftest import EDITION

from .conftest import add_stream, mastodon_tag_rss

SETTINGS = """
PLANET_ALLOWED_NETWORKS = ["127.0.0.0/8"]
PLANET_TIMEOUT = 60.0
PLANET_FEED_TIMEOUT = 60.0
PLANET_PARSE_WORKERS = 1
SEARCH_ENABLED = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
PLUGINS = [*PLUGINS, "build_gate"]
"""

#: A Pelican plugin of the fixture project that lets a test hold a build at a known point:
#: once ``hold-build`` exists, the next build announces itself with ``build-held`` and
#: waits there (bounded) until it is stopped. The test waits for that file, not for time.
BUILD_GATE = """
import time
from pathlib import Path

from pelican import signals

ROOT = Path(__file__).resolve().parent


def _hold(pelican):
    if (ROOT / "hold-build").exists():
        (ROOT / "build-held").touch()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            time.sleep(0.05)


def register():
    signals.finalized.connect(_hold)  # written, not yet swapped in
"""


class Live:
    """``python -m plugins.wall live`` in the fixture project, its lines collected."""

    def __init__(self, root: Path, *args: str, sigint_ignored: bool = False) -> None:
        self.lines: list[str] = []
        command = [sys.executable, "-m", "plugins.wall", "live", "--edition", "2009", *args]
        if sigint_ignored:  # started as a shell starts a background job
            command = ["sh", "-c", "trap '' INT; exec \"$@\"", "sh", *command]
        self.process = subprocess.Popen(
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, condition, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("live ended or timed out:\n" + "\n".join(self.lines))
            time.sleep(0.05)

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=60)
        self.reader.join(timeout=5)
        return status

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def project(site, mastodon):
    add_stream(site, mastodon.url("/tags/cnbc09.rss"))
    as_project(site)
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(SETTINGS)
    (site.root / "build_gate.py").write_text(BUILD_GATE, encoding="utf-8")
    return site


def _store_is_consistent(root: Path) -> None:
    store = root / "data" / "planet"
    assert not list(store.rglob(".*.tmp"))
    for path in store.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every file whole
    with fetch_lock(store), fetch_lock(root, ".live.lock"):  # both locks were released
        pass


@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["shell", "background"])
def test_interrupted_while_fetching(project, mastodon, sigint_ignored):
    mastodon.routes["/tags/cnbc09.rss"].delay = 30  # the instance is slow to answer
    live = Live(project.root, "--every", "1s", sigint_ignored=sigint_ignored)
    live.wait_for(lambda: mastodon.hits)  # round 1 is waiting for the feed
    assert live.interrupt() == 130
    assert any("stopped during round 1" in line for line in live.lines), live.lines
    _store_is_consistent(project.root)
    assert not project.output.exists()  # no half site: there was no complete build yet
    assert not Path(f"{project.output}.live").exists()


def test_interrupted_while_building_keeps_the_last_complete_site(project, mastodon):
    live = Live(project.root, "--every", "1s")
    staging = Path(f"{project.output}.live")
    live.wait_for(lambda: any(line.startswith("round 1 ") for line in live.lines))
    assert "7 new posts, 0 failed feeds; built in" in live.lines[-1], live.lines
    wall = project.output / "en/editions/2009/wall.html"
    built = wall.read_bytes()
    (project.root / "hold-build").touch()  # round 2's build will wait in the gate
    live.wait_for(lambda: (project.root / "build-held").exists())
    assert staging.exists() and len(live.lines) == 2  # round 2 is building
    assert live.interrupt() == 130
    assert any("stopped during round 2" in line for line in live.lines), live.lines
    assert not staging.exists()
    assert wall.read_bytes() == built  # the site is round 1's, whole
    assert (project.output / "zh-hans/editions/2009/wall.html").exists()
    _store_is_consistent(project.root)


def test_rounds_never_overlap_and_a_second_loop_is_refused(project, mastodon):
    first = Live(project.root, "--every", "1s")
    first.wait_for(lambda: any("live: edition" in line for line in first.lines))
    second = subprocess.run(
        [sys.executable, "-m", "plugins.wall", "live", "--edition", "2009"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    first.stop()
    assert second.returncode == 2
    assert second.stderr.startswith("error: another live loop")
    assert len(second.stderr.strip().splitlines()) == 1


def test_mirror_touches_only_what_differs(tmp_path):
    source, target = tmp_path / "staging", tmp_path / "output"
    (source / "a").mkdir(parents=True)
    (source / "same.html").write_text("same")
    (source / "a" / "changed.html").write_text("new")
    (source / "a" / "new.html").write_text("added")
    (target / "a" / "gone").mkdir(parents=True)
    (target / "same.html").write_text("same")
    (target / "a" / "changed.html").write_text("old")
    (target / "a" / "gone" / "x.html").write_text("x")
    (target / "old.html").write_text("old")
    os.utime(target / "same.html", (1_000_000, 1_000_000))
    result = mirror(source, target)
    assert sorted(result.changed) == ["a/changed.html", "a/new.html"]
    assert sorted(result.removed) == ["a/gone/x.html", "old.html"]
    assert (target / "same.html").stat().st_mtime == 1_000_000  # left alone
    assert (target / "a" / "changed.html").read_text() == "new"
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == [
        "a",
        "a/changed.html",
        "a/new.html",
        "same.html",
    ]
    assert mirror(source, target) == MirrorResult()  # nothing left to do


def test_recover_completes_a_mirror_and_deletes_a_half_build(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "output.live"
    output.mkdir()
    (output / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    (tmp_path / ".output.live-syncing").touch()  # killed while mirroring
    recover(output)
    assert [p.name for p in output.iterdir()] == ["new.html"]
    assert not (tmp_path / ".output.live-syncing").exists()
    (staging / "half.html").write_text("half")
    (tmp_path / ".output.live-building").touch()  # killed while building
    recover(output)
    assert not staging.exists() and not (tmp_path / ".output.live-building").exists()
    assert [p.name for p in output.iterdir()] == ["new.html"]  # the last complete build


def _round_lines(live: Live) -> list[str]:
    return [line for line in live.lines if line.startswith("round ")]


def test_a_round_with_nothing_new_changes_no_file(project, mastodon):
    live = Live(project.root, "--every", "1s", "--rounds", "3")
    assert live.process.wait(timeout=600) == 0, live.lines
    live.reader.join(timeout=5)
    first, second, third = _round_lines(live)
    assert "7 new posts" in first and "0 removed" in first
    assert "0 new posts" in second, second
    assert re.search(r"\(0 rendered, [\d,]+ unchanged\), 0 files changed, 0 removed$", third), third
    assert not list(project.root.glob(".output.live-*"))  # no marker of a cut-short round


def test_a_round_after_an_edit_changes_only_what_shows_it(project, mastodon):
    live = Live(project.root, "--every", "1s", "--rounds", "1")
    assert live.process.wait(timeout=600) == 0, live.lines
    session = project.content / "editions/2009/sessions/keynote.zh-Hans.md"
    stamps = {p: p.stat().st_mtime_ns for p in project.output.rglob("*") if p.is_file()}
    session.write_text(session.read_text(encoding="utf-8").replace("摘要。", "新的摘要。"), "utf-8")
    live = Live(project.root, "--every", "1s", "--rounds", "1")
    assert live.process.wait(timeout=600) == 0, live.lines
    live.reader.join(timeout=5)
    (line,) = _round_lines(live)
    changed = int(re.search(r"([\d,]+) files? changed", line).group(1).replace(",", ""))
    touched = [p for p, stamp in stamps.items() if p.stat().st_mtime_ns != stamp]
    assert 0 < changed == len(touched) < len(stamps) / 2, line


def test_an_edition_without_streams_runs(project):
    (project.root / "content/editions/2009/edition.yaml").write_text(EDITION, encoding="utf-8")
    live = Live(project.root, "--every", "1s", "--rounds", "1")
    assert live.process.wait(timeout=600) == 0, live.lines
    live.reader.join(timeout=5)
    assert "no streams (schedule only)" in live.lines[0]
    (line,) = _round_lines(live)
    assert ": no streams to fetch; built in " in line


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_published_rounds_send_only_what_changed(project, mastodon, tmp_path):
    dest = tmp_path / "www"
    shutil.copy(Path(__file__).resolve().parents[2] / "publishconf.py", project.root)
    live = Live(project.root, "--every", "1s", "--rounds", "3", "--publish", "--dest", f"{dest}/")
    assert live.process.wait(timeout=600) == 0, live.lines
    live.reader.join(timeout=5)
    first, second, third = _round_lines(live)
    assert re.search(r"; published, [1-9][\d,]* files sent$", first), first
    assert "; schedule unchanged; published" in first  # the first publication: no change
    assert second.endswith("0 removed; schedule unchanged; published, 0 files sent"), second
    # the publishing rounds keep their caches: nothing new, nothing rendered again
    assert "(0 rendered, " in third and third.endswith(", 0 files sent"), third
    assert (dest / "en/editions/2009/wall.html").is_file()
    # a session moved: the round records and reports it, and publishes its changes page
    session = project.content / "editions/2009/sessions/keynote.zh-Hans.md"
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace("2009-11-14 09:30", "2009-11-14 09:45"), "utf-8")
    live = Live(project.root, "--every", "1s", "--rounds", "1", "--publish", "--dest", f"{dest}/")
    assert live.process.wait(timeout=600) == 0, live.lines
    live.reader.join(timeout=5)
    (third,) = _round_lines(live)
    assert "; 1 schedule change (1 moved) recorded; published, " in third, third
    assert "change-moved" in (dest / "en/editions/2009/changes.html").read_text("utf-8")
    snapshot = json.loads((project.root / "data/schedule/2009.json").read_text("utf-8"))
    assert [c["kind"] for c in snapshot["changes"]] == ["moved"]


def test_interval():
    assert interval("5m") == 300 and interval("90s") == 90 and interval("1h") == 3600
    assert interval("2") == 2
    for bad in ("", "5 minutes", "0", "-1m"):
        with pytest.raises(LiveError):
            interval(bad)
    assert interval("24h") == 86400
    for long in ("25h", "1441m", "999999999999999999999h", "9" * 400):
        with pytest.raises(LiveError, match="is longer than a day; expected at most 24h"):
            interval(long)


@pytest.mark.parametrize("dest", ["-e touch /tmp/pwned x:/y", "--rsh=sh", "-"])
def test_a_dest_read_as_an_option_is_refused_before_anything(dest, capsys, tmp_path):
    from plugins.wall.__main__ import main

    argv = ["live", "--edition", "2009", "--root", str(tmp_path), "--publish"]
    assert main([*argv, f"--dest={dest}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --dest ") and err.count("\n") == 1
    assert "which rsync would read as an option" in err
    assert not list(tmp_path.iterdir())  # no lock, no output: nothing started


def test_the_sample_feed_helper_is_a_feed():
    import feedparser

    assert len(feedparser.parse(mastodon_tag_rss()).entries) == 8


def test_the_tasks_stop_with_one_line_on_bad_options(capsys):
    from invoke import Exit, MockContext

    import tasks

    with pytest.raises(Exit) as caught:
        tasks.planet_purge(MockContext(), edition="1999")
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("error: unknown edition '1999'")
    with pytest.raises(Exit) as caught:
        tasks.live(MockContext(), edition="2009", every="soon")
    assert caught.value.code == 2
    assert capsys.readouterr().err == (
        "error: --every 'soon' is not a duration; expected e.g. 90s, 5m or 1h\n"
    )
    with pytest.raises(Exit) as caught:
        tasks.live(MockContext(), edition="1999", every="1m")
    assert capsys.readouterr().err.startswith("error: unknown edition '1999'; expected one of:")


def test_the_sample_purge_dry_run_lists_the_moderated_posts(capsys):
    from invoke import MockContext

    import tasks

    tasks.planet_purge(MockContext(), edition="2009", dry_run=True)
    out = capsys.readouterr().out.splitlines()
    # exactly what the wall hides: the two moderated posts, and the one without consent
    assert out == [
        "would purge stream.2009.cnbc09-tag: https://social.example.org/@sophie/601 (consent)",
        "would purge stream.2009.cnbc09-tag: https://elsewhere.example/@wanderer/9 (takedown)",
        "would purge stream.2009.cnbc09-tag: https://spam.example/@bargains/1 (spam)",
        "3 entries and 0 pictures would be purged from data/",
    ]


def test_a_published_round_passes_the_dest_after_double_dash(monkeypatch, tmp_path):
    import types

    import plugins.planet.api
    from plugins.wall import live

    calls = []
    summary = types.SimpleNamespace(failed=[], new_entries=1)
    monkeypatch.setattr(plugins.planet.api, "run_fetch", lambda *a, **k: summary)
    monkeypatch.setattr(live, "build", lambda *args: live.Built(changed=["a.html"]))
    stats = "Number of files: 3\nNumber of regular files transferred: 1\n"
    monkeypatch.setattr(
        live.subprocess,
        "run",
        lambda argv, **kw: calls.append(argv) or types.SimpleNamespace(returncode=0, stdout=stats),
    )
    output = tmp_path / "output"
    settings = {"PATH": str(tmp_path / "content")}
    line = live.one_round(
        1, tmp_path, settings, ["a stream"], tmp_path / "s.py", output, tmp_path / "p.py", "h:/x/"
    )
    assert line.endswith("0 removed; schedule unchanged; published, 1 file sent"), line
    assert calls == [["rsync", *live.RSYNC_OPTIONS, "--stats", "--", f"{output}/", "h:/x/"]]
