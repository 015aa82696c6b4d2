"""Pelican's own warnings about a content file, as located problems.

Pelican logs some content mistakes as warnings, and ``--fatal warnings`` turns each into a
``RuntimeError`` traceback. :mod:`.report` sends the records of Pelican's module loggers
here first: each warning a content mistake can cause becomes one ``path:line: [key]``
problem (or nothing, when the root cause is already reported), so no traceback reaches an
organizer. A warning not known here but raised while Pelican handles one content object is
still reported on that object's file, with Pelican's message.
"""

from __future__ import annotations

import difflib
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .errors import Problem, display_path
from .metadata import header_keys

#: The replacement indicators Pelican knows in links (``{filename}report.md``).
INDICATORS = ("filename", "static", "attach", "tag", "category", "author", "index")


def translate(
    record: logging.LogRecord, content: str, pending: list[Problem]
) -> list[Problem] | None:
    """The problems of a Pelican warning about content, or None when it is not one."""
    template = str(record.msg)
    args: tuple[Any, ...] = record.args if isinstance(record.args, tuple) else ()
    if template.startswith("There are %s original (not translated) items"):
        return _two_originals([str(a) for a in args[2:]], pending, content)
    if template.startswith("Replacement Indicator %r not recognized in %r"):
        source = linking_source() or content
        what = str(args[0])
        close = difflib.get_close_matches(what, INDICATORS, n=1)
        hint = f" (did you mean {{{close[0]}}}?)" if close else ""
        return [
            Problem(
                source,
                f"link {args[1]!r} starts with the unknown {{{what}}}{hint}; expected "
                "{filename}<path of a post or page> or {static}<path of a file>",
                "link",
                line_with(source, "{" + what + "}"),
            )
        ]
    if template.startswith("The {attach} link in %s cannot relocate"):
        source = os.path.join(content, str(args[0]))
        return [
            Problem(
                source,
                f"links with {{attach}} to {args[1]!r}, which cannot be placed beside "
                f"this text because {args[2]}; expected {{static}} for a file that "
                "several texts link to or that has its own Save_as",
                "link",
                line_with(source, os.path.basename(str(args[1]))),
            )
        ]
    if template.startswith('Unable to generate valid slug for %s "%s"'):
        return [_empty_slug(str(args[0]), str(args[1]), content)]
    if template.startswith("Meta tag in file %s does not have a 'name'"):
        return [
            Problem(
                str(args[0]),
                f"a <meta> tag has no name ({args[1]}); expected "
                '<meta name="<key>" content="<value>">',
                "meta",
                line_with(str(args[0]), "<meta"),
            )
        ]
    if template.startswith("Meta tag attribute 'contents' used in file %s"):
        return [
            Problem(
                str(args[0]),
                'a <meta> tag has \'contents\'; expected <meta name="<key>" content="<value>">',
                "meta",
                line_with(str(args[0]), "contents="),
            )
        ]
    if record.levelno >= logging.WARNING:
        source = linking_source()
        if source is not None:  # a warning not known here, raised for one content file
            message = " ".join(record.getMessage().split())
            return [Problem(source, f"{message} (reported by Pelican)")]
    return None


def _two_originals(paths: list[str], pending: list[Problem], content: str) -> list[Problem]:
    """Several versions of one text and none is its original.

    When a file of the group could not be read (the original, usually), that file's
    problem is the root cause: the others only lost their original because of it.
    """
    groups = {_group(path) for path in paths}
    if any(_group(problem.path) in groups for problem in pending):
        return []
    languages = [getattr(item, "lang", None) for item in _frame_local("original_items") or []]
    if len(set(languages)) < len(languages):
        return []  # two in one language: "two files, one URL", which the slug check reports
    # the file that sets its Slug made the clash: it is the one reported
    first, *others = sorted(paths, key=lambda p: (_key_line(p, "slug") is not None, p))
    shown = display_path(first, os.path.dirname(content))
    return [
        Problem(
            path,
            f"is a second original of the text {shown} (one slug, and neither is a "
            "translation of the other); expected the versions of one text named "
            "<slug>.<lang>.md side by side in one folder, one per language",
            "Slug",
            _key_line(path, "slug") or _key_line(path, "lang"),
        )
        for path in others
    ]


def _group(path: str) -> tuple[str, str]:
    """Folder and slug from the file name (``<slug>.<lang>.md``)."""
    folder, name = os.path.split(os.path.abspath(path))
    return folder, name.split(".")[0]


def _empty_slug(kind: str, name: str, content: str) -> Problem:
    """A tag (or author, category) whose name has nothing to make a URL from."""
    key = {"Tag": "tags", "Author": "authors", "Category": "category"}.get(kind, kind.lower())
    source, line = content, None
    for path in sorted(Path(content).rglob("*.md")):
        line = _key_line(str(path), key, name)
        if line is not None:
            source = str(path)
            break
    return Problem(
        source,
        f"{kind.lower()} {name!r} has no letter or digit to make its URL from; expected "
        f"a {kind.lower()} with letters or digits",
        key.capitalize(),
        line,
    )


def _key_line(path: str, key: str, containing: str = "") -> int | None:
    """The line of ``key:`` in the header of ``path`` (when it contains ``containing``)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()
    for written, number in header_keys(text):
        if written.lower() == key and containing in lines[number - 1]:
            return number
    return None


def second_line(path: str, key: str) -> int | None:
    """The line where ``key`` is written a second time in the header of ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = [number for written, number in header_keys(text) if written.lower() == key.lower()]
    return lines[1] if len(lines) > 1 else None


def _frame_local(name: str) -> Any:
    """A local variable of the Pelican function that logged (``get_original_items``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if name in frame.f_locals:
            return frame.f_locals[name]
        frame = frame.f_back
    return None


def linking_source() -> str | None:
    """The source file of the content object Pelican is handling (links, metadata)."""
    frame = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        source = getattr(owner, "source_path", None)
        if hasattr(owner, "get_relative_source_path") and source:
            return str(source)
        frame = frame.f_back
    return None


def line_with(path: str, needle: str) -> int | None:
    """1-based number of the first line of ``path`` that contains ``needle``."""
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if needle in line:
                    return number
    except (OSError, UnicodeDecodeError):
        return None
    return None
