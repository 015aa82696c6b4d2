"""Where metadata keys are written in the header of a Markdown file, for located errors."""

from __future__ import annotations

import re

_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):")
#: Colons a Chinese input method types instead of ``:`` (full-width, small form).
FULLWIDTH_COLONS = "：﹕"
_FULLWIDTH_KEY = re.compile(
    rf"^[ ]{{0,3}}(?P<key>[A-Za-z0-9_-]+)[ \t]*(?P<colon>[{FULLWIDTH_COLONS}])"
)
_MORE = re.compile(r"^[ ]{4,}")
_FENCE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


def header_keys(text: str) -> list[tuple[str, int]]:
    """Metadata keys as written, with their 1-based lines, in the header of ``text``.

    The header is what Markdown's ``meta`` extension reads: ``Key: value`` lines (values
    may continue on lines indented by four spaces), optionally between ``---`` fences,
    up to the first blank line. A key written with a full-width colon (``Title：``) is not
    one, but the header goes on after it, as its author meant (see
    :func:`fullwidth_colon_keys`).
    """
    return [(key, number) for key, number, colon in _scan(text) if colon == ":"]


def fullwidth_colon_keys(text: str) -> list[tuple[str, int, str]]:
    """Header lines whose key is followed by a full-width colon: (key, line, colon)."""
    return [found for found in _scan(text) if found[2] != ":"]


def _scan(text: str) -> list[tuple[str, int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if number == 1 and _FENCE.match(line):
            continue
        if not line.strip() or _FENCE.match(line):
            break
        match = _KEY.match(line) or _FULLWIDTH_KEY.match(line)
        if match:
            found.append((match["key"], number, match.groupdict().get("colon") or ":"))
        elif not _MORE.match(line):
            break  # not metadata: the body starts here
    return found


def metadata_line(path: str, key: str) -> int | None:
    """1-based line of ``key:`` (any case) in the metadata header of a Markdown file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    for written, number in header_keys(text):
        if written.lower() == key.lower():
            return number
    return None
