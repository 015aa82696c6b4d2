"""A Markdown reader that checks what Pelican's lets through or fails on with a traceback.

For every Markdown file under ``content/`` it checks, before Pelican builds the object:

- the encoding: a file not saved as UTF-8 is one problem naming the likely charset;
- the metadata keys: each kind of file (post, page, session, roundup introduction) has a
  documented set (:mod:`.metakeys`); an unknown key is a problem with a suggestion, so a
  mistyped ``Speaker:`` no longer silently drops a session's speakers;
- ``Title`` (and a post's ``Date``) is present, and every date is a real date;
- no full-width punctuation typed by a Chinese input method where the syntax needs ASCII:
  ``Title：`` is not a key (Markdown ends the metadata there), and ``，``, ``、`` or ``；``
  between the items of a list (``Tags``, ``Authors``, ``Speakers``, ``Room``) make them one;
- no link or image to an address written without its scheme (``www.example.org``);
- ``Template`` names a template of the theme (Pelican would stop with a traceback).

Problems of one file are raised together as a :class:`ContentError`; Pelican's generators
log it as "Could not process" and :mod:`plugins.core.report` turns it back into problems.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pelican
from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader

from plugins.core.encoding import read_utf8
from plugins.core.errors import ContentError, Problem
from plugins.core.metadata import fullwidth_colon_keys, header_keys
from plugins.core.timezones import local_time

from .addresses import no_scheme_hint
from .fields import FULLWIDTH_SEPARATORS, suggest
from .metakeys import KEYS, allowed_keys, kind_of
from .prefetch import ATTRIBUTE as PREFETCH

STATUSES = ("published", "draft", "hidden")
#: Keys whose value is a comma-separated list.
LIST_KEYS = frozenset({"tags", "authors", "speakers", "room"})
#: Values Pelican would take without a word but that lose the text: (test, message).
CHECKED = {
    "title": (bool, "is empty; expected the text's title"),
    "status": (
        lambda v: v in STATUSES,
        f"is not a status (the text would not be published); expected one of: "
        f"{', '.join(STATUSES)}",
    ),
}


class _NoPreprocessors:
    def deregister(self, name: str) -> None:
        """Nothing to remove: no Markdown was built."""


class _NoMarkdownClass:
    preprocessors = _NoPreprocessors()


_NO_MARKDOWN = _NoMarkdownClass()


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
        known = allowed_keys(kind, self.settings) if kind else frozenset().union(*KEYS.values())
        # a metadata key (or a near one): a text may well begin "PS：…" or "Note：…"
        fullwidth = [
            found
            for found in fullwidth_colon_keys(text)
            if found[0].lower() in known or suggest(found[0].lower(), sorted(known))
        ]
        self._problems.extend(_colon_problem(source_path, *found) for found in fullwidth)
        if kind is not None:
            written = keys + [(key, line) for key, line, _ in fullwidth]
            self._check_keys(source_path, kind, keys, {k.lower() for k, _ in written})
        try:
            content, metadata = self._read_markdown(source_path)
            self._check_addresses(source_path, content, text)
            self._check_template(source_path, metadata.get("template"))
        finally:
            problems, self._problems, self._lines = self._problems or [], None, {}
        if problems:
            raise ContentError(problems)
        return content, metadata

    def _read_markdown(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Pelican's ``MarkdownReader.read``, with the HTML and metadata lines the worker
        converted when it did (:mod:`.prefetch`); the metadata is processed here, checked."""
        prefetch = self.__dict__.get(PREFETCH)
        found = prefetch.take(source_path) if prefetch is not None else None
        if found is None:
            return super().read(source_path)
        html, meta = found
        self._source_path = source_path
        # Pelican's _parse_metadata converts formatted fields (Summary) with self._md, after
        # removing its metadata preprocessor; no Markdown is built for a file without one.
        formatted = {name.lower() for name in meta} & set(self.settings["FORMATTED_FIELDS"])
        self._md = Markdown(**self.settings["MARKDOWN"]) if formatted else _NO_MARKDOWN
        return html, self._parse_metadata(meta)

    def _check_keys(
        self, path: str, kind: str, keys: list[tuple[str, int]], written: set[str]
    ) -> None:
        allowed = allowed_keys(kind, self.settings)
        shown = sorted(key.capitalize() for key in allowed)
        for key, line in keys:
            if key.lower() not in allowed:
                hint = suggest(key.capitalize(), shown)
                if hint:  # ``Titel:`` is a title: not also reported missing below
                    written = written | {hint.split("'")[1].lower()}
                self._problems.append(
                    Problem(
                        path,
                        f"unknown key {key!r}{hint}; expected "
                        f"one of the keys of a {kind}: {', '.join(shown)} (or list it in "
                        "CONFERENCE_EXTRA_METADATA)",
                        key,
                        line,
                    )
                )
        first: dict[str, int] = {}
        for key, line in keys:
            lower = key.lower()
            if lower in first and DUPLICATES_DEFINITIONS_ALLOWED.get(lower, True):
                # Pelican would make it a list (a title of two), and say nothing
                self._problems.append(
                    Problem(
                        path,
                        f"key {key.capitalize()!r} is given twice (first on line "
                        f"{first[lower]}); expected it once",
                        key.capitalize(),
                        line,
                    )
                )
            first.setdefault(lower, line)
        required = ["title"] if kind != "roundup introduction" else []
        if kind == "post" and self.settings.get("DEFAULT_DATE") is None:
            required.append("date")
        for key in required:
            if key not in written:  # a key with a full-width colon is reported as such
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
        if checking and name in LIST_KEYS and isinstance(value, str):
            self._check_separators(name, value)
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
            processed = super().process_metadata(name, value)
            if checking and name in ("date", "modified"):
                self._check_clock_change(name, value, processed)
            return processed
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

    def _check_clock_change(self, name: str, value: Any, moment: Any) -> None:
        """A local date and time that does not exist, or happens twice, in the site's zone."""
        zone = self.settings.get("TIMEZONE")
        if not isinstance(moment, datetime) or moment.tzinfo is not None or not zone:
            return
        try:
            zone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):  # a bad TIMEZONE: the settings' problem
            return
        try:
            local_time(moment, zone)
        except ValueError as exc:
            key = name.capitalize()
            self._problems.append(
                Problem(self._source_path, f"{key} {value!r} {exc}", key, self._lines.get(name))
            )

    def _check_addresses(self, path: str, html: str, text: str) -> None:
        """A link or image to ``www.example.org/x`` (no scheme) would be one of this site."""
        finder = _Addresses()
        finder.feed(html)
        for address in dict.fromkeys(finder.found):
            hint = no_scheme_hint(address)
            if hint:
                line = next(
                    (n for n, written in enumerate(text.splitlines(), 1) if address in written),
                    None,
                )
                self._problems.append(
                    Problem(
                        path,
                        f"links to {address!r}, which a browser reads as a page of this site{hint}",
                        "link",
                        line,
                    )
                )

    def _check_template(self, path: str, name: Any) -> None:
        """``Template: nope`` would stop Pelican with a traceback while writing."""
        if name is None:
            return
        names = template_names(self.settings)
        if str(name) in names:
            return
        shown = sorted(n for n in names if not n.startswith("!"))
        self._problems.append(
            Problem(
                path,
                f"no template {str(name)!r} in the theme{suggest(str(name), shown)}; expected "
                f"one of: {', '.join(shown)}",
                "Template",
                self._lines.get("template"),
            )
        )

    def _check_separators(self, name: str, value: str) -> None:
        found = [c for c in FULLWIDTH_SEPARATORS if c in value]
        if not found:
            return
        key = name.capitalize()
        meant = ", ".join(p.strip() for p in re.split(f"[,{FULLWIDTH_SEPARATORS}]", value))
        named = " and ".join(map(_named, found))
        self._problems.append(
            Problem(
                self._source_path,
                f"{key} {value!r} has the full-width {named} between its "
                f"items, so they read as one; expected ASCII commas: '{key}: {meant}'",
                key,
                self._lines.get(name),
            )
        )


class _Addresses(HTMLParser):
    """The ``href`` and ``src`` of the links and images of a text's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def template_names(settings: dict[str, Any]) -> set[str]:
    """The names a ``Template`` key may give: Pelican looks in THEME_TEMPLATES_OVERRIDES,
    the theme, then its ``simple`` theme (also as ``!theme/…`` and ``!simple/…``)."""
    theme = Path(settings.get("THEME", ""), "templates")
    simple = Path(pelican.__file__).parent / "themes" / "simple" / "templates"
    folders = [*(Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES") or []), theme]
    extensions = tuple(settings.get("TEMPLATE_EXTENSIONS") or [".html"])
    names: set[str] = set()
    for prefix, found in [("", f) for f in [*folders, simple]] + [
        ("!theme/", theme),
        ("!simple/", simple),
    ]:
        if found.is_dir():
            for file in found.rglob("*"):
                for extension in extensions:
                    if file.name.endswith(extension):
                        relative = file.relative_to(found).as_posix()
                        names.add(prefix + relative[: -len(extension)])
    return names


def _named(char: str) -> str:
    """``'，' (U+FF0C FULLWIDTH COMMA)``."""
    return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, '')})"


def _colon_problem(path: str, key: str, line: int, colon: str) -> Problem:
    """``Title：`` typed by an input method: Markdown's metadata would end on that line."""
    return Problem(
        path,
        f"the key {key!r} is followed by the full-width {_named(colon)}, so it is not read "
        f"as a key and the metadata ends there; expected an ASCII colon: '{key}: ...'",
        key,
        line,
    )
