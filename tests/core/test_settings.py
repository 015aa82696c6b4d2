"""Plugin settings are declared once (plugins.core.settings): the README's tables are the
declarations, a bad value is one SettingError naming the setting, and reading is memoized
on the values (a changed setting is seen)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.conference.settings import ConferenceSettings
from plugins.core.errors import ContentError
from plugins.core.report import ReportContentErrors
from plugins.core.settings import PluginSettings, SettingError, integer, setting, string_list
from plugins.core.siteconfig import SiteSettings
from plugins.languages.settings import LanguagesSettings
from plugins.planet.settings import PlanetSettings
from plugins.roundup.settings import RoundupSettings
from plugins.search.settings import SearchSettings
from plugins.sitemap.settings import SitemapSettings
from plugins.wall.settings import WallSettings

ROOT = Path(__file__).resolve().parents[2]

#: README section -> the declarations its table documents, in order.
TABLES = {
    "conference plugin": [SiteSettings, ConferenceSettings],
    "languages plugin": [LanguagesSettings],
    "planet plugin": [PlanetSettings],
    "wall plugin": [WallSettings],
    "search plugin": [SearchSettings],
    "sitemap plugin": [SitemapSettings],
    "roundup plugin": [RoundupSettings],
}


def readme_tables() -> dict[str, list[str]]:
    """``### <name>`` under ``## Settings`` -> its table rows (header rows left out)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    tables = {}
    for part in re.split(r"^### ", section, flags=re.M)[1:]:
        name, _, body = part.partition("\n")
        tables[name.strip()] = [line for line in body.splitlines() if line.startswith("| `")]
    return tables


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_readme_table_is_the_declarations(name):
    expected = [row for cls in TABLES[name] for row in cls.table_rows()]
    assert readme_tables()[name] == expected


def test_every_settings_table_in_the_readme_is_checked():
    assert set(readme_tables()) == set(TABLES)


def test_every_plugin_declares_its_settings_with_the_helper():
    declared = {path.parent.name for path in (ROOT / "plugins").glob("*/settings.py")}
    checked = {cls.__module__.split(".")[1] for classes in TABLES.values() for cls in classes}
    assert declared <= checked


@dataclass(frozen=True, kw_only=True)
class Example(PluginSettings):
    PREFIX = "EXAMPLE_"

    count: int = setting("EXAMPLE_COUNT", 3, integer(minimum=1), "how many")
    names: tuple[str, ...] = setting("EXAMPLE_NAMES", [], string_list("a list of names"), "which")
    other: int | None = setting("FEED_MAX_ITEMS", 100, own=False)


def test_defaults_types_and_conversion():
    config = Example.read({})
    assert (config.count, config.names, config.other) == (3, (), 100)
    assert Example.read({"EXAMPLE_NAMES": ["a", "b"]}).names == ("a", "b")
    assert Example.defaults() == {"EXAMPLE_COUNT": 3, "EXAMPLE_NAMES": []}  # own only
    assert Example.table_rows() == [
        "| `EXAMPLE_COUNT` | int | `3` | how many |",
        "| `EXAMPLE_NAMES` | list of str | `[]` | which |",
    ]


@pytest.mark.parametrize("value", [0, True, "3", 2.5, None])
def test_a_bad_value_names_the_setting_and_what_was_expected(value):
    with pytest.raises(SettingError) as caught:
        Example.read({"EXAMPLE_COUNT": value})
    error = caught.value
    assert error.key == "EXAMPLE_COUNT"
    assert str(error) == f"setting EXAMPLE_COUNT: got {value!r}; expected an integer >= 1"
    problem = error.problem()
    assert problem.format() == (
        f"pelicanconf.py: [EXAMPLE_COUNT] got {value!r}; expected an integer >= 1"
    )


def test_an_unknown_setting_with_the_prefix_is_an_error():
    with pytest.raises(
        SettingError, match="EXAMPLE_COUNTS: is not a setting; expected one of the known EXAMPLE_"
    ):
        Example.read({"EXAMPLE_COUNTS": 2})


def test_reading_is_memoized_on_the_values_and_sees_a_change():
    settings = {"EXAMPLE_COUNT": 2}
    assert Example.read(settings) is Example.read(dict(settings))
    settings["EXAMPLE_COUNT"] = 5
    assert Example.read(settings).count == 5
    assert Example.read({"EXAMPLE_COUNT": 2, "EXAMPLE_NAMES": ["x"]}).names == ("x",)
    # True is not 1: the memo keeps the Python type, so the bad value is still refused
    Example.read({"EXAMPLE_COUNT": 1})
    with pytest.raises(SettingError):
        Example.read({"EXAMPLE_COUNT": True})


def test_an_unhashable_value_is_validated_without_the_memo():
    assert Example.read({"EXAMPLE_NAMES": {"b"}}).names == ("b",)


def test_the_build_reports_a_setting_error_as_one_located_line(capsys):
    import logging

    error = SettingError("ROUNDUP_PER_PAGE", 0, "an integer >= 1")
    record = logging.LogRecord(
        "pelican", logging.CRITICAL, __file__, 1, "%s", (error,), (SettingError, error, None)
    )
    assert ReportContentErrors().filter(record) is False
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "pelicanconf.py: [ROUNDUP_PER_PAGE] got 0; expected an integer >= 1"
    assert lines[1] == "1 problem in the site content"


def test_every_plugin_raises_the_one_exception():
    for cls, key, value in [
        (ConferenceSettings, "CONFERENCE_HOME_POSTS", -1),
        (SiteSettings, "CONFERENCE_FILE", ""),
        (LanguagesSettings, "LANGUAGES_UNTRANSLATED", "drop"),
        (PlanetSettings, "PLANET_TIMEOUT", 0),
        (SearchSettings, "SEARCH_ENABLED", "yes"),
        (SitemapSettings, "SITEMAP_MAX_URLS", 50001),
        (RoundupSettings, "ROUNDUP_DAYS_AFTER", -1),
    ]:
        with pytest.raises(SettingError) as caught:
            cls.read({"PATH": "content", key: value})
        assert caught.value.key == key
        assert not isinstance(caught.value, ContentError)
