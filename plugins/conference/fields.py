"""Typed access to YAML mappings that records a located problem for every bad value.

Each accessor returns ``None`` (or a safe default) after recording a problem, so one pass
over a file reports everything wrong with it instead of stopping at the first error.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from plugins.core.errors import ProblemCollector, shown
from plugins.core.langtags import LanguageSet, closest_tags
from plugins.core.timezones import make_timezone
from plugins.core.yamlio import LineDict

from .addresses import SCHEME, is_web_url, no_scheme_hint
from .model import Link, Localized

ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def suggest(value: str, choices: list[str]) -> str:
    """A ' (did you mean ...?)' hint for a mistyped name, or ''."""
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    return f" (did you mean {shown(close[0])}?)" if close else ""


class Fields:
    """Reads keys of one mapping in one file, recording problems with file, key and line."""

    def __init__(
        self,
        data: LineDict,
        path: str,
        problems: ProblemCollector,
        default_tag: str = "",
        prefix: str = "",
        languages: LanguageSet | None = None,
    ):
        self.data = data
        self.path = path
        self.problems = problems
        self.default_tag = default_tag
        self.prefix = prefix
        #: the site's languages: every tag a translation is keyed by must be one of them
        self.languages = languages

    def where(self, key: str) -> str:
        """Key path for messages: ``rooms[1].id``."""
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, message: str) -> None:
        """Record a problem at ``key``."""
        line = self.data.line_of(key) if isinstance(self.data, LineDict) else None
        self.problems.add(self.path, message, self.where(key), line)

    def nested(self, value: Any, key: str) -> Fields | None:
        """Fields for a nested mapping at ``key`` (``key`` may be ``rooms[0]``)."""
        if not isinstance(value, LineDict):
            self.fail(key.split("[")[0], f"{self.where(key)} must be a mapping of keys to values")
            return None
        return Fields(
            value, self.path, self.problems, self.default_tag, self.where(key), self.languages
        )

    def check_keys(self, allowed: set[str]) -> None:
        """Record every key that is not in ``allowed``, suggesting a close match."""
        for key in self.data:
            if key not in allowed:
                self.fail(
                    str(key),
                    f"unknown key {shown(key)}{suggest(str(key), sorted(allowed))}; "
                    f"expected one of: {', '.join(sorted(allowed))}",
                )

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            self.problems.add(
                self.path, f"missing required key {shown(key)}", self.where(key), self.data.line
            )
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        """A non-empty string (numbers are accepted and turned into text)."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{self.where(key)} must be a non-empty string, got {shown(value)}")
            return None
        return value.strip()

    def integer(self, key: str, required: bool = False, minimum: int = 0) -> int | None:
        """An integer >= ``minimum``."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(
                key, f"{self.where(key)} must be a whole number >= {minimum}, got {shown(value)}"
            )
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        """``true`` or ``false``."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, f"{self.where(key)} must be true or false, got {shown(value)}")
            return default
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        """A date written ``YYYY-MM-DD``."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        self.fail(key, f"{self.where(key)} must be a date written YYYY-MM-DD, got {shown(value)}")
        return None

    def timezone(self, key: str, required: bool = False) -> ZoneInfo | None:
        """An IANA time zone name."""
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return make_timezone(value, [self.default_tag] if self.default_tag else [])
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def url(self, key: str, required: bool = False) -> str | None:
        """An absolute http(s) URL."""
        value = self.text(key, required)
        if value is not None and not is_web_url(value):
            self.fail(
                key,
                f"{self.where(key)} must be an http:// or https:// URL, got {shown(value)}"
                + no_scheme_hint(value, bare_host=True),
            )
            return None
        return value

    def source(self, key: str, required: bool = False) -> str | None:
        """An http(s) URL, or a path relative to the project (``feed``, a stream's ``url``)."""
        value = self.text(key, required)
        if value is None or is_web_url(value):
            return value
        if "://" in value or SCHEME.match(value):
            self.fail(
                key,
                f"{key} must be an http(s) URL or a path relative to the project, "
                f"got {shown(value)}; expected e.g. https://blog.example.org/feed.xml",
            )
            return None
        hint = no_scheme_hint(value)
        if hint:  # read as a path, it would be found missing only by `invoke fetch`
            self.fail(
                key,
                f"{self.where(key)} {shown(value)} would be read as a file of the project{hint}",
            )
            return None
        return value

    def localized(self, key: str, required: bool = False) -> Localized:
        """A string, or a mapping of language tag to string."""
        value = self._get(key, required)
        if value is None:
            return Localized({}, self.default_tag)
        if required and isinstance(value, str) and not value.strip():
            self.fail(key, f"{self.where(key)} is empty; expected a text")
            return Localized({}, self.default_tag)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return Localized({self.default_tag: str(value).strip()}, self.default_tag)
        if (
            isinstance(value, dict)
            and value
            and all(
                isinstance(k, str) and isinstance(v, (str, int, float)) for k, v in value.items()
            )
        ):
            self.check_tags(key, value)
            return Localized({k: str(v).strip() for k, v in value.items()}, self.default_tag)
        self.fail(
            key,
            f"{self.where(key)} must be a text or a mapping of language tag to text "
            f"(e.g. {{zh-Hans: ..., en: ...}}), got {shown(value)}",
        )
        return Localized({}, self.default_tag)

    def check_tags(self, key: str, translations: dict) -> None:
        """Record each language tag of ``translations`` that is not a site language (a text
        keyed ``fr-CA`` on a ``fr`` site would be dropped without a word)."""
        if self.languages is None:
            return
        for tag in translations:
            language = self.languages.get(str(tag))
            if language is not None and language.tag == tag:
                continue
            close = closest_tags(str(tag), self.languages)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            line = translations.line_of(tag) if isinstance(translations, LineDict) else None
            self.problems.add(
                self.path,
                f"{self.where(key)}: language {shown(tag)} is not a site language{hint}; "
                f"expected one of: {', '.join(self.languages.tags)}",
                self.where(key),
                line or self.data.line_of(key) if isinstance(self.data, LineDict) else line,
            )

    def string_list(self, key: str) -> list[str]:
        """A list of strings (a single string is taken as a one-item list)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.fail(key, f"{self.where(key)} must be a list of strings, got {shown(value)}")
            return []
        items = []
        for item in (str(v).strip() for v in value):
            separator = next((c for c in FULLWIDTH_SEPARATORS if c in item), None)
            if separator is None:
                items.append(item)
                continue
            parts = [p.strip() for p in re.split(f"[{FULLWIDTH_SEPARATORS}]", item) if p.strip()]
            self.fail(
                key,
                f"{self.where(key)} item {shown(item)} has the full-width {separator!r} "
                f"(U+{ord(separator):04X}) of a Chinese input method between its items; "
                f"expected a YAML list with ASCII commas: [{', '.join(parts)}]",
            )
            items.extend(parts)  # checked one by one, as meant
        return items

    def mapping_list(self, key: str) -> list[tuple[str, Fields]]:
        """A list of mappings, each returned with its key path and Fields."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"{self.where(key)} must be a list, got {type(value).__name__}")
            return []
        items = []
        for index, item in enumerate(value):
            sub = self.nested(item, f"{key}[{index}]")
            if sub is not None:
                items.append((f"{key}[{index}]", sub))
        return items

    def links(self, key: str, types: set[str] | None = None) -> list[Link]:
        """A list of ``{url, title, type}`` links."""
        links = []
        for _, sub in self.mapping_list(key):
            sub.check_keys({"url", "title", "type"})
            url = sub.url("url", required=True)
            kind = sub.text("type") or "other"
            if types and kind not in types:
                sub.fail(
                    "type", f"link type {shown(kind)} must be one of: {', '.join(sorted(types))}"
                )
            if url:
                title = sub.localized("title") or Localized({self.default_tag: url})
                links.append(Link(url=url, title=title, type=kind))
        return links


#: What a Chinese input method types between list items instead of ``,``.
FULLWIDTH_SEPARATORS = "，、；"


def is_language_tag(value: str) -> bool:
    """True for a BCP 47 tag Babel knows (``en``, ``de``, ``zh-Hant``, ``pt-BR``)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(str(value), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True
