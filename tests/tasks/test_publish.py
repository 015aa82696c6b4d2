"""``invoke publish`` and ``preview``: what they build and how they copy (no network, no rsync)."""

from __future__ import annotations

import shlex

import pytest
from invoke import Exit, MockContext, Result

import tasks


def test_publish_rsyncs_with_modes_a_web_server_can_read(monkeypatch):
    builds = []
    monkeypatch.setattr(tasks, "_pelican", lambda *args: builds.append(args))
    context = MockContext(run=Result(), repeat=True)
    tasks.publish(context, dest="user@host:/var/www/site/")
    assert builds and str(tasks.PUBLISH_SETTINGS) in builds[0]
    command = shlex.split(context.run.call_args.args[0])
    assert command[0] == "rsync"
    assert "--chmod=D755,F644" in command
    assert command[-3:] == ["--", f"{tasks.OUTPUT}/", "user@host:/var/www/site/"]


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
