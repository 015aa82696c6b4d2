"""The one place that turns a BCP 47 language tag into everything derived from it.

URL segment, ``<html lang>``, hreflang, Babel locale and gettext catalog directory all come
from :class:`Language`, so the four never disagree. Nothing else builds them by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from babel import Locale, UnknownLocaleError

_SEGMENT_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Language:
    """A configured site language.

    ``tag`` is the BCP 47 tag as configured (``zh-Hans``); ``segment`` the URL path segment
    (``zh-hans`` unless configured otherwise).
    """

    tag: str
    segment: str

    @property
    def html_lang(self) -> str:
        """Value of ``<html lang>`` and of ``lang`` attributes: the BCP 47 tag itself."""
        return self.tag

    @property
    def hreflang(self) -> str:
        """Value of ``hreflang``: BCP 47, which HTML and search engines accept as is."""
        return self.tag

    @cached_property
    def locale(self) -> Locale:
        """Babel locale (``zh_Hans``) for dates, numbers, lists and language names."""
        return Locale.parse(self.tag, sep="-")

    @property
    def catalog_dir(self) -> str:
        """Folder name under ``translations/`` for the gettext catalog (``zh_Hans``)."""
        return str(self.locale)

    @cached_property
    def native_name(self) -> str:
        """The language named in itself (中文, English, Français), from Babel's data."""
        name = Locale(self.locale.language).get_display_name(self.locale) or self.tag
        return name[:1].upper() + name[1:]

    def path(self, rest: str = "") -> str:
        """Site-relative output path inside this language's tree: ``zh-hans/editions/``."""
        return f"{self.segment}/{rest.lstrip('/')}"

    def __str__(self) -> str:
        return self.tag


@dataclass(frozen=True)
class LanguageSet:
    """The site's languages in configured order, with the default one."""

    languages: tuple[Language, ...]
    default: Language
    _by_key: dict[str, Language] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {lang.tag.lower(): lang for lang in self.languages})

    def __iter__(self) -> Iterator[Language]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)

    def get(self, tag: str | None) -> Language | None:
        """The configured language for ``tag`` (case-insensitive, ``_`` or ``-``), or None."""
        if not tag:
            return None
        return self._by_key.get(str(tag).replace("_", "-").lower())

    @property
    def tags(self) -> list[str]:
        """Configured tags, in order."""
        return [lang.tag for lang in self.languages]


def make_language(tag: str, segment: str | None = None) -> Language:
    """Validate ``tag`` against Babel's locale data and build its :class:`Language`.

    Raises ``ValueError`` with a message that says what was expected.
    """
    if not isinstance(tag, str) or not tag.strip():
        raise ValueError(f"expected a BCP 47 language tag such as 'zh-Hans', got {tag!r}")
    tag = tag.strip()
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ValueError(
            f"unknown language tag {tag!r} ({exc}); expected a BCP 47 tag such as "
            "'zh-Hans', 'zh-Hant', 'en' or 'fr'"
        ) from None
    segment = tag.lower() if segment is None else str(segment)
    if not _SEGMENT_RE.match(segment):
        raise ValueError(
            f"URL segment {segment!r} for {tag!r} must be lower-case letters, digits and '-'"
        )
    return Language(tag=tag, segment=segment)


def make_language_set(languages: Iterable[Language], default_tag: str) -> LanguageSet:
    """Build the set; ``default_tag`` must be one of ``languages``. Raises ``ValueError``."""
    languages = tuple(languages)
    if not languages:
        raise ValueError("expected at least one language")
    seen: set[str] = set()
    for lang in languages:
        for key in (lang.tag.lower(), "/" + lang.segment):
            if key in seen:
                raise ValueError(f"language {lang.tag!r} or its segment is configured twice")
            seen.add(key)
    by_tag = {lang.tag.lower(): lang for lang in languages}
    default = by_tag.get(str(default_tag).replace("_", "-").lower())
    if default is None:
        raise ValueError(
            f"default language {default_tag!r} is not one of the languages "
            f"{[lang.tag for lang in languages]}"
        )
    return LanguageSet(languages=languages, default=default)
