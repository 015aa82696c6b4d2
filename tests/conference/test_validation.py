"""Every kind of broken content stops the build naming the file, the key or line, and
what was expected."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from plugins.core.errors import ContentError
from plugins.core.settings import SettingError
from tests.conftest import ROOT


def build_error(site) -> ContentError:
    with pytest.raises(ContentError) as info:
        site.build()
    return info.value


def only_problem(error: ContentError, path) -> object:
    problems = [p for p in error.problems if p.path == str(path) and not p.note]
    assert len(problems) == 1, error
    assert str(path) in str(error)  # the message names the file
    return problems[0]


def replace_in(site, relative, old, new):
    path = site.path(relative)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_unknown_speaker(site):
    path = replace_in(
        site, "editions/2009/sessions/keynote.zh-Hans.md", "Speakers: alice", "Speakers: alcie"
    )
    problem = only_problem(build_error(site), path)
    assert problem.line == 6 and problem.where == "Speakers"
    assert "unknown person 'alcie'" in problem.message
    assert "did you mean 'alice'" in problem.message


def test_unknown_post_author(site):
    path = replace_in(site, "posts/report.en.md", "Authors: alice, bob", "Authors: alice, bobby")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Authors" and problem.line == 3
    assert "'bobby'" in problem.message and "content/people/<id>.yaml" in problem.message


def test_unknown_edition_in_post(site):
    path = replace_in(site, "posts/report.zh-Hans.md", "Edition: 2009", "Edition: 2090")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Edition" and problem.line == 4
    assert "unknown edition '2090'" in problem.message and "2009" in problem.message


def test_unknown_organizer_in_edition(site):
    path = replace_in(
        site, "editions/2009/edition.yaml", "organizers: [alice]", "organizers: [alise]"
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "organizers" and problem.line == 9


def test_unknown_room(site):
    path = replace_in(site, "editions/2009/sessions/tools.zh-Hans.md", "Room: side", "Room: sied")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Room" and problem.line == 4
    assert "unknown room 'sied'" in problem.message and "main, side" in problem.message


def test_malformed_yaml_names_the_line(site):
    path = site.write("people/bob.yaml", "name: {zh-Hans: 鲍勃, en: Bob\nlisted: true\n")
    problem = only_problem(build_error(site), path)
    assert "is not valid YAML" in problem.message
    assert problem.line == 2


def test_duplicate_yaml_key(site):
    path = site.write("people/bob.yaml", "name: Bob\nlisted: true\nlisted: false\n")
    problem = only_problem(build_error(site), path)
    assert "duplicate key 'listed'" in problem.message and problem.line == 3


def test_unknown_time_zone(site):
    path = replace_in(
        site, "editions/2009/edition.yaml", "timezone: Asia/Shanghai", "timezone: Asia/Shanghia"
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "timezone" and problem.line == 4
    assert "unknown time zone 'Asia/Shanghia'" in problem.message
    assert "Asia/Shanghai" in problem.message  # the suggestion


def test_session_end_before_start(site):
    path = replace_in(
        site,
        "editions/2009/sessions/keynote.zh-Hans.md",
        "End: 2009-11-14 10:30",
        "End: 2009-11-14 09:00",
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "End" and problem.line == 3
    assert "is not after Start" in problem.message


def test_edition_end_before_start(site):
    path = replace_in(site, "editions/2009/edition.yaml", "end: 2009-11-15", "end: 2009-11-13")
    problem = only_problem(build_error(site), path)
    assert problem.where == "end" and problem.line == 3 and "before start" in problem.message


def test_session_outside_edition_dates(site):
    path = replace_in(
        site,
        "editions/2009/sessions/tools.zh-Hans.md",
        "Start: 2009-11-15 10:00\nEnd: 2009-11-15 11:00",
        "Start: 2009-11-16 10:00\nEnd: 2009-11-16 11:00",
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "Start" and problem.line == 2
    assert "outside edition '2009' (2009-11-14 to 2009-11-15)" in problem.message


def test_malformed_session_time(site):
    path = replace_in(
        site,
        "editions/2009/sessions/tools.zh-Hans.md",
        "Start: 2009-11-15 10:00",
        "Start: 15/11/2009 10h",
    )
    problem = only_problem(build_error(site), path)
    assert "expected YYYY-MM-DD HH:MM" in problem.message and problem.line == 2


def test_overlapping_sessions_in_one_room(site):
    path = site.write(
        "editions/2009/sessions/clash.zh-Hans.md",
        """\
        Title: 冲突
        Start: 2009-11-14 10:00
        End: 2009-11-14 11:00
        Room: main

        与主题演讲重叠。
        """,
    )
    problem = only_problem(build_error(site), path)
    assert "overlaps 'keynote'" in problem.message and "room 'main'" in problem.message
    assert problem.line == 2


def test_parallel_sessions_in_different_rooms_are_fine(site):
    site.write(
        "editions/2009/sessions/parallel.zh-Hans.md",
        """\
        Title: 并行
        Start: 2009-11-14 09:30
        End: 2009-11-14 10:30
        Room: side

        同时进行。
        """,
    )
    site.build()
    assert (site.output / "en/editions/2009/sessions/parallel.html").is_file()


def test_translation_contradicting_the_original(site):
    path = replace_in(
        site,
        "editions/2009/sessions/keynote.en.md",
        "Title: Micro power",
        "Title: Micro power\nRoom: side",
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "Room" and "differs from 'main'" in problem.message


def test_mistyped_key_is_reported_with_suggestion(site):
    path = replace_in(site, "editions/2009/edition.yaml", "participants:", "partcipants:")
    problem = only_problem(build_error(site), path)
    assert "unknown key 'partcipants'" in problem.message
    assert "did you mean 'participants'" in problem.message


def test_unknown_session_in_coverage(site):
    path = site.write(
        "editions/2009/coverage.yaml",
        """\
        items:
          - type: post
            url: https://blog.example.org/1
            title: 一篇文章
            lang: zh-Hans
            author: alice
            session: keynot
        """,
    )
    problem = only_problem(build_error(site), path)
    assert "unknown session 'keynot'" in problem.message and "did you mean 'keynote'" in (
        problem.message
    )


def test_all_problems_are_reported_together(site):
    replace_in(
        site, "editions/2009/sessions/keynote.zh-Hans.md", "Speakers: alice", "Speakers: nobody"
    )
    replace_in(site, "posts/report.en.md", "Authors: alice, bob", "Authors: ghost")
    error = build_error(site)
    assert len(error.problems) == 2
    assert error.args[0].startswith("2 problems in the site content:")


def test_unknown_content_language_is_an_error(site):
    path = site.write("posts/report.de.md", "Title: Bericht\nDate: 2009-11-16\n\nText.\n")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Lang" and "'de' (from the file name" in problem.message
    assert "is not a site language" in problem.message


def test_pelican_exits_non_zero_with_the_message(site, tmp_path):
    path = replace_in(
        site, "editions/2009/edition.yaml", "timezone: Asia/Shanghai", "timezone: Mars/Olympus"
    )
    settings = tmp_path / "settings.py"
    settings.write_text(
        textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pelicanconf import *
        PATH = {str(site.content)!r}
        OUTPUT_PATH = {str(tmp_path / "out")!r}
        FEED_DOMAIN = "https://conf.example.org"
        """)
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "--fatal", "warnings"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "300", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "edition.yaml" in output and "Mars/Olympus" in output
    assert str(path.name) in output


def test_malformed_coverage_quote(site):
    path = site.write(
        "editions/2009/coverage.yaml",
        """\
        items:
          - type: post
            url: https://blog.example.org/1
            title: 一篇文章
            lang: zh-Hans
            quote: 只有一句话
        """,
    )
    problem = only_problem(build_error(site), path)
    assert problem.where == "items[0].quote" and problem.line == 6
    assert "expected {text:" in problem.message


def test_unknown_metadata_key_has_a_suggestion(site):
    path = replace_in(site, "posts/report.en.md", "Edition: 2009", "Editon: 2009")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Editon" and problem.line == 4
    assert "unknown key 'Editon' (did you mean 'Edition'?)" in problem.message


def test_extra_metadata_setting_allows_a_sites_own_keys(site):
    replace_in(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nMood: festive")
    replace_in(
        site,
        "editions/2009/sessions/keynote.en.md",
        "Title: Micro power",
        "Title: Micro power\nMood: calm",
    )
    with pytest.raises(ContentError, match="unknown key 'Mood'"):
        site.build()
    site.build(CONFERENCE_EXTRA_METADATA=["Mood"])
    assert "Conference report" in site.read("en/posts/report.html")


def test_bad_extra_metadata_setting_names_it(site):
    with pytest.raises(SettingError, match="CONFERENCE_EXTRA_METADATA"):
        site.build(CONFERENCE_EXTRA_METADATA="Mood")


def test_status_that_would_hide_a_post(site):
    path = replace_in(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nStatus: publish")
    problem = only_problem(build_error(site), path)
    assert problem.where == "Status" and problem.line == 5
    assert "expected one of: published, draft, hidden" in problem.message


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[x]({filename}missing.md)", "links to 'missing.md', which is not in the site"),
        ("![x]({static}nope.png)", "links with {static} to 'posts/nope.png'"),
    ],
)
def test_broken_link_is_reported_on_the_linking_file(site, link, message):
    path = replace_in(site, "posts/report.en.md", "Text.", link)
    problem = only_problem(build_error(site), path)
    assert problem.where == "link" and problem.line == 6 and message in problem.message


def test_image_without_alt_text(site):
    path = replace_in(site, "posts/report.en.md", "Text.", "Text.\n\n![](photo.png)")
    problem = only_problem(build_error(site), path)
    assert problem.where == "alt" and problem.line == 8 and "'photo.png'" in problem.message
