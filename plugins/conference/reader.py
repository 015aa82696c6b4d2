"""A Markdown reader that checks what Pelican's lets through or fails on with a traceback.

For every Markdown file under ``content/`` it checks, before Pelican builds the object:

- the encoding: a file not saved as UTF-8 is one problem naming the likely charset;
- the metadata keys: each kind of file (post, page, session, roundup introduction) has a
  documented set (:mod:`.metakeys`); an unknown key is a problem with a suggestion, so a
  mistyped ``Speaker:`` no longer silently drops a session's speakers;
- ``Title`` (and a post's ``Date``) is present, and every date is a real date.

Problems of one file are raised together as a :class:`ContentError`; Pelican's generators
log it as "Could not process" and :mod:`plugins.core.report` turns it back into problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.readers import MarkdownReader

from plugins.core.encoding import read_utf8
from plugins.core.errors import ContentError, Problem
from plugins.core.metadata import header_keys

from .fields import suggest
from .metakeys import allowed_keys, kind_of

STATUSES = ("published", "draft", "hidden")
#: Values Pelican would take without a word but that lose the text: (test, message).
CHECKED = {
    "title": (bool, "is empty; expected the text's title"),
    "status": (
        lambda v: v in STATUSES,
        f"is not a status (the text would not be published); expected one of: "
        f"{', '.join(STATUSES)}",
    ),
}


def use_checking_reader(readers) -> None:
    """``readers_init`` handler: read Markdown with :class:`CheckingMarkdownReader`."""
    for extension in CheckingMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = CheckingMarkdownReader


class CheckingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader plus the checks in this module's docstring."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Check ``source_path``, then read it as Pelican does; raise all its problems."""
        lang = Path(source_path).name.split(".")[1:-1]
        text = read_utf8(source_path, [*lang, self.settings.get("DEFAULT_LANG", "")])
        keys = header_keys(text)
        self._lines = {key.lower(): line for key, line in keys}
        self._problems: list[Problem] | None = []  # None: not reading a file
        kind = kind_of(source_path, self.settings)
        if kind is not None:
            self._check_keys(source_path, kind, keys)
        try:
            content, metadata = super().read(source_path)
        finally:
            problems, self._problems, self._lines = self._problems or [], None, {}
        if problems:
            raise ContentError(problems)
        return content, metadata

    def _check_keys(self, path: str, kind: str, keys: list[tuple[str, int]]) -> None:
        allowed = allowed_keys(kind, self.settings)
        shown = sorted(key.capitalize() for key in allowed)
        for key, line in keys:
            if key.lower() not in allowed:
                self._problems.append(
                    Problem(
                        path,
                        f"unknown key {key!r}{suggest(key.capitalize(), shown)}; expected "
                        f"one of the keys of a {kind}: {', '.join(shown)} (or list it in "
                        "CONFERENCE_EXTRA_METADATA)",
                        key,
                        line,
                    )
                )
        required = ["title"] if kind != "roundup introduction" else []
        if kind == "post" and self.settings.get("DEFAULT_DATE") is None:
            required.append("date")
        for key in required:
            if key not in self._lines:
                example = "YYYY-MM-DD HH:MM" if key == "date" else "the text's title"
                self._problems.append(
                    Problem(
                        path,
                        f"missing required key {key.capitalize()!r}; expected a line "
                        f"'{key.capitalize()}: <{example}>' at the top",
                        key.capitalize(),
                        1,
                    )
                )

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's processing; a value it cannot take is recorded as a problem."""
        checking = getattr(self, "_problems", None) is not None
        if checking and name in CHECKED and not CHECKED[name][0](str(value).strip().lower()):
            self._problems.append(
                Problem(
                    self._source_path,
                    f"{name.capitalize()} {value!r} {CHECKED[name][1]}",
                    name.capitalize(),
                    self._lines.get(name),
                )
            )
        try:
            return super().process_metadata(name, value)
        except ValueError as exc:
            if not checking:
                raise
            key = name.capitalize()
            if name in ("date", "modified"):
                message = (
                    f"{key} {value!r} is not a date; expected YYYY-MM-DD HH:MM "
                    "(or YYYY-MM-DD), a real day and time"
                )
            else:
                message = f"{key} {value!r} is not valid ({exc})"
            self._problems.append(Problem(self._source_path, message, key, self._lines.get(name)))
            return None
