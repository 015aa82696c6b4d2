"""``invoke publish`` and ``preview``: what they build and how they copy (no network, no rsync)."""

from __future__ import annotations

import shlex

import pytest
from invoke import Exit, MockContext, Result

import tasks


@pytest.fixture
def rsync_installed(monkeypatch):
    """rsync found on PATH, whether or not this machine has it (nothing runs it here)."""
    real = tasks.shutil.which
    monkeypatch.setattr(
        tasks.shutil, "which", lambda name: "/usr/bin/rsync" if name == "rsync" else real(name)
    )


def test_publish_rsyncs_with_modes_a_web_server_can_read(monkeypatch, rsync_installed):
    builds = []
    monkeypatch.setattr(tasks, "_pelican", lambda *args: builds.append(args))
    context = MockContext(run=Result(), repeat=True)
    tasks.publish(context, dest="user@host:/var/www/site/")
    assert builds and str(tasks.PUBLISH_SETTINGS) in builds[0]
    command = shlex.split(context.run.call_args.args[0])
    assert command[0] == "rsync"
    assert "--chmod=D755,F644" in command
    assert command[-3:] == ["--", f"{tasks.OUTPUT}/", "user@host:/var/www/site/"]
    # readers never see half an upload: new files renamed into place at the end, and the
    # files gone from the site deleted after that
    assert "--delay-updates" in command and "--delete-after" in command
    assert "--delete" not in command


def test_live_publishes_with_the_same_rsync_options():
    from plugins.wall import live

    assert list(tasks.RSYNC_OPTIONS) == live.RSYNC_OPTIONS


@pytest.mark.parametrize("dest", ["", "user@host:/var/www/site/"])
def test_publish_without_rsync_stops_before_building(monkeypatch, capsys, tmp_path, dest):
    builds = []
    monkeypatch.setattr(tasks, "_pelican", lambda *args: builds.append(args))
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without rsync
    context = MockContext(run=Result(), repeat=True)
    with pytest.raises(Exit) as caught:
        tasks.publish(context, dest=dest)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: rsync is not installed (not found on PATH); expected rsync")
    assert "sudo apt install rsync" in err and err.count("\n") == 1
    assert not builds and not context.run.called


def test_live_publish_without_rsync_stops_before_anything(monkeypatch, capsys, tmp_path):
    from plugins.wall.__main__ import main

    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    argv = ["live", "--edition", "2009", "--root", str(tmp_path), "--publish", "--dest", "h:/x/"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: rsync is not installed") and err.count("\n") == 1
    assert not list(tmp_path.iterdir())  # no lock, no output: nothing started


def test_a_dest_read_as_an_option_is_refused_before_building(monkeypatch, capsys):
    builds = []
    monkeypatch.setattr(tasks, "_pelican", lambda *args: builds.append(args))
    context = MockContext(run=Result(), repeat=True)
    with pytest.raises(Exit) as caught:
        tasks.publish(context, dest="-e touch /tmp/pwned user@host:/x/")
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --dest '-e touch") and err.count("\n") == 1
    assert not builds and not context.run.called
