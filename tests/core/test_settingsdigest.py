"""The settings' fingerprints: functions by their code, closures, helpers and files."""

from __future__ import annotations

import functools
import json
import sys
import types
from pathlib import Path

import jinja2
import pytest

from plugins.core import settingsdigest
from plugins.core.settingsdigest import CodePrinter, environment_digest, settings_fingerprint


def _module(name: str, source: str, folder: Path) -> types.ModuleType:
    """Import ``source`` as the project module ``name`` (a file under ``folder``)."""
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Make project modules from source; they leave sys.modules after the test."""
    made: list[str] = []

    def make(name: str, source: str) -> types.ModuleType:
        monkeypatch.delitem(sys.modules, name, raising=False)
        made.append(name)
        return _module(name, source, tmp_path)

    yield make
    for name in made:
        sys.modules.pop(name, None)


def _print(value) -> str:
    return json.dumps(CodePrinter().value(value), sort_keys=True)


FILTER = """
SUFFIX = "!"

def helper(text):
    return text.strip()

def shout(text):
    return helper(text).upper() + SUFFIX

def make(table):
    def gloss(text):
        return table.get(text, text)
    return gloss
"""


def test_a_function_is_known_by_its_code_not_its_name(modules):
    one = modules("filters_a", FILTER)
    same = modules("filters_b", FILTER)
    body = modules("filters_c", FILTER.replace(".upper()", ".lower()"))
    constant = modules("filters_d", FILTER.replace('SUFFIX = "!"', 'SUFFIX = "?"'))
    helper = modules("filters_e", FILTER.replace("text.strip()", "text.rstrip()"))

    def printed(module):  # the module name aside, which differs by construction
        return _print(module.shout).replace(module.__name__, "M")

    assert printed(one) == printed(same)  # stable: no address, no id
    assert printed(one) != printed(body)  # the body (co_code, names)
    assert printed(one) != printed(constant)  # a global it reads
    assert printed(one) != printed(helper)  # a function it calls


def test_closures_bound_arguments_and_nested_code_are_followed(modules):
    module = modules("filters_f", FILTER)
    assert _print(module.make({"a": "b"})) == _print(module.make({"a": "b"}))
    assert _print(module.make({"a": "b"})) != _print(module.make({"a": "c"}))
    bound = functools.partial(module.shout)
    assert _print(functools.partial(bound, "x")) != _print(functools.partial(bound, "y"))
    nested = modules("filters_g", FILTER.replace("table.get(text, text)", "table.get(text)"))
    assert _print(module.make({})).replace("filters_f", "M") != _print(nested.make({})).replace(
        "filters_g", "M"
    )


def test_lambdas_defaults_and_objects():
    assert _print(lambda x: x + 1) != _print(lambda x: x + 2)
    assert _print(lambda x=1: x) != _print(lambda x=2: x)

    class Table:
        def __init__(self, rows):
            self.rows = rows

    assert _print(Table([1])) != _print(Table([2]))
    assert _print(object()) == _print(object())  # no memory address


def test_library_functions_are_known_by_name_code_and_version():
    printed = CodePrinter().value(json.dumps)
    assert printed[:3] == ["function", "json", "dumps"]
    assert printed[-1].startswith("python ")
    assert CodePrinter().value(len)[:3] == ["builtin", "builtins", "len"]


def test_the_settings_files_and_the_modules_they_import_are_hashed(modules):
    helper = modules("site_helpers", "def title(text):\n    return text.title()\n")
    conf = modules(
        "site_conf",
        "import site_helpers\nfrom site_helpers import title\n"
        "SITENAME = 'x'\nJINJA_FILTERS = {'title': title}\n",
    )
    settings = {"SITENAME": "x", "JINJA_FILTERS": conf.JINJA_FILTERS, "OUTPUT_PATH": "out"}
    printed = settings_fingerprint(settings, skip=(), excluded={"OUTPUT_PATH"})
    assert conf.__file__ in printed["files"] and helper.__file__ in printed["files"]
    assert "OUTPUT_PATH" not in printed["values"]
    Path(conf.__file__).write_text(Path(conf.__file__).read_text() + "# a comment\n")
    again = settings_fingerprint(settings, skip=(), excluded={"OUTPUT_PATH"})
    assert again["files"][conf.__file__] != printed["files"][conf.__file__]
    assert again["files"][helper.__file__] == printed["files"][helper.__file__]


def test_a_module_with_other_upper_case_names_is_not_a_settings_file(modules):
    modules("not_settings", "TASKS = 1\nSITENAME = 'y'\n")
    found = settingsdigest.settings_modules({"SITENAME": "y"})
    assert "not_settings" not in [m.__name__ for m in found]


def test_the_jinja_environment_digest_follows_options_and_filters():
    def digest(**options):
        filters = options.pop("filters", {})
        env = jinja2.Environment(**options)
        env.filters.update(filters)
        return environment_digest(env)

    assert digest(trim_blocks=True) == digest(trim_blocks=True)
    assert digest(trim_blocks=True) != digest(trim_blocks=False)
    assert digest(autoescape=True) != digest(autoescape=False)
    assert digest(extensions=["jinja2.ext.do"]) != digest()
    assert digest(filters={"f": lambda x: x}) != digest(filters={"f": lambda x: x * 2})
    plain = digest(filters={"f": lambda x: x})
    assert plain != digest(filters={"f": jinja2.pass_context(lambda c, x: x)})
