"""Errors in site content that must stop the build, each naming where it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import islice


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one source file.

    ``where`` is a key path (``rooms[2].id``) or metadata key; ``line`` is 1-based when known.
    A ``note`` is not a problem of its own: it says what a problem kept from being checked.
    """

    path: str
    message: str
    where: str = ""
    line: int | None = None
    note: bool = False

    def format(self, root: str | os.PathLike | None = None) -> str:
        """``path:line: [key] message``, the path relative to ``root`` (else the cwd)."""
        location = display_path(self.path, root)
        if self.line:
            location += f":{self.line}"
        key = f" [{self.where}]" if self.where else ""
        label = " note:" if self.note else ""
        return f"{location}:{label}{key} {self.message}"

    def __str__(self) -> str:
        return self.format()


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found, not just the first.

    The message lists one problem per line so an organizer can fix them all in one pass;
    :mod:`plugins.core.report` prints them unwrapped, without a traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))  # once each (a bad setting hits all)
        super().__init__(
            "\n".join([summary(self.problems) + ":", *(f"  {p}" for p in self.problems)])
        )


def summary(problems: list[Problem]) -> str:
    """``N problems in the site content`` (notes are not counted)."""
    count = sum(1 for p in problems if not p.note)
    return f"{count} problem{'s' if count != 1 else ''} in the site content"


def display_path(path: str, root: str | os.PathLike | None = None) -> str:
    """Show ``path`` relative to ``root`` (default: the working directory) when below it."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


@dataclass
class _Dependents:
    path: str
    count: int = 0


@dataclass
class ProblemCollector:
    """Collects problems during a validation pass and raises them together.

    Root causes only: a file that failed to load is marked :meth:`broken`; references to
    what it would have defined ask :meth:`depends_on_broken` and are counted, not reported,
    and :meth:`raise_if_any` adds one note per broken file saying how many depend on it.
    """

    problems: list[Problem] = field(default_factory=list)
    _broken: dict[tuple[str, str], _Dependents] = field(default_factory=dict)

    def add(self, path: str, message: str, where: str = "", line: int | None = None) -> None:
        """Record a problem; ``line`` is 1-based."""
        self.problems.append(Problem(path, message, where, line))

    def extend(self, problems: list[Problem]) -> None:
        """Record problems found elsewhere (e.g. a :class:`ContentError`'s)."""
        self.problems.extend(problems)

    def broken(self, kind: str, ident: str, path: str) -> None:
        """Mark ``ident`` (an edition, person or session id) as defined by a failing file."""
        self._broken.setdefault((kind, ident), _Dependents(str(path)))

    def is_broken(self, kind: str, ident: str) -> bool:
        """True when ``ident`` is defined by a file that failed to load (not counted)."""
        return (kind, str(ident)) in self._broken

    def depends_on_broken(self, kind: str, ident: str) -> bool:
        """True (and counted) when ``ident`` is defined by a file that failed to load."""
        entry = self._broken.get((kind, str(ident)))
        if entry is not None:
            entry.count += 1
        return entry is not None

    def raise_if_any(self) -> None:
        """Raise :class:`ContentError` when anything was recorded."""
        if not self.problems:
            return
        notes = [
            Problem(
                entry.path,
                f"{entry.count} reference{'s' if entry.count != 1 else ''} "
                f"to {kind} {ident!r} in other files not checked until this file is "
                "fixed",
                note=True,
            )
            for (kind, ident), entry in self._broken.items()
            if entry.count
        ]
        raise ContentError(self.problems + notes)


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
