"""Links between the project's Markdown documents resolve: a file named by a relative
link exists, and a ``#fragment`` names a heading of its target, as GitHub renders it.
(A merge once dropped two README sections and left the task table pointing at one.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tasks

DOCS = [tasks.ROOT / "README.md", *sorted((tasks.ROOT / "docs").glob("*.md"))]
_HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.M)
_LINK = re.compile(r"\]\(([^)\s#]*)(?:#([^)\s]+))?\)")
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)
_CODE = re.compile(r"`[^`\n]+`")  # inline code: an example, not a link


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation but ``-`` and ``_``
    dropped, spaces made hyphens (markup characters such as backticks go too)."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return {github_anchor(heading) for heading in _HEADING.findall(text)}


def test_the_anchor_rule_matches_github():
    assert github_anchor("The wall: micro-blog streams") == "the-wall-micro-blog-streams"
    assert github_anchor("`streams`: the wall's micro-blog sources") == (
        "streams-the-walls-micro-blog-sources"
    )


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_relative_link_and_fragment_resolves(doc):
    text = _CODE.sub("", _FENCE.sub("", doc.read_text(encoding="utf-8")))
    broken = []
    for target, fragment in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check here
            continue
        path = (doc.parent / target).resolve() if target else doc
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif fragment and path.suffix == ".md" and fragment not in anchors(path):
            broken.append(f"{target}#{fragment}: no such heading")
    assert not broken, broken
