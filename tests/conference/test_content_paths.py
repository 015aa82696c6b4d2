"""Every CONFERENCE_* path setting is honoured everywhere: the build, the conference API
(``invoke fetch``'s people, the roundup's archive task), the importer and its undo."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPORA, ROOT, require_corpora

SERIES = """\
name: {en: Moved Conference}
languages: [en, fr]
default_language: fr
site_url: https://moved.example.org
timezone: Europe/Paris
"""

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
CONFERENCE_FILE = "series.yaml"
from pelicanconf import *  # noqa: F403
PATH = {content!r}
OUTPUT_PATH = {output!r}
CONFERENCE_EDITIONS_PATH = "years"
CONFERENCE_PEOPLE_PATH = "speakers"
FEED_ALL_ATOM = None
SEARCH_ENABLED = False
"""

PERSON = """\
name: {en: Ada Writer}
listed: true
aggregate: true
blog: https://ada.example.org/
feed: https://ada.example.org/feed.xml
"""


@pytest.fixture
def moved(tmp_path) -> tuple[Path, Path]:
    """A site whose series file, editions and people are where the settings say."""
    content = tmp_path / "content"
    (content / "speakers").mkdir(parents=True)
    (content / "series.yaml").write_text(SERIES, encoding="utf-8")
    (content / "speakers" / "ada.yaml").write_text(PERSON, encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(content), output=str(tmp_path / "output")),
        encoding="utf-8",
    )
    return content, settings


def _import(*argv: str) -> tuple[int, str, str]:
    from plugins.conference.importer.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_site_facts_come_from_the_moved_files(moved):
    from pelican.settings import read_settings

    from plugins.core.siteconfig import apply_site_settings, site

    content, settings_file = moved
    settings = read_settings(str(settings_file))
    apply_site_settings(settings)  # what every build does for its PATH
    facts = site(settings)
    assert facts.conference_file == content / "series.yaml"
    assert (facts.editions_path, facts.people_path) == (content / "years", content / "speakers")
    assert [lang.tag for lang in facts.languages] == ["en", "fr"]
    assert (settings["SITENAME"], settings["DEFAULT_LANG"]) == ("Moved Conference", "fr")
    assert (settings["TIMEZONE"], settings["FEED_DOMAIN"]) == (
        "Europe/Paris",
        "https://moved.example.org",
    )


def test_fetch_and_the_api_read_the_moved_people(moved):
    from pelican.settings import read_settings

    from plugins.conference.api import load_people
    from plugins.planet.sources import load_sources

    content, settings_file = moved
    settings = dict(read_settings(str(settings_file)))
    assert sorted(load_people(settings)) == ["ada"]
    assert [source.id for source in load_sources(content.parent, settings)] == ["ada"]


@pytest.mark.slow
def test_import_build_and_undo_use_the_moved_folders(moved):
    require_corpora("schedules")
    content, settings_file = moved
    source = CORPORA / "schedules" / "pretalx-democon.json"
    status, out, err = _import(
        str(source), "--edition", "democon", "--settings", str(settings_file)
    )
    assert status == 0, err
    assert (content / "years" / "democon" / "edition.yaml").is_file()
    assert list((content / "years" / "democon" / "sessions").glob("*.md"))
    assert len(list((content / "speakers").glob("*.yaml"))) > 1  # ada and the speakers
    assert not (content / "editions").exists() and not (content / "people").exists()
    assert "speakers/" in out

    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings_file), "--fatal", "warnings", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = settings_file.parent / "output"
    home = (output / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Moved Conference" in home
    assert (output / "fr" / "editions" / "democon" / "index.html").is_file()

    status, out, err = _import("--undo", "--edition", "democon", "--settings", str(settings_file))
    assert status == 0, err
    assert not list((content / "years" / "democon").rglob("*.md"))
    assert (content / "speakers" / "ada.yaml").is_file()  # not written by the import


def test_a_folder_outside_the_content_is_refused_for_imports(moved):
    require_corpora("schedules")
    _, settings_file = moved
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8") + 'CONFERENCE_PEOPLE_PATH = "../people"\n',
        encoding="utf-8",
    )
    status, _, err = _import(
        str(CORPORA / "schedules" / "pretalx-democon.json"),
        "--edition",
        "democon",
        "--settings",
        str(settings_file),
    )
    assert status == 1
    assert err.startswith("error: setting CONFERENCE_PEOPLE_PATH: ")
    assert "outside the content folder" in err and len(err.splitlines()) == 1
