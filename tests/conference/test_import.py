"""``invoke import-schedule``: real pretalx/frab schedules become content that builds and
exports valid frab files; re-imports respect edits; bad input is one clear line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPORA, ROOT, SCHEMAS, require_corpora

SCHEDULES = CORPORA / "schedules"


@pytest.fixture(autouse=True, scope="module")
def _real_schedules():
    """Every test here imports a real schedule from the shared corpora."""
    require_corpora("schedules")


CONFERENCE = """\
name: Import Test
languages: [en]
default_language: en
site_url: https://conf.example.org
timezone: UTC
"""

#: file, edition id, extra options (zones for sources that name none)
IMPORTS = [
    ("pretalx-democon.json", "democon", []),
    ("pretalx-rc3.json", "rc3", ["--timezone", "Europe/Berlin"]),
    ("frab-camp2019.json", "camp2019", []),
    ("debconf23.xml", "debconf23", []),
    ("fosdem_2021.xml", "fosdem-2021", ["--timezone", "Europe/Brussels"]),
    ("36c3_merged.xml", "36c3", ["--timezone", "Europe/Berlin"]),
]


def run_import(content: Path, *argv: str) -> tuple[int, str, str]:
    from plugins.conference.importer.cli import main

    out, err = io.StringIO(), io.StringIO()
    status = main([*argv, "--content", str(content)], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def summary_line(output: str) -> str:
    return output.strip().splitlines()[-1]


SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
OUTPUT_PATH = {output!r}
FEED_ALL_ATOM = None
"""


def build(root: Path) -> Path:
    """Build ``root/content`` with the project's settings and --fatal warnings."""
    settings = root / "settings.py"
    output = root / "output"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(root / "content"), output=str(output)),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "--fatal", "warnings", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return output


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every real schedule imported into one site (one edition each), then built once."""
    root = tmp_path_factory.mktemp("imported")
    content = root / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
    reports = {}
    for name, edition, extra in IMPORTS:
        status, out, err = run_import(content, str(SCHEDULES / name), "--edition", edition, *extra)
        assert status == 0, err
        reports[edition] = out
    return root, content, reports, build(root)


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_fosdem_counts_match_the_source(imported):
    _, content, reports, _ = imported
    line = summary_line(reports["fosdem-2021"])
    assert line.startswith("773 events read: 772 sessions in 106 rooms over 2 days, 109 tracks")
    assert "1 dropped" in line
    assert "dropped  'OW2 OSS Good Governance initiative'" in reports["fosdem-2021"]
    sessions = list((content / "editions/fosdem-2021/sessions").glob("*.md"))
    assert len(sessions) == 772


@pytest.mark.parametrize(
    "edition, events",
    [
        ("democon", 36),
        ("rc3", 48),
        ("camp2019", 79),
        ("debconf23", 117),
        ("36c3", 1351),
    ],
)
@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_every_event_is_read(imported, edition, events):
    line = summary_line(imported[2][edition])
    assert line.startswith(f"{events} events read: ")
    written = len(list((imported[1] / f"editions/{edition}/sessions").glob("*.md")))
    dropped = int(line.split(" dropped")[0].rsplit(" ", 1)[1])
    assert written + dropped == events


def languages_of(content: Path, edition: str) -> dict[str, list[str]]:
    """``Language:`` of each session file of an edition: tag -> file names."""
    found: dict[str, list[str]] = {}
    for path in sorted((content / f"editions/{edition}/sessions").glob("*.md")):
        header = path.read_text("utf-8").split("\n\n", 1)[0]
        tag = next(
            line.split(":", 1)[1].strip()
            for line in header.splitlines()
            if line.startswith("Language:")
        )
        found.setdefault(tag, []).append(path.name)
    return found


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_source_languages_are_kept_outside_the_site_languages(imported):
    content, reports = imported[1], imported[2]
    found = languages_of(content, "rc3")
    # rc3 has 29 English and 19 German talks; German is not a site language: its files
    # go in the default (en) tree and say so
    assert {tag: len(names) for tag, names in found.items()} == {"en": 29, "de": 19}
    # ids are Pelican slugs (unidecode: ä → a, ß → ss), cut between words at MAX_ID
    assert "amateurfunk-hacken-die-suche-nach-zeitgemassem-spass-mit.en.md" in found["de"]
    assert all(name.endswith(".en.md") for names in found.values() for name in names)
    assert "Talks by language: en 29, de 19 (source 48)." in summary_line(reports["rc3"])


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_fosdem_talks_are_detected_as_english(imported):
    content, reports = imported[1], imported[2]
    found = languages_of(content, "fosdem-2021")
    # a few talks at FOSDEM 2021 were given in German (Mautic's devroom)
    assert len(found["en"]) >= 765 and len(found.get("de", [])) <= 5
    assert "welcome-to-fosdem-2021.en.md" in found["en"]
    assert "Talks by language: en " in summary_line(reports["fosdem-2021"])
    assert "(detected " in summary_line(reports["fosdem-2021"])


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_every_imported_speaker_has_a_person_and_a_page(imported):
    content, output = imported[1], imported[3]
    for _, edition, _ in IMPORTS:
        for path in (content / f"editions/{edition}/sessions").glob("*.md"):
            header = path.read_text("utf-8").split("\n\n", 1)[0]
            speakers = [
                line.split(":", 1)[1]
                for line in header.splitlines()
                if line.startswith("Speakers:")
            ]
            for person in (s.strip() for line in speakers for s in line.split(",")):
                assert (content / f"people/{person}.yaml").is_file(), (path, person)
                assert (output / f"en/people/{person}.html").is_file(), (path, person)
                session = path.name.split(".")[0]
                page = output / f"en/editions/{edition}/sessions/{session}.html"
                assert f"people/{person}.html" in page.read_text("utf-8"), (page, person)


def test_talk_language_rules():
    from plugins.conference.importer.model import SourceEvent
    from plugins.conference.importer.talklang import assign_languages, site_match
    from plugins.core.langtags import make_language, make_language_set

    languages = make_language_set([make_language(t) for t in ("zh-Hans", "en", "fr")], "zh-Hans")
    assert site_match("en", languages) == "en"
    assert site_match("fr-CA", languages) == "fr"
    assert site_match("zh", languages) == "zh-Hans"
    assert site_match("de", languages) is None

    def event(title, language=""):
        return SourceEvent(
            key=title, number="", title=title, start=None, minutes=30, room="r", language=language
        )

    guesses = {"A talk": "en", "Ein Vortrag": "de", "Bof": None}
    events = [event("A talk"), event("Ein Vortrag"), event("Bof"), event("Given", "de_DE")]
    found = assign_languages(events, languages, None, guesses.get)
    assert [(t.spoken, t.tree, t.how) for t in found] == [
        ("en", "en", "detected"),
        ("de", "zh-Hans", "detected"),
        ("en", "en", "undetermined"),  # an unsure talk takes the schedule's usual language
        ("de-DE", "zh-Hans", "source"),
    ]
    found = assign_languages(events, languages, "fr", guesses.get)
    assert [(t.spoken, t.tree, t.how) for t in found] == [
        ("fr", "fr", "--language"),
        ("fr", "fr", "--language"),
        ("fr", "fr", "--language"),
        ("de-DE", "fr", "source"),
    ]


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_imported_people_are_not_listed_without_consent(imported):
    text = (imported[1] / "people/brian-robinson.yaml").read_text("utf-8")
    assert "listed: false" in text and "aggregate: false" in text


@pytest.mark.parametrize("edition", [edition for _, edition, _ in IMPORTS])
@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_exports_of_imported_editions_validate(imported, edition):
    from plugins.conference.exports.validate import json_problems, xml_problems

    output = imported[3]
    data = json.loads((output / f"editions/{edition}/schedule.json").read_text("utf-8"))
    assert json_problems(data, SCHEMAS / "frab-schedule.schema.json") == []
    xml = (output / f"editions/{edition}/schedule.xml").read_bytes()
    assert xml_problems(xml, SCHEMAS / "frab-schedule.xml.xsd") == []
    events = [
        e for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r
    ]
    written = len(list((imported[1] / f"editions/{edition}/sessions").glob("*.md")))
    assert len(events) == written


@pytest.mark.slow  # imports four real-world schedules, then builds them
def test_imported_fosdem_schedule_keeps_local_times(imported):
    data = json.loads((imported[3] / "editions/fosdem-2021/schedule.json").read_text("utf-8"))
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Brussels"
    assert [d["date"] for d in conference["days"]] == ["2021-02-06", "2021-02-07"]
    welcome = next(
        e
        for d in conference["days"]
        for r in d["rooms"].values()
        for e in r
        if e["title"] == "Welcome to FOSDEM 2021"
    )
    assert welcome["date"] == "2021-02-06T09:00:00+01:00"


# --- re-imports, edits and errors (a small schedule in its own site) -----------------


@pytest.fixture
def small(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
    return content


def democon(content: Path, *extra: str):
    return run_import(
        content, str(SCHEDULES / "pretalx-democon.json"), "--edition", "democon", *extra
    )


def test_reimport_updates_own_files_and_skips_edited_ones(small):
    status, out, _ = democon(small)
    assert status == 0 and "64 created" in out
    manifest = json.loads((small / "editions/democon/.import-manifest.json").read_text("utf-8"))
    assert len(manifest["files"]) == 64
    status, out, _ = democon(small)
    assert "0 created, 0 updated, 0 moved, 0 removed, 64 unchanged, 0 skipped, 0 kept" in out
    assert "\nlinked " not in out and "\nsuggest " not in out  # its own people are no news

    session = next((small / "editions/democon/sessions").glob("*.md"))
    session.write_text(session.read_text("utf-8") + "\nEdited by hand.\n", encoding="utf-8")
    status, out, _ = democon(small)
    relative = session.relative_to(small).as_posix()
    assert f"skipped  {relative} (edited since the last import" in out
    assert "Edited by hand." in session.read_text("utf-8")

    status, out, _ = democon(small, "--force")
    assert f"updated  {relative}" in out
    assert "Edited by hand." not in session.read_text("utf-8")


def test_reimport_of_a_changed_source_updates_the_same_files(small, tmp_path):
    source = json.loads((SCHEDULES / "pretalx-democon.json").read_text("utf-8"))
    democon(small)
    before = sorted(p.name for p in (small / "editions/democon/sessions").glob("*.md"))
    day = source["schedule"]["conference"]["days"][0]
    event = next(iter(day["rooms"].values()))[0]
    event["title"] = "A renamed talk"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(source), encoding="utf-8")
    status, out, _ = run_import(small, str(changed), "--edition", "democon")
    assert status == 0 and "1 updated" in out
    after = sorted(p.name for p in (small / "editions/democon/sessions").glob("*.md"))
    assert after == before  # ids are kept in the manifest: no new file for a new title
    assert any(
        "Title: A renamed talk" in p.read_text("utf-8")
        for p in (small / "editions/democon/sessions").glob("*.md")
    )


def test_existing_person_files_are_never_overwritten_nor_linked_by_name(small):
    person = small / "people/brian-robinson.yaml"
    person.parent.mkdir(parents=True)
    person.write_text("name: Brian Robinson\nlisted: true\n", encoding="utf-8")
    status, out, _ = democon(small)
    assert status == 0
    assert "\nlinked " not in out
    assert (
        "suggest  'Brian Robinson' has the name of people/brian-robinson.yaml but is not "
        "linked to it; if it is the same person, add 'NQTF8Y: brian-robinson' to "
        "editions/democon/people-map.yaml"
    ) in out
    assert person.read_text("utf-8") == "name: Brian Robinson\nlisted: true\n"
    assert "- democon/NQTF8Y" in (small / "people/brian-robinson-2.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "source, extra, expected",
    [
        (
            "invalid-example.json",
            ["--strict", str(SCHEMAS)],
            "does not match the frab schedule JSON schema (5 problems)",
        ),
        ("jres_2022.ics", [], "is neither JSON nor XML; expected a frab/pretalx schedule"),
        ("no-such-file.json", [], "no such file; expected a schedule file path or an http(s) URL"),
        ("fosdem_2021.json", [], "expected a frab/pretalx schedule: a JSON object with"),
        (
            "fosdem_2021.xml",
            [],
            "the schedule names no time zone (time_zone_name); expected --timezone",
        ),
        ("pretalx-democon.json", ["--timezone", "Mars/Base"], "unknown time zone 'Mars/Base'"),
    ],
)
def test_bad_input_is_one_clear_line(small, source, extra, expected):
    status, _out, err = run_import(small, str(SCHEDULES / source), "--edition", "x", *extra)
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert source in err or "--timezone" in err
    assert expected in err
    assert not (small / "editions/x/edition.yaml").exists()


def test_invalid_example_imports_leniently_without_strict(small):
    status, out, err = run_import(
        small, str(SCHEDULES / "invalid-example.json"), "--edition", "winterchaos"
    )
    assert status == 0, err
    assert summary_line(out).startswith("1 events read: 1 sessions")


def test_command_line_prints_no_traceback(small):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugins.conference.importer",
            str(SCHEDULES / "jres_2022.ics"),
            "--edition",
            "x",
            "--content",
            str(small),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
