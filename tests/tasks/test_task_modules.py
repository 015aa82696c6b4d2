"""tasks.py stays the organizers' short list: maintainer and translator tasks live in
tools/, one module per concern, and are still listed (and run) under their names."""

from __future__ import annotations

import importlib

from invoke import Collection, Task

import tasks
from tests.conftest import ROOT

#: the longest a task module may grow (DESIGN: one module per concept, ~300 lines)
MAX_LINES = 400


def test_no_task_module_is_over_the_limit():
    modules = [ROOT / "tasks.py", *sorted((ROOT / "tools").glob("*.py"))]
    long = {
        path.name: n
        for path in modules
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_every_task_of_tools_is_listed_under_its_name():
    listed = Collection.from_module(tasks)
    for path in sorted((ROOT / "tools").glob("*.py")):
        module = importlib.import_module(f"tools.{path.stem}")
        for value in vars(module).values():
            if isinstance(value, Task) and value.__module__ == module.__name__:
                name = value.name or value.body.__name__.replace("_", "-")
                assert listed[name].body is value.body, (path.name, name)


def test_the_names_the_readme_and_ci_use_still_exist():
    listed = Collection.from_module(tasks).task_names
    for name in ("test", "lock", "test-latest", "screenshots", "lighthouse", "deploy-config"):
        assert name in listed, name
    for name in ("i18n-update", "i18n-status", "import-schedule", "unimport-schedule"):
        assert name in listed, name


def test_the_type_check_covers_every_api_and_settings_module():
    """``invoke test`` type-checks what [tool.basedpyright] includes: a new plugin's
    ``api.py`` and ``settings.py`` must be listed there (pyright's include takes folders and
    files, so each file is named)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = set(config["tool"]["basedpyright"]["include"])
    assert "plugins/core" in included
    for path in sorted(ROOT.glob("plugins/*/*.py")):
        if path.name in ("api.py", "settings.py") and path.parent.name != "core":
            assert str(path.relative_to(ROOT)) in included, path
