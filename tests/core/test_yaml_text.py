"""Text in YAML content holds no control character and no lone surrogate: YAML's escapes
could write them ("\\x1b[2J", "\\ud800"), and a lone surrogate stopped the build with a
traceback when the share cards were drawn. Each is a located error."""

from __future__ import annotations

import pytest

from plugins.core.errors import ContentError
from plugins.core.yamlio import load_yaml_mapping


def load(tmp_path, text: str, newline: str = "\n"):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path, load_yaml_mapping(path)


@pytest.mark.parametrize(
    "value, kind, code",
    [
        ('"Lian\\ud800zhou"', "a lone surrogate", "U+D800"),
        ('"\\udfff"', "a lone surrogate", "U+DFFF"),
        ('"\\e[2Jcleared"', "a control character", "U+001B"),
        ('"a\\0b"', "a control character", "U+0000"),
        ('"a\\rb"', "a control character", "U+000D"),
        ('"a\\x85b"', "a control character", "U+0085"),
        ('"a\\x7fb"', "a control character", "U+007F"),
    ],
)
def test_escapes_of_unwanted_characters_are_located(tmp_path, value, kind, code):
    with pytest.raises(ContentError) as info:
        load(tmp_path, f"number: 5\ncity:\n  en: {value}\n")
    (problem,) = info.value.problems
    assert (problem.line, problem.where) == (3, "city.en")
    assert f"holds {kind} ({code}); expected text without control characters" in problem.message
    assert "\n" not in str(problem) and "\x1b" not in str(problem)
    assert "\ud800" not in str(problem) and "\udfff" not in str(problem)


def test_keys_and_list_items_are_checked_too(tmp_path):
    with pytest.raises(ContentError, match="U\\+0007"):
        load(tmp_path, 'number: 5\n"ci\\aty": x\n')
    with pytest.raises(ContentError) as info:
        load(tmp_path, 'rooms:\n  - id: a\n  - id: b\n    name: {en: "\\x1b[2J"}\n')
    (problem,) = info.value.problems
    assert (problem.line, problem.where) == (4, "rooms[1].name.en")
    assert str(problem).startswith(f"{tmp_path / 'x.yaml'}:4: [rooms[1].name.en] the text")


def test_tabs_line_breaks_and_crlf_files_are_text(tmp_path):
    _, data = load(tmp_path, 'a: "x\\ty"\nb: |\n  one\n  two\nc: 连州 👩‍💻\n', newline="\r\n")
    assert data == {"a": "x\ty", "b": "one\ntwo\n", "c": "连州 👩‍💻"}


def test_a_surrogate_in_a_city_stops_the_build_with_one_line(site):
    path = site.path("editions/2009/edition.yaml")
    text = path.read_text("utf-8").replace("en: Lianzhou", 'en: "Lian\\ud800zhou"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        site.build()
    problems = [p for p in info.value.problems if not p.note]
    assert [(p.path, p.line) for p in problems] == [(str(path), 5)]
    assert "holds a lone surrogate (U+D800)" in problems[0].message
