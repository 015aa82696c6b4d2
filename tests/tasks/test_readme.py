"""The README's task table is true: every task it names exists and does what it says.

Tasks are called as functions with an invoke ``MockContext``; Pelican runs are replaced by
a recorder, so nothing here builds, serves or touches the network.
"""

from __future__ import annotations

import re

import pytest
from invoke import Collection, Exit, MockContext, Result

import tasks

README = (tasks.ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def pelican_runs(monkeypatch):
    """Arguments of every Pelican run the tasks start (none really runs)."""
    runs = []
    monkeypatch.setattr(tasks, "_pelican", lambda *args: runs.append(args))
    return runs


def _table_tasks() -> set[str]:
    """Task names in the first column of the README's task table."""
    section = README.split("## Tasks", 1)[1].split("\n## ", 1)[0]
    names = set()
    for cell in re.findall(r"^\| (`invoke [^|]*) \|", section, re.MULTILINE):
        for code in re.findall(r"`([^`]*)`", cell):
            names.add(code.removeprefix("invoke ").split()[0])
    return names


def test_the_table_lists_every_task_and_only_tasks():
    defined = set(Collection.from_module(tasks).task_names)
    assert _table_tasks() == defined


def test_build_is_strict_and_uses_the_development_settings(pelican_runs, monkeypatch):
    indexed = []
    monkeypatch.setattr(tasks, "_index", lambda *args: indexed.append(args))
    tasks.build(MockContext())
    defer = ("-e", "SEARCH_DEFER_INDEX=true")  # Pagefind once Pelican's process has ended
    assert pelican_runs == [("-s", str(tasks.SETTINGS), "--fatal", "warnings", *defer)]
    assert indexed == [(tasks.OUTPUT, tasks.SETTINGS)]


def test_rebuild_cleans_then_builds():
    assert [t.name for t in tasks.rebuild.pre] == ["clean"]
    assert [t.name for t in tasks.rebuild.post] == ["build"]


def test_clean_removes_the_output(monkeypatch, tmp_path):
    output = tmp_path / "output"
    (output / "en").mkdir(parents=True)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    tasks.clean(MockContext())
    assert not output.exists()


def test_preview_says_where_its_output_is_meant_to_go(pelican_runs, capsys):
    tasks.preview(MockContext())
    assert pelican_runs == [("-s", str(tasks.PUBLISH_SETTINGS), "--fatal", "warnings")]
    said = capsys.readouterr().out
    assert tasks._site_url() and tasks._site_url() in said
    assert "not browsed locally" in said and "invoke build serve" in said


def test_publish_without_dest_uploads_nothing_and_says_so(pelican_runs, capsys, monkeypatch):
    monkeypatch.setattr(tasks.shutil, "which", lambda name: f"/usr/bin/{name}")  # rsync there
    context = MockContext(run=Result(), repeat=True)
    tasks.publish(context)
    assert not context.run.called
    assert "Nothing was uploaded" in capsys.readouterr().out


def test_test_runs_ruff_and_pytest_from_the_project_root():
    context = MockContext(run=Result(), repeat=True)
    folders = []
    context.run.side_effect = lambda command, **kwargs: folders.append(context.cwd) or Result()
    tasks.test(context, args="-k nothing")
    commands = [call.args[0] for call in context.run.call_args_list]
    assert len(commands) == 4
    assert folders == [str(tasks.ROOT)] * 4  # `ruff check .` checks the whole project
    assert "-m ruff check ." in commands[0] and "-m ruff format --check ." in commands[1]
    assert "-m basedpyright --pythonpath " in commands[2]  # pyproject.toml says over what
    assert commands[3].endswith("-m pytest -k nothing")


def test_test_fast_leaves_out_the_slow_and_browser_tests():
    context = MockContext(run=Result(), repeat=True)
    tasks.test(context, args="-x", fast=True)
    command = context.run.call_args_list[-1].args[0]
    assert command.endswith("-m pytest -m 'not slow and not browser' -x")


def test_archive_coverage_of_an_unknown_edition_is_an_error(capsys):
    with pytest.raises(Exit) as caught:
        tasks.archive_coverage(MockContext(), edition="1999")
    assert caught.value.code == 1
    assert "unknown edition '1999'" in capsys.readouterr().err
