"""The settings file is checked like content: a setting name close to a known one is a
located problem (plugins.core.settingsfile), and settings the content cache cannot pickle
turn it off with a note instead of failing the build (plugins.core.picklecheck)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pelican.settings import read_settings

from plugins.core.picklecheck import unpicklable
from plugins.core.settingsfile import assigned_names, known, unknown_names

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = "expected a setting Pelican or a plugin reads"
FATAL = ("--fatal", "warnings")


def settings_file(folder: Path, name: str, text: str) -> Path:
    """Write a settings module ``name`` (unique per test: Pelican keeps it in sys.modules)."""
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def test_a_close_name_is_located_and_a_far_one_allowed(tmp_path):
    path = settings_file(
        tmp_path,
        "conf_typos",
        """\
        import os

        ROOT = os.path.dirname(__file__)  # a constant of the file's own
        MENUITEMS = [("Blog", "/")]  # a theme's setting
        MY_HELPER_TABLE = {"a": 1}
        SITEURL = ""
        SITE_URL = "https://example.org"
        if True:
            PLANET_NEW_FEED_DAY = 3
        DEFAULT_PAGINATON, TIMEZONE = 10, "UTC"
        PLANET_MAX_ENTRY = 5  # far from any setting, but the planet plugin's prefix
        PLANET_ZZZ = 1
        """,
    )
    problems = unknown_names(read_settings(str(path)))
    assert [(p.path, p.line, p.where) for p in problems] == [
        (str(path), 7, "SITE_URL"),
        (str(path), 9, "PLANET_NEW_FEED_DAY"),
        (str(path), 10, "DEFAULT_PAGINATON"),
        (str(path), 11, "PLANET_MAX_ENTRY"),
        (str(path), 12, "PLANET_ZZZ"),
    ]
    assert "(did you mean 'PLANET_MAX_" in problems[3].message
    assert problems[4].message.startswith("unknown setting 'PLANET_ZZZ'; expected")
    assert problems[1].message == (
        "unknown setting 'PLANET_NEW_FEED_DAY' (did you mean 'PLANET_NEW_FEED_DAYS'?); "
        f"{EXPECTED} (see the README's Settings); a name of your own must not be this "
        "close to one"
    )
    assert "(did you mean 'SITEURL'?)" in problems[0].message


def test_publishconf_and_the_file_it_imports_are_both_located(tmp_path):
    base = settings_file(
        tmp_path,
        "conf_base_star",
        """\
        SITEURL = ""
        ARTICLE_URLS = "{slug}.html"
        """,
    )
    publish = settings_file(
        tmp_path,
        "conf_publish_star",
        f"""\
        import sys

        sys.path.insert(0, {str(tmp_path)!r})
        from conf_base_star import *  # noqa: F403

        RELATIVE_URL = False
        """,
    )
    problems = unknown_names(read_settings(str(publish)))
    assert [(p.path, p.line, p.where) for p in problems] == [
        (str(base), 2, "ARTICLE_URLS"),
        (str(publish), line_of(publish, "RELATIVE_URL"), "RELATIVE_URL"),
    ]


def test_a_name_given_on_the_command_line_names_the_settings_file_without_a_line():
    # (``pelican -e``: a value no settings module holds)
    problems = unknown_names({"PLANET_NEW_FEED_DAY": [3], "SITEURL": ""})
    assert [(p.path, p.line) for p in problems] == [("pelicanconf.py", None)]


def names_read(paths) -> set[str]:
    """Upper-case names the code of ``paths`` reads by key (``settings.get("X")``,
    ``settings.setdefault("X", …)``, ``settings["X"]``)."""
    read = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = None
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in SETTERS:
                key = node.args[0] if node.args else None
            elif isinstance(node, ast.Subscript):
                key = node.slice
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*", key.value)
            ):
                read.add(key.value)
    assert read, "the scan found nothing: it is broken"
    return read


SETTERS = ("get", "setdefault")


def test_every_setting_the_plugins_read_is_known():
    """So that it can never be reported as a typo."""
    assert sorted(names_read((ROOT / "plugins").rglob("*.py")) - known({})) == []


def test_every_setting_pelican_reads_is_known():
    """The hand-kept list of Pelican's settings without a default stays complete (its
    settings.py is left out: it reads the deprecated names it renames)."""
    import pelican

    folder = Path(pelican.__file__).parent
    paths = [p for p in folder.glob("*.py") if p.name != "settings.py"]
    assert sorted(names_read(paths) - known({})) == []


def test_the_project_settings_files_have_no_unknown_close_names():
    assert unknown_names(read_settings(str(ROOT / "publishconf.py"))) == []
    assert set(assigned_names(str(ROOT / "pelicanconf.py"))) >= {"PATH", "PLUGINS", "THEME"}


def test_unpicklable_settings_are_named():
    def local(text):
        return text

    assert unpicklable(
        {"JINJA_FILTERS": {"a": lambda s: s}, "JINJA_GLOBALS": {"b": local}, "PATH": "x"}
    ) == ["JINJA_FILTERS", "JINJA_GLOBALS"]
    assert unpicklable({"JINJA_FILTERS": {"upper": str.upper}, "X": [1, "a"]}) == []


def pelican(settings: Path, output: Path) -> subprocess.CompletedProcess:
    """``pelican -s SETTINGS --fatal warnings`` as ``invoke build`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), *FATAL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def project_settings(folder: Path, name: str, content: Path, extra: str) -> Path:
    """A settings file that takes the project's and points them at ``content``."""
    return settings_file(
        folder,
        name,
        textwrap.dedent(
            f"""\
            import sys

            sys.path.insert(0, {str(ROOT)!r})
            from pelicanconf import *  # noqa: F403

            PATH = {str(content)!r}
            CACHE_PATH = {str(folder / "cache")!r}
            """
        )
        + textwrap.dedent(extra),
    )


def test_the_build_stops_on_a_mistyped_setting_with_one_line(site, tmp_path):
    path = project_settings(tmp_path, "conf_cli_typo", site.content, "WALL_LATEST_POST = 5\n")
    result = pelican(path, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(path, 'WALL_LATEST_POST')}: [WALL_LATEST_POST] unknown setting "
        "'WALL_LATEST_POST' (did you mean 'WALL_LATEST_POSTS'?); "
        f"{EXPECTED} (see the README's Settings); a name of your own must not be this "
        "close to one",
        "1 problem in the site content",
    ]
    assert not (tmp_path / "out").exists()  # stopped before anything was written


@pytest.mark.parametrize("closure", [False, True])
def test_a_lambda_or_closure_in_the_settings_builds_without_the_content_cache(
    site, tmp_path, closure
):
    """Pelican's documented ``JINJA_FILTERS = {"x": lambda …}``: the build succeeds with
    ``--fatal warnings``, and one note says the content cache is off."""
    extra = (
        """\
        def make():
            def shout(text):
                return str(text).upper()
            return shout

        JINJA_FILTERS = {"shout": make()}
        """
        if closure
        else 'JINJA_FILTERS = {"shout": lambda text: str(text).upper()}\n'
    )
    name = f"conf_cli_{'closure' if closure else 'lambda'}"
    path = project_settings(tmp_path, name, site.content, extra)
    result = pelican(path, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (note,) = [line for line in result.stderr.splitlines() if "note:" in line]
    assert note.startswith(f"{path}:{line_of(path, 'JINJA_FILTERS')}: note: [JINJA_FILTERS] ")
    assert "the content cache is off for this build" in note
    assert not list((tmp_path / "cache").glob("*-Readers"))  # nothing pickled
    again = pelican(path, tmp_path / "out")  # and again: no stale cache to trip on
    assert again.returncode == 0, again.stderr
