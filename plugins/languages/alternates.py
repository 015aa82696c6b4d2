"""The same page in every language: hreflang links, canonical URL, og:locale, switcher.

:func:`page_alternates` is the one function that works out, for the page being rendered,
where its version in each language is and whether that version is a real translation. It
understands, in this order:

1. a post or page (``article``/``page`` in the context) with ``versions`` (see
   :mod:`.versions`), including a :func:`~.versions.fallback_copy` written in another tree;
2. ``translated_paths`` (dict tag -> path inside that tree) passed to ``write_page``, with
   ``untranslated_path`` where a language has no such page (tag pages use this);
3. ``page_translations`` (a :class:`~plugins.core.langtags.PageTranslations`, passed by
   the plugin writing the page, e.g. a session's) and ``page_path``: the page exists in
   every tree, translated where it says (and in a derived language where its source is);
4. ``page_path`` alone: a conference page, the same in every tree.

hreflang lists real translations (the page itself included) and ``x-default``, the
default language's version (or the original when the default language has none). The
canonical URL of an untranslated version is the original's. The language switcher leads
to the same page in every language, untranslated versions included, or to that
language's ``untranslated_path`` (its home page unless given) when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plugins.core import keys
from plugins.core.langtags import Language, PageTranslations


@dataclass(frozen=True)
class Alternate:
    """The page in one language: ``path`` in the output, and whether it is translated."""

    language: Language
    path: str
    translated: bool
    current: bool


@dataclass(frozen=True)
class PageAlternates:
    """Every language's version of one page, and its canonical path."""

    language: Language
    alternates: tuple[Alternate, ...]
    canonical: str | None
    x_default: str | None

    @property
    def translated(self) -> bool:
        """False when the page shows content not (yet) translated into its language."""
        return any(a.current and a.translated for a in self.alternates) or not self.alternates

    @property
    def original_language(self) -> Language | None:
        """The language of the canonical version when this one is untranslated."""
        if self.translated or self.canonical is None:
            return None
        segment = self.canonical.split("/", 1)[0]
        return next((a.language for a in self.alternates if a.language.segment == segment), None)

    @property
    def hreflang(self) -> list[Alternate]:
        """Real translations only, in configured order (the page itself included)."""
        return [a for a in self.alternates if a.translated]


def og_locale(language: Language) -> str:
    """Open Graph locale of ``language`` (the template filter ``og_locale``)."""
    return language.og_locale


def page_alternates(ctx: Any, language: Language) -> PageAlternates:
    """Work out the alternates of the page being rendered with context ``ctx``."""
    languages = ctx[keys.LANGUAGES]
    content = _content(ctx)
    if content is not None:
        return _from_versions(content, language, languages)
    if ctx.get(keys.TRANSLATED_PATHS) is not None:
        return _from_paths(
            ctx[keys.TRANSLATED_PATHS],
            ctx.get(keys.UNTRANSLATED_PATH) or "index.html",
            language,
            languages,
        )
    page_path = ctx.get(keys.PAGE_PATH)
    if page_path is None:
        return PageAlternates(language, (), None, None)
    translations = ctx.get(keys.PAGE_TRANSLATIONS)
    if isinstance(translations, PageTranslations):
        # a derived language (zh-Hant) has what its source has, converted
        paths = {lang.tag: page_path for lang in languages if translations.translated_in(lang)}
        original = languages.get(translations.original) or languages.default
        alternates = tuple(
            Alternate(lang, lang.path(page_path), lang.tag in paths, lang == language)
            for lang in languages
        )
        canonical = language if language.tag in paths else original
        x_default = languages.default if languages.default.tag in paths else original
        return PageAlternates(
            language, alternates, canonical.path(page_path), x_default.path(page_path)
        )
    return _from_paths(
        {lang.tag: page_path for lang in languages}, "index.html", language, languages
    )


def _content(ctx: Any) -> Any:
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "versions", None) is not None:
            return content
    return None


def _from_versions(content: Any, language: Language, languages) -> PageAlternates:
    # Head and switcher both ask for them; URLs of Pelican content are costly to format.
    cache = content.__dict__.setdefault("_languages_alternates", {})
    if language.tag not in cache:
        cache[language.tag] = _versions_alternates(content, language, languages)
    return cache[language.tag]


def _versions_alternates(content: Any, language: Language, languages) -> PageAlternates:
    versions = content.versions
    alternates = []
    for lang in languages:
        version = versions.get(lang.tag)
        if version is None:
            alternates.append(Alternate(lang, lang.path("index.html"), False, lang == language))
        else:
            alternates.append(
                Alternate(
                    lang, version.url, not getattr(version, "is_fallback", False), lang == language
                )
            )
    original = content.original
    current = versions.get(language.tag, content)
    canonical = original.url if getattr(current, "is_fallback", False) else current.url
    default = versions.get(languages.default.tag)
    x_default = (
        default.url
        if default is not None and not getattr(default, "is_fallback", False)
        else original.url
    )
    return PageAlternates(language, tuple(alternates), canonical, x_default)


def _from_paths(
    paths: dict[str, str], untranslated: str, language: Language, languages
) -> PageAlternates:
    alternates = tuple(
        Alternate(
            lang, lang.path(paths.get(lang.tag, untranslated)), lang.tag in paths, lang == language
        )
        for lang in languages
    )
    own = paths.get(language.tag)
    default = paths.get(languages.default.tag)
    return PageAlternates(
        language,
        alternates,
        language.path(own) if own is not None else None,
        languages.default.path(default) if default is not None else None,
    )
