"""Our folding of iCalendar content lines gives icalendar's output, faster, and is the one
icalendar's content lines use."""

from __future__ import annotations

import random

import pytest

from plugins.conference.exports import icalfold

ALPHABETS = ["ab c", "\\^a", "中文网志年会，", "é€", "😀a\\", "ab\\^中😀é ", "x"]


def test_it_folds_as_icalendar_does_on_generated_lines():
    rnd = random.Random(2009)
    for _ in range(20000):
        alphabet = rnd.choice(ALPHABETS)
        line = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 320)))
        assert icalfold.foldline(line) == icalfold.STOCK(line), repr(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "a" * 74,
        "a" * 75,
        "a" * 73 + "\\n" + "b" * 80,  # the escape is moved to the next line whole
        "SUMMARY;LANGUAGE=zh-Hans:" + "微动力，广天地。" * 20,
        "😀" * 40,
    ],
)
def test_edge_cases_fold_alike(line):
    assert icalfold.foldline(line) == icalfold.STOCK(line)
    for part in icalfold.foldline(line).split("\r\n "):
        assert len(part.encode("utf-8")) <= 74


def test_other_options_and_errors_are_icalendar_s():
    assert icalfold.foldline("a" * 30, limit=10) == icalfold.STOCK("a" * 30, limit=10)
    with pytest.raises(AssertionError):
        icalfold.foldline("two\nlines")


def test_icalendar_content_lines_use_it():
    from icalendar.parser import content_line

    import plugins.conference.exports.ical  # noqa: F401 - installs it

    assert content_line._foldline is icalfold.foldline
    assert icalfold.STOCK is not icalfold.foldline
