"""``invoke publish`` and ``preview``: what they build and how they copy (no network, no rsync)."""

from __future__ import annotations

import shlex

from invoke import MockContext, Result

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
    assert command[-2:] == [f"{tasks.OUTPUT}/", "user@host:/var/www/site/"]
