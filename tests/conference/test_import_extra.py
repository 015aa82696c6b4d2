"""``invoke import-schedule`` without the ``import`` extra: one line naming the command that
installs it, exit status 1, no traceback, nothing written. The extra's absence is
simulated by making its modules fail to import (``sys.modules[name] = None``)."""

from __future__ import annotations

import json
import sys

import pytest
from invoke import Exit, MockContext

import tasks
from plugins.core.extras import MissingExtra, install_command, installed, require

LINE = "install it with: pip install --no-deps -r requirements/import.lock"


def test_import_schedule_without_lingua_says_how_to_install_it(monkeypatch, capfd, tmp_path):
    monkeypatch.setitem(sys.modules, "lingua", None)
    with pytest.raises(Exit) as caught:
        tasks.import_schedule(MockContext(), str(tmp_path / "schedule.json"), edition="x2026")
    assert caught.value.code == 1
    err = capfd.readouterr().err
    assert err == (
        "error: invoke import-schedule needs the 'import' extra (lingua is not installed); "
        f"{LINE}\n"
    )
    assert not (tasks.ROOT / "content/editions/x2026").exists()


@pytest.mark.parametrize("module", ["jsonschema", "xmlschema"])
def test_strict_without_a_schema_checker_says_how_to_install_it(
    monkeypatch, capfd, tmp_path, module
):
    from plugins.conference.importer.cli import main

    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(
        "name: T\nlanguages: [en]\ndefault_language: en\ntimezone: UTC\n", encoding="utf-8"
    )
    source = tmp_path / "schedule.json"
    source.write_text(json.dumps({"schedule": {"conference": {}}}), encoding="utf-8")
    monkeypatch.setitem(sys.modules, module, None)
    argv = [str(source), "--edition", "x", "--strict", str(tmp_path), "--content", str(content)]
    assert main(argv, err=sys.stderr) == 1
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"--strict needs the 'import' extra ({module} is not installed); {LINE}" in err


def test_undo_needs_no_extra(monkeypatch, capfd, tmp_path):
    from plugins.conference.importer.cli import main

    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(
        "name: T\nlanguages: [en]\ndefault_language: en\ntimezone: UTC\n", encoding="utf-8"
    )
    monkeypatch.setitem(sys.modules, "lingua", None)
    status = main(["--undo", "--edition", "x", "--content", str(content)], err=sys.stderr)
    err = capfd.readouterr().err
    # it gets as far as looking for the edition's import (there is none)
    assert status == 1 and "no import" in err and "'import' extra" not in err


def test_require_names_the_missing_module_and_the_lock(monkeypatch):
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    assert not installed("jsonschema")
    assert installed("json")
    require("import", ("json",), "x")  # present: nothing raised
    with pytest.raises(MissingExtra, match="jsonschema is not installed"):
        require("import", ("json", "jsonschema"), "x")
    assert install_command("import") == "pip install --no-deps -r requirements/import.lock"
