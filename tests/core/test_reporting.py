"""Located problems: their one-line format, encodings, time zone suggestions, metadata keys."""

from __future__ import annotations

import io

import pytest

from plugins.core import report
from plugins.core.encoding import read_utf8
from plugins.core.errors import ContentError, Problem, ProblemCollector
from plugins.core.metadata import header_keys
from plugins.core.timezones import make_timezone, suggest_timezones

SITE = ("zh-Hans", "en", "fr")


def test_problem_line_is_path_line_key_message(tmp_path):
    problem = Problem(str(tmp_path / "content/posts/a.md"), "bad; expected good", "Date", 3)
    assert problem.format(tmp_path) == "content/posts/a.md:3: [Date] bad; expected good"
    assert Problem("x.yaml", "is broken").format() == "x.yaml: is broken"


def test_report_writes_one_line_per_problem_and_a_summary(tmp_path):
    report.set_root(tmp_path)
    stream = io.StringIO()
    long = str(tmp_path / "content" / ("a-very-long-folder-name/" * 6) / "file.zh-Hans.md")
    report.write_problems(
        [Problem(long, "x " * 80, "Room", 4), Problem(long, "2 references wait", note=True)], stream
    )
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith("content/a-very-long-folder-name/")
    assert lines[1].endswith(" note: 2 references wait")
    assert lines[2] == "1 problem in the site content"  # notes are not counted


def test_collector_counts_references_to_a_broken_file():
    problems = ProblemCollector()
    problems.add("people/bob.yaml", "is not valid YAML")
    problems.broken("person", "bob", "people/bob.yaml")
    assert problems.depends_on_broken("person", "bob")
    assert problems.depends_on_broken("person", "bob")
    assert not problems.depends_on_broken("person", "alice")
    with pytest.raises(ContentError) as info:
        problems.raise_if_any()
    notes = [p for p in info.value.problems if p.note]
    assert [n.message for n in notes] == [
        "2 references to person 'bob' in other files not checked until this file is fixed"
    ]


@pytest.mark.parametrize("written", ["Beijing", "CST", "UTC+8", "GMT+08:00", "+08:00", "China"])
def test_time_zone_suggestions_put_the_sites_zone_first(written):
    assert suggest_timezones(written, SITE)[0] == "Asia/Shanghai"


def test_time_zone_suggestions_follow_the_sites_languages():
    assert "Europe/Paris" in suggest_timezones("UTC+1", ("fr",))
    assert suggest_timezones("Asia/Shangai", SITE)[0] == "Asia/Shanghai"  # a typo
    assert suggest_timezones("Atlantis", SITE) == []


def test_unknown_time_zone_message_lists_suggestions():
    with pytest.raises(
        ValueError,
        match=r"unknown time zone 'UTC\+8' \(did you mean "
        r"'Asia/Shanghai'",
    ):
        make_timezone("UTC+8", SITE)
    assert make_timezone("Asia/Shanghai").key == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "encoding", "tags", "named"),
    [
        ("Title: 连州见闻\n\n微博客与连州的博客们。\n", "gb18030", ["zh-Hans"], "GB18030"),
        ("Title: 连州见闻\n\n微博客与连州的博客们。\n", "gbk", ["zh-Hans"], "GB18030"),
        ("Title: 連州見聞\n\n微博客與連州的部落客們。\n", "big5", ["zh-Hant"], "BIG5"),
    ],
)
def test_non_utf8_file_names_its_likely_encoding(tmp_path, text, encoding, tags, named):
    path = tmp_path / "post.md"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(ContentError) as info:
        read_utf8(path, tags)
    problem = info.value.problems[0]
    assert problem.where == "encoding" and problem.line == 1
    assert f"it looks like {named}" in problem.message and "UTF-8" in problem.message


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfTitle: A\n")
    assert read_utf8(path) == "Title: A\n"


def test_header_keys_stop_at_the_body():
    text = "Title: A\nSpeaker: bob\n    more\n\nBody: not a key\n"
    assert header_keys(text) == [("Title", 1), ("Speaker", 2)]
    assert header_keys("---\nTitle: A\n---\nX: y\n") == [("Title", 2)]
