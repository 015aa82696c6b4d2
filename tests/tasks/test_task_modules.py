"""tasks.py stays the organizers' short list: maintainer and translator tasks live in
tools/, one module per concern, and are still listed (and run) under their names. No
module of the project (tasks.py, plugins/, tools/, bench/) grows over 400 lines."""

from __future__ import annotations

import importlib

from invoke import Collection, Task

import tasks
from tests.conftest import ROOT

#: the longest a module may grow (DESIGN: one module per concept, ~300 lines; issue 31)
MAX_LINES = 400


def python_modules() -> list:
    """Every module the rule covers: tasks.py and each ``.py`` under plugins/, tools/, bench/."""
    found = [ROOT / "tasks.py"]
    for folder in ("plugins", "tools", "bench"):
        found += sorted(
            path for path in (ROOT / folder).rglob("*.py") if "__pycache__" not in path.parts
        )
    return found


def test_the_rule_covers_every_folder_of_code():
    names = {str(path.relative_to(ROOT)) for path in python_modules()}
    assert "tasks.py" in names
    for expected in ("plugins/core/", "plugins/conference/exports/", "tools/", "bench/planet/"):
        assert any(name.startswith(expected) for name in names), expected


def test_no_module_is_over_the_limit():
    long = {
        str(path.relative_to(ROOT)): n
        for path in python_modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    listed = "".join(f"\n  {name}: {n} lines" for name, n in sorted(long.items()))
    assert not long, (
        f"{len(long)} module(s) over {MAX_LINES} lines; expected each split by "
        f"responsibility into modules of at most {MAX_LINES} lines:{listed}"
    )


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
