"""Mistakes that used to build into a wrong site (issue 26): each is now one located line,
in the file and on the line where it was made; realistic non-mistakes still build."""

from __future__ import annotations

import pytest

from plugins.core.metadata import fullwidth_colon_keys, header_keys
from tests.conference.test_problems import check_stops, invoke_build, rewrite

KEYNOTE = "editions/2009/sessions/keynote.zh-Hans.md"
TOOLS = "editions/2009/sessions/tools.zh-Hans.md"


def test_a_key_with_a_fullwidth_colon_ends_no_header():
    text = "Title：年会\nDate: 2009-11-16\n\nBody: not a key\n"
    assert header_keys(text) == [("Date", 2)]
    assert fullwidth_colon_keys(text) == [("Title", 1, "：")]


@pytest.mark.parametrize(
    ("relative", "old", "new", "located"),
    [
        ("posts/report.zh-Hans.md", "Title: 年会报道", "Title：年会报道", ":1: [Title]"),
        (KEYNOTE, "Speakers: alice", "Speakers：alice", ":6: [Speakers]"),
        ("pages/about.en.md", "Title: About", "Title ﹕ About", ":1: [Title]"),
    ],
    ids=["required-key", "session-key", "small-form-colon"],
)
def test_fullwidth_colon_after_a_key(site, relative, old, new, located):
    """Said as such, not as a missing key, and the keys after it are not lost."""
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", "full-width", "ASCII colon")
    assert len(lines) == 1, lines
    assert "missing required key" not in lines[0]


@pytest.mark.parametrize(
    ("relative", "old", "new", "located", "char"),
    [
        (TOOLS, "Speakers: bob, alice", "Speakers: bob，alice", ":5: [Speakers]", "'，'"),
        (
            "posts/report.zh-Hans.md",
            "Edition: 2009",
            "Edition: 2009\nTags: 年会、连州、博客",
            ":5: [Tags]",
            "'、'",
        ),
        (
            "posts/report.en.md",
            "Authors: alice, bob",
            "Authors: alice；bob",
            ":3: [Authors]",
            "'；'",
        ),
    ],
    ids=["speakers", "tags", "authors"],
)
def test_fullwidth_separator_in_a_list(site, relative, old, new, located, char):
    rewrite(site, relative, old, new)
    lines = check_stops(site, f"content/{relative}{located}", char, "ASCII commas")
    assert len(lines) == 1, lines


def test_fullwidth_separator_in_a_yaml_list(site):
    rewrite(
        site, "editions/2009/edition.yaml", "participants: [alice, bob", "participants: [alice，bob"
    )
    check_stops(site, "content/editions/2009/edition.yaml:8:", "'，'", "ASCII commas")


def test_fullwidth_colon_in_yaml(site):
    rewrite(site, "people/alice.yaml", "listed: true", "listed：true")
    lines = check_stops(site, "content/people/alice.yaml:2:", "[listed]", "'：'")
    assert not any("unknown person" in line for line in lines)


def test_realistic_files_still_build(site):
    """A BOM, CRLF line ends, a date with a UTC offset, a lower-case tag in a file name,
    and full-width punctuation inside a value, where it belongs."""
    for relative in ("posts/report.en.md", TOOLS):
        path = site.path(relative)
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    rewrite(site, "posts/report.zh-Hans.md", "21:00", "21:00+08:00")
    rewrite(site, "posts/report.zh-Hans.md", "Title: 年会报道", "Title: 年会报道：微动力，广天地")
    site.path("posts/report.zh-Hans.md").rename(site.path("posts/report.zh-hans.md"))
    code, output = invoke_build(site)
    assert code == 0, output
