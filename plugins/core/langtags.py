"""The one place that turns a BCP 47 language tag into everything derived from it.

URL segment, ``<html lang>``, hreflang, Babel locale and gettext catalog directory all come
from :class:`Language`, so the four never disagree. Nothing else builds them by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

_SEGMENT_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Language:
    """A configured site language.

    ``tag`` is the BCP 47 tag as configured (``zh-Hans``); ``segment`` the URL path segment
    (``zh-hans`` unless configured otherwise). A *derived* language (``zh-Hant`` converted
    from ``zh-Hans``) has no texts of its own: ``source`` is the tag its tree is converted
    from and ``conversion`` the OpenCC configuration that converts it (``s2twp``).
    """

    tag: str
    segment: str
    source: str | None = None
    conversion: str | None = None

    @property
    def is_derived(self) -> bool:
        """True for a language whose tree is machine-converted from ``source``."""
        return self.source is not None

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
        """The language named in itself (中文, English, Français), from Babel's data.

        A script other than the language's usual one is named too, so two kinds of Chinese
        differ: ``zh-Hant`` is 中文（繁體） while ``zh-Hans`` (the likely script) stays 中文.
        """
        locale = self.locale
        name = Locale(locale.language).get_display_name(locale) or self.tag
        if locale.script and locale.script != _likely_script(locale.language):
            script = locale.scripts.get(locale.script)
            if script:
                name = display_pattern(locale.language).format(name, script)
        return name[:1].upper() + name[1:]

    @cached_property
    def og_locale(self) -> str:
        """Open Graph locale ``ll_TT`` from Babel's likely subtags: zh-Hans → zh_CN."""
        locale = Locale.parse(self.tag, sep="-")
        territory = locale.territory
        if not territory:
            likely = get_global("likely_subtags")
            full = likely.get(str(locale)) or likely.get(locale.language)
            territory = Locale.parse(full).territory if full else None
        return f"{locale.language}_{territory}" if territory else locale.language

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


#: CLDR's localeDisplayPattern where it is not "{0} ({1})"; Babel does not ship it.
_DISPLAY_PATTERNS = {"zh": "{0}（{1}）", "ja": "{0}（{1}）", "yue": "{0}（{1}）"}
#: OpenCC configuration used when a derived language gives no ``convert``, by scripts.
#: Simplified to Traditional is phrase-level for Taiwan (s2twp: 软件 → 軟體, 搜索 → 搜尋),
#: the wording Traditional readers expect, unless a region says otherwise (below).
_DEFAULT_CONVERSIONS: dict[tuple[str | None, str | None], str] = {
    ("Hans", "Hant"): "s2twp",
    ("Hant", "Hans"): "t2s",
}
#: OpenCC configuration of Simplified to Traditional by region (``region``, or the tag's:
#: zh-HK). OpenCC has phrase tables for Taiwan only; s2hk uses Hong Kong's characters.
REGION_CONVERSIONS = {"TW": "s2twp", "HK": "s2hk", "MO": "s2hk"}


@dataclass(frozen=True)
class PageTranslations:
    """Which trees hold a real translation of a page that every tree shows (a session:
    the others show its original with a notice); passed to the page's template as
    :data:`plugins.core.keys.PAGE_TRANSLATIONS` so the languages plugin can list the
    page's hreflang alternates without knowing what the page is."""

    #: tags of the languages with their own text (a derived language has its source's)
    tags: frozenset[str]
    #: tag of the original's language (canonical where the page is untranslated)
    original: str

    def translated_in(self, language: Language) -> bool:
        """True when ``language``'s tree shows a translation (derived: its source's)."""
        return (language.source if language.is_derived else language.tag) in self.tags


@lru_cache(maxsize=256)
def display_name(tag: str, in_tag: str, with_script: bool = True) -> str:
    """Language ``tag`` named in the language of ``in_tag`` (English, anglais, 英语), from
    Babel's data; with ``with_script``, the script too (中文（繁體）). An unknown tag is
    returned as it is: feeds may declare anything."""
    try:
        locale = Locale.parse(tag, sep="-")
        shown = Locale.parse(in_tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return tag
    if not with_script:
        return Locale(locale.language).get_display_name(shown) or tag
    script = shown.scripts.get(locale.script) if locale.script else None
    if script and not locale.territory:
        # Babel writes "中文 (简体)" everywhere; CLDR's pattern in Chinese is 中文（简体）.
        name = Locale(locale.language).get_display_name(shown) or tag
        return display_pattern(shown.language).format(name, script)
    return locale.get_display_name(shown) or tag


def display_pattern(language: str) -> str:
    """How ``language`` writes "language (script)": ``{0}（{1}）`` in Chinese."""
    return _DISPLAY_PATTERNS.get(language, "{0} ({1})")


def _likely_script(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language)
    return Locale.parse(likely).script if likely else None


def script_of(tag: str) -> str | None:
    """The script a tag is written in, explicit or likely: zh-TW → Hant, zh → Hans."""
    locale = Locale.parse(tag, sep="-")
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    full = likely.get(str(locale)) or likely.get(locale.language)
    return Locale.parse(full).script if full else None


def make_language(
    tag: object,
    segment: str | None = None,
    source: str | None = None,
    conversion: str | None = None,
    region: str | None = None,
) -> Language:
    """Validate ``tag`` against Babel's locale data and build its :class:`Language`.

    ``source`` makes it a derived language converted from that tag, with the OpenCC
    ``conversion``; by default the one of ``region`` (``TW``: s2twp, ``HK``: s2hk) or of
    the tag's region (zh-HK), else ``s2twp`` from Hans to Hant and ``t2s`` the other way.
    Raises ``ValueError`` with a message that says what was expected.
    """
    tag = _valid_tag(tag)
    segment = tag.lower() if segment is None else str(segment)
    if not _SEGMENT_RE.match(segment):
        raise ValueError(
            f"URL segment {segment!r} for {tag!r} must be lower-case letters, digits and '-'"
        )
    if source is None:
        if conversion is not None or region is not None:
            key = "convert" if conversion is not None else "region"
            raise ValueError(
                f"'{key}' for {tag!r} needs 'from': the language it is "
                "converted from, e.g. {tag: zh-Hant, from: zh-Hans}"
            )
        return Language(tag=tag, segment=segment)
    source = _valid_tag(source)
    if region is not None and conversion is not None:
        raise ValueError(f"give 'region' or 'convert' for {tag!r}, not both")
    if region is not None and str(region).upper() not in REGION_CONVERSIONS:
        raise ValueError(
            f"'region' for {tag!r} must be one of {', '.join(REGION_CONVERSIONS)}, got {region!r}"
        )
    scripts = (script_of(source), script_of(tag))
    if conversion is None and scripts == ("Hans", "Hant"):
        territory = str(region or Locale.parse(tag, sep="-").territory or "TW").upper()
        conversion = REGION_CONVERSIONS.get(territory)
    if conversion is None:
        conversion = _DEFAULT_CONVERSIONS.get(scripts)
        if conversion is None:
            raise ValueError(
                f"no default conversion from {source!r} to {tag!r}; give "
                "'convert' (an OpenCC configuration such as s2t or s2twp)"
            )
    if not isinstance(conversion, str) or not re.fullmatch(r"[a-z0-9]+", conversion):
        raise ValueError(
            f"'convert' for {tag!r} must be an OpenCC configuration name such "
            f"as s2t or s2twp, got {conversion!r}"
        )
    return Language(tag=tag, segment=segment, source=source, conversion=conversion)


def implicit_source(tag: object, default_tag: object) -> str | None:
    """The language a plainly listed Traditional Chinese tag (``zh-Hant``, ``zh-TW``,
    ``zh-HK``) is converted from: the default language when it is Simplified Chinese, else
    None. Such a site has no Traditional texts or catalog (a content file in a converted
    language is refused), so the plain tag means the converted tree, as
    ``{tag: zh-Hant, from: zh-Hans}`` does; the region comes from the tag."""
    try:
        tag, default_tag = _valid_tag(tag), _valid_tag(default_tag)
    except ValueError:
        return None
    same = Locale.parse(tag, sep="-").language == Locale.parse(default_tag, sep="-").language
    if same and script_of(tag) == "Hant" and script_of(default_tag) == "Hans":
        return default_tag
    return None


def _valid_tag(tag: object) -> str:
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
    return tag


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
    for lang in languages:
        if lang.is_derived and by_tag.get((lang.source or "").lower()) is not default:
            # Every localized text falls back to the default language, so only its texts
            # are there to convert on every page.
            raise ValueError(
                f"language {lang.tag!r} is converted from {lang.source!r}, which must be the "
                f"default language {default.tag!r}"
            )
    if default.is_derived:
        raise ValueError(f"default language {default.tag!r} cannot be a converted language")
    return LanguageSet(languages=languages, default=default)


def closest_tags(tag: str, languages: LanguageSet) -> list[str]:
    """Site languages a mistaken tag probably means: ``zh``, ``zh_CN`` → ``zh-Hans``.

    Same language and (explicit or likely) script first, then same language.
    """
    try:
        wanted = Locale.parse(str(tag).replace("_", "-"), sep="-")
        script = script_of(str(wanted).replace("_", "-"))
    except (UnknownLocaleError, ValueError):
        return []
    same_language = [
        lang.tag
        for lang in languages
        if not lang.is_derived and Locale.parse(lang.tag, sep="-").language == wanted.language
    ]
    return sorted(same_language, key=lambda t: script_of(t) != script)
