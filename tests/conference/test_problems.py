"""Each kind of mistake an organizer makes stops ``invoke build`` with exit code 1 and one
plain ``path:line: [key] message`` line naming the right file: no traceback, no wrapped
path, and no cascade of false problems in other files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBLEM_LINE = re.compile(r"^(content/\S+?|pelicanconf\.py):(\d+:)?( note:)? ")


def as_project(site) -> None:
    """Make the fixture site a project like the sample one: settings, tasks, plugins."""
    for name in ("pelicanconf.py", "tasks.py"):
        if not (site.root / name).exists():
            shutil.copy(ROOT / name, site.root / name)
    for name in ("plugins", "themes", "tools", "translations"):
        if not (site.root / name).exists():
            os.symlink(ROOT / name, site.root / name)


def invoke_build(site, columns: int = 40) -> tuple[int, str]:
    """``invoke build`` in the site's folder, output to a pipe (no terminal), COLUMNS set."""
    as_project(site)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "COLUMNS": str(columns),
        "HOME": str(site.root),
        "LANG": "C.UTF-8",
    }
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"],
        cwd=site.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if PROBLEM_LINE.match(line)]


def check_stops(site, path: str, *fragments: str) -> list[str]:
    """The build fails on ``path`` first, with ``fragments`` on that one line."""
    code, output = invoke_build(site)
    assert code == 1, output
    assert "Traceback" not in output and "CRITICAL" not in output, output
    lines = problem_lines(output)
    assert lines and lines[0].startswith(path), output
    for fragment in fragments:
        assert fragment in lines[0], output
    file = path.split(":")[0]
    others = [line for line in lines if not line.startswith(f"{file}:")]
    assert len(others) <= 1, output  # a single mistake: at most one line about other files
    assert re.search(r"^\d+ problems? in the site content$", output, re.M), output
    return lines


def rewrite(site, relative: str, old: str, new: str) -> None:
    path = site.path(relative)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def encode_as(site, relative: str, encoding: str) -> None:
    path = site.path(relative)
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def test_post_without_title(site):
    rewrite(site, "posts/report.en.md", "Title: Conference report\n", "")
    check_stops(site, "content/posts/report.en.md", "[Title]", "missing required key 'Title'")


def test_duplicate_slug(site):
    site.write("posts/report-copy.en.md", "Title: Copy\nDate: 2009-11-17\nSlug: report\n\nX.\n")
    check_stops(
        site,
        "content/posts/report-copy.en.md:3:",
        "[Slug]",
        "already used by content/posts/report.en.md",
    )


@pytest.mark.parametrize("code", ["zh", "zh_CN"])
def test_language_code_in_file_name(site, code):
    site.path("posts/report.en.md").rename(site.path(f"posts/report.{code}.md"))
    check_stops(
        site, f"content/posts/report.{code}.md", f"language '{code}'", "did you mean 'zh-Hans'?"
    )


def test_impossible_date(site):
    rewrite(site, "posts/report.en.md", "Date: 2009-11-16 21:00", "Date: 2009-02-30 21:00")
    check_stops(site, "content/posts/report.en.md:2:", "[Date]", "is not a date")


def test_markdown_saved_in_gb18030(site):
    encode_as(site, "posts/report.zh-Hans.md", "gb18030")
    check_stops(site, "content/posts/report.zh-Hans.md", "GB18030", "UTF-8")


def test_people_file_saved_in_gbk(site):
    encode_as(site, "people/bob.yaml", "gbk")
    lines = check_stops(site, "content/people/bob.yaml", "GB18030", "UTF-8")
    assert not any("unknown person" in line for line in lines)


def test_conference_yaml_bad_yaml(site):
    site.write("conference.yaml", site.path("conference.yaml").read_text() + "name: [oops\n")
    check_stops(site, "content/conference.yaml:", "is not valid YAML")


def test_conference_yaml_unknown_key(site):
    site.write("conference.yaml", site.path("conference.yaml").read_text() + "site_name: x\n")
    check_stops(site, "content/conference.yaml:6:", "[site_name]", "unknown key 'site_name'")


def test_conference_yaml_bad_timezone(site):
    rewrite(site, "conference.yaml", "timezone: Asia/Shanghai", "timezone: Beijing")
    check_stops(
        site,
        "content/conference.yaml:5:",
        "[timezone]",
        "'Beijing'",
        "did you mean 'Asia/Shanghai'",
    )


def test_conference_yaml_bad_default_language(site):
    rewrite(site, "conference.yaml", "default_language: zh-Hans", "default_language: zh")
    check_stops(site, "content/conference.yaml:3:", "[default_language]")


def test_mistyped_session_key(site):
    rewrite(site, "editions/2009/sessions/keynote.zh-Hans.md", "Speakers:", "Speaker:")
    lines = check_stops(
        site,
        "content/editions/2009/sessions/keynote.zh-Hans.md:6:",
        "unknown key 'Speaker' (did you mean 'Speakers'?)",
    )
    assert not any("keynote.en.md" in line for line in lines)  # not a cascade


def test_broken_edition_reports_the_root_only(site):
    rewrite(site, "editions/2009/edition.yaml", "timezone: Asia/Shanghai", "timezone: UTC+8")
    lines = check_stops(
        site, "content/editions/2009/edition.yaml:4:", "'UTC+8'", "did you mean 'Asia/Shanghai'"
    )
    assert not any("unknown edition" in line for line in lines)
    assert any("2 references to edition '2009'" in line for line in lines)


def test_broken_person_reports_the_root_only(site):
    site.write("people/alice.yaml", "name: {en: Alice\n")
    lines = check_stops(site, "content/people/alice.yaml:", "is not valid YAML")
    assert not any("unknown person" in line for line in lines)


def test_broken_session_is_not_unknown_in_coverage(site):
    rewrite(site, "editions/2009/sessions/keynote.zh-Hans.md", "Room: main", "Room: nowhere")
    site.write(
        "editions/2009/coverage.yaml",
        """\
        items:
          - {type: post, url: "https://blog.example.org/1", title: T, lang: en, session: keynote}
        """,
    )
    lines = check_stops(
        site, "content/editions/2009/sessions/keynote.zh-Hans.md:4:", "unknown room 'nowhere'"
    )
    assert not any("coverage.yaml" in line and "unknown session" in line for line in lines)


def test_bad_setting_names_the_setting(site):
    as_project(site)
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("CONFERENCE_HOME_POSTS = -1\n")
    check_stops(site, "pelicanconf.py", "[CONFERENCE_HOME_POSTS]", "integer >= 0")


def test_long_paths_are_never_wrapped(site):
    name = "disaster-relief-and-the-bloggers-who-organized-it"
    text = site.path("editions/2009/sessions/tools.zh-Hans.md").read_text(encoding="utf-8")
    site.path("editions/2009/sessions/tools.zh-Hans.md").unlink()
    site.write(
        f"editions/2009/sessions/{name}.zh-Hans.md", text.replace("Room: side", "Room: sied")
    )
    code, output = invoke_build(site, columns=40)
    path = f"content/editions/2009/sessions/{name}.zh-Hans.md:4: [Room] unknown room 'sied'"
    assert code == 1 and path in output.splitlines()[0], output


def test_impossible_date_in_yaml(site):
    rewrite(site, "editions/2009/edition.yaml", "start: 2009-11-14", "start: 2009-11-31")
    lines = check_stops(
        site, "content/editions/2009/edition.yaml:2:", "'2009-11-31'", "not a real date"
    )
    assert not any("unknown edition" in line for line in lines)


def test_regenerate_reports_problems_as_lines(site):
    """``pelican -r`` logs the exception it catches: the same plain lines, no wrapping."""
    as_project(site)
    rewrite(site, "posts/report.en.md", "Authors: alice, bob", "Authors: alice, bobby")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COLUMNS": "40"}
    with pytest.raises(subprocess.TimeoutExpired) as info:  # -r never ends by itself
        subprocess.run(
            [sys.executable, "-m", "pelican", "-r", "-s", "pelicanconf.py"],
            cwd=site.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=30,
        )
    output = (info.value.output or b"").decode("utf-8")
    assert "content/posts/report.en.md:3: [Authors] unknown person 'bobby'" in output
    assert "Traceback" not in output


def test_broken_link_found_while_writing(site):
    rewrite(site, "posts/report.en.md", "Text.", "See [the call]({filename}call.en.md).")
    check_stops(site, "content/posts/report.en.md:6:", "[link]", "'call.en.md'")


def test_language_code_in_a_session_file_name(site):
    site.path("editions/2009/sessions/keynote.en.md").rename(
        site.path("editions/2009/sessions/keynote.en_US.md")
    )
    check_stops(
        site, "content/editions/2009/sessions/keynote.en_US.md", "'en_US'", "did you mean 'en'?"
    )
