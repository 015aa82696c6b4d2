"""Errors in site content that must stop the build, each naming where it is."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from itertools import islice


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one source file.

    ``where`` is a key path (``rooms[2].id``) or metadata key; ``line`` is 1-based when known.
    """

    path: str
    message: str
    where: str = ""
    line: int | None = None

    def __str__(self) -> str:
        location = display_path(self.path)
        if self.line:
            location += f":{self.line}"
        key = f" [{self.where}]" if self.where else ""
        return f"{location}:{key} {self.message}"


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found, not just the first.

    Pelican reports the exception and exits non-zero; the message lists one problem per line
    so an organizer can fix them all in one pass.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the site content:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def display_path(path: str) -> str:
    """Show ``path`` relative to the working directory when it is below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


class ProblemCollector:
    """Collects problems during a validation pass and raises them together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, where: str = "", line: int | None = None) -> None:
        """Record a problem; ``line`` is 1-based."""
        self.problems.append(Problem(path, message, where, line))

    def raise_if_any(self) -> None:
        """Raise :class:`ContentError` when anything was recorded."""
        if self.problems:
            raise ContentError(self.problems)


class HideContentErrorTraceback(logging.Filter):
    """Drop the traceback Pelican logs with a :class:`ContentError`.

    Pelican logs every build exception with ``exc_info``; for content errors the message
    already says everything (file, line, what was expected) and the traceback only hides it.
    Other exceptions keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ContentError):
            record.exc_info = None
            record.exc_text = None
        return True


def install_traceback_filter(logger_name: str = "pelican") -> None:
    """Add :class:`HideContentErrorTraceback` to Pelican's logger once."""
    target = logging.getLogger(logger_name)
    if not any(isinstance(f, HideContentErrorTraceback) for f in target.filters):
        target.addFilter(HideContentErrorTraceback())


#: Longest excerpt of a value that a message shows (see :func:`shown`).
EXCERPT = 80


def shown(value: object) -> str:
    """A short, escaped excerpt of ``value`` for an error message, never the whole value.

    Strings are shown as ``repr`` shows them (quoted, control characters escaped); lists
    and mappings show their first few items two levels deep; the result is cut to
    :data:`EXCERPT` characters. Content comes from participants: a message must not grow
    with it (a YAML alias bomb once made one ``repr`` expand a billion strings).
    """
    text = _excerpt(value, 0)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _excerpt(value: object, depth: int) -> str:
    if isinstance(value, str):
        return repr(value[: EXCERPT + 1])
    if isinstance(value, dict):
        if depth > 1:
            return "{…}"
        items = [
            f"{_excerpt(k, depth + 1)}: {_excerpt(v, depth + 1)}"
            for k, v in islice(value.items(), 4)
        ]
        return "{" + ", ".join(items) + (", …" if len(value) > 4 else "") + "}"
    if isinstance(value, list | tuple | set | frozenset):
        if depth > 1:
            return "[…]"
        items = [_excerpt(item, depth + 1) for item in islice(value, 4)]
        return "[" + ", ".join(items) + (", …" if len(value) > 4 else "") + "]"
    return repr(value)[: EXCERPT + 1]
