"""``invoke new-conference``: the sample replaced by a minimal conference of one's own.

Every run here works on a temporary copy of the project, never on the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.conference.starter import sample
from plugins.conference.starter.__main__ import main
from plugins.conference.starter.create import StarterError, plan
from tests.conftest import ROOT

#: Top-level entries of the project a copy leaves out: tools, tests and generated folders.
NOT_COPIED = {".git", ".venv", "tests", "bench", "output", "cache", ".pytest_cache", ".ruff_cache"}
SAMPLE_WORDS = ["连州", "Lianzhou", "网志年会", "CNBlogCon", "Chinese Blogger", "cnbc09"]
SAMPLE_PEOPLE = sorted(path.stem for path in (ROOT / "content" / "people").glob("*.yaml"))
OPTIONS = ["--name", "Rencontres du Web", "--languages", "fr,en,zh-Hans"]
OPTIONS += ["--timezone", "America/Toronto", "--edition", "2026"]


def copy_project(target: Path) -> Path:
    """The project as a fork has it (content, data, plugins, theme, settings, tasks)."""

    def ignored(folder: str, names: list[str]) -> set[str]:
        top = NOT_COPIED if Path(folder) == ROOT else set()
        return {name for name in names if name in top or name == "__pycache__"}

    shutil.copytree(ROOT, target, ignore=ignored, symlinks=True)
    return target


def invoke(project: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    """``invoke ARGS`` in ``project``, as a user runs it (``PATH`` replaced when given)."""
    env = {**os.environ, "PATH": path if path is not None else os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def texts_of(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", "replace")


def test_the_shipped_digest_list_is_the_sample_as_committed():
    assert sample.read_manifest() and sample.read_manifest().keys() == set(
        sample.sample_files(ROOT)
    ), "the sample changed: python -m plugins.conference.starter manifest --root ."
    assert sample.changed_files(ROOT) == [], (
        "the sample changed: python -m plugins.conference.starter manifest --root ."
    )


def test_a_new_conference_builds_in_every_language_with_nothing_of_the_sample(tmp_path):
    project = copy_project(tmp_path / "fork")
    (project / "output" / "en").mkdir(parents=True)  # a sample build left behind
    (project / "output" / "en" / "lianzhou.html").write_text("连州", encoding="utf-8")
    done = invoke(project, "new-conference", *OPTIONS)
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0].startswith("Removed the sample conference: content/ (")
    for folder in ("data/planet/", "data/sample-feeds/", "data/media/", "docs/screenshots/"):
        assert folder in said[0]
    assert "output/ (generated)" in said[0]
    assert not (project / "data").exists() and not (project / "docs" / "screenshots").exists()
    content = sorted(p.relative_to(project / "content").as_posix() for p in texts_of_paths(project))
    assert content == sorted(
        ["conference.yaml", "editions/2026/edition.yaml", "people/organizer.yaml"]
        + [f"editions/2026/sessions/opening.{t}.md" for t in ("fr", "en", "zh-Hans")]
        + [
            f"pages/{p}.{t}.md"
            for p in ("about", "code-of-conduct")
            for t in ("fr", "en", "zh-Hans")
        ]
    )
    for path, text in texts_of(project / "content"):
        assert "invoke new-conference" in text or path.suffix == ".md", path  # marked to edit
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr  # --fatal warnings: no warning
    output = project / "output"
    for segment, about in (("fr", "À propos de "), ("en", "About "), ("zh-hans", "关于")):
        home = (output / segment / "index.html").read_text(encoding="utf-8")
        assert "Rencontres du Web" in home
        assert f"{about}Rencontres du Web" in (output / segment / "about.html").read_text("utf-8")
        assert (output / segment / "code-of-conduct.html").is_file()
        assert (output / segment / "editions/2026/sessions/opening.html").is_file()
    city = (output / "zh-hans/editions/2026/index.html").read_text(encoding="utf-8")
    assert "多伦多" in city  # the zone's city, named in each language
    for path, text in texts_of(output):
        for word in [*SAMPLE_WORDS, *SAMPLE_PEOPLE]:
            assert word not in text and word not in path.name, (word, path)

    previewed = invoke(project, "preview")  # the publishing settings: no warning either
    assert previewed.returncode == 0, previewed.stdout + previewed.stderr
    for path, text in texts_of(output):
        for word in SAMPLE_WORDS:
            assert word not in text, (word, path)

    # `invoke screenshots` photographs the new edition, at 10:00 on its first day
    subject = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tools import shots as s; print(s.screenshot_subject(s.SETTINGS, s.OUTPUT))",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert subject.stdout == "('2026', 'opening', '2026-06-01T14:00:00Z')\n", subject.stderr

    # ...and publishing without rsync stops before building, in one line
    shutil.rmtree(output)
    empty = tmp_path / "bin"
    empty.mkdir()
    refused = invoke(project, "publish", "--dest", "user@host:/var/www/", path=str(empty))
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: rsync is not installed")
    assert refused.stderr.count("\n") == 1 and "apt install rsync" in refused.stderr
    assert not output.exists()

    # a second run refuses: the content is no longer the sample
    again = invoke(project, "new-conference", *OPTIONS)
    assert again.returncode == 2 and not again.stdout
    assert again.stderr.startswith("error: content/conference.yaml, ")
    assert "differ from the sample" in again.stderr and "--force" in again.stderr
    assert again.stderr.count("\n") == 1

    # --force replaces it; a language the theme has no catalog for still builds
    forced = invoke(
        project, "new-conference", *OPTIONS[:2], "--languages", "de,en", *OPTIONS[4:], "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert "note: de: the starter pages are in English" in forced.stdout
    assert not list((project / "content" / "pages").glob("*.fr.md"))
    built = invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert '<html lang="de"' in (output / "de" / "index.html").read_text(encoding="utf-8")
    assert "To be translated into de" in (output / "de" / "about.html").read_text("utf-8")


def texts_of_paths(project: Path) -> list[Path]:
    return [path for path in (project / "content").rglob("*") if path.is_file()]


def test_content_that_differs_from_the_sample_is_left_alone(tmp_path, capsys):
    project = copy_project(tmp_path / "fork")
    post = project / "content" / "posts" / "lianzhou-impressions.en.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    (project / "data" / "planet" / "mine.json").write_text("{}", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert main(["new", "--root", str(project), *OPTIONS]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: content/posts/lianzhou-impressions.en.md, data/planet/mine.json differ from "
        "the sample; expected the sample as shipped (run with --force to replace these files "
        "too)\n"
    )
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_a_deleted_sample_file_is_no_difference(tmp_path):
    project = copy_project(tmp_path / "fork")
    shutil.rmtree(project / "content" / "editions" / "2008")
    assert sample.changed_files(project) == []
    assert main(["new", "--root", str(project), *OPTIONS]) == 0
    assert not (project / "content" / "editions" / "2008").exists()


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("name", "two\nlines", "--name 'two\\nlines': expected one line of text"),
        ("languages", "fr,klingon", "unknown language tag 'klingon'"),
        ("languages", "", "--languages '': no language; expected BCP 47 tags"),
        ("languages", "fr,fr", "configured twice"),
        ("timezone", "Toronto", "unknown time zone 'Toronto' (did you mean 'America/Toronto'"),
        ("edition", "../up", "--edition '../up': expected letters, digits and '-'"),
        ("start", "June", "--start 'June': expected a date YYYY-MM-DD"),
        ("site_url", "javascript:x", "--site-url 'javascript:x': expected https://host"),
    ],
)
def test_bad_options_are_refused_before_anything_changes(option, value, expected):
    options = {"name": "Conf", "languages": "en", "timezone": "UTC", "edition": "2026"}
    with pytest.raises(StarterError) as caught:
        plan(**{**options, option: value})
    assert expected in str(caught.value) and "\n" not in str(caught.value)
