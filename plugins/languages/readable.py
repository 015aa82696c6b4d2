"""Template helpers that make each tree read as its language is written.

Places joined by CLDR's patterns (``format_place``), items sorted by the tree's collation
(``collate``), reading time and counts from the text's own script (``reading``), and the
language switcher's labels (``switcher_name``). Registered by :mod:`.jinja`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from babel import units
from jinja2 import pass_context
from markupsafe import Markup, escape

from plugins.core import keys
from plugins.core.collation import collate as collate_items
from plugins.core.langtags import Language, display_name
from plugins.core.lists import join_place
from plugins.core.text import has_body

from .cjk import text_stats
from .pagelang import page_language
from .settings import LanguagesSettings


def _language(ctx) -> Language:
    return page_language(ctx)


@pass_context
def format_place(ctx, parts: list[Any]) -> Markup:
    """A place (venue, city; or rooms, venue, city) joined as the page's language writes
    it: ``成都、成都示例会议中心``, ``Chengdu, Chengdu Example Centre``. Parts may be markup
    (plain strings are escaped) or localizable objects."""
    language = _language(ctx)
    shown = [
        str(escape(p.localized(language) if hasattr(p, "localized") else p)) for p in parts if p
    ]
    return Markup(join_place(shown, language.locale))


@pass_context
def collate(ctx, items: Any, attribute: str | None = None) -> list[Any]:
    """``items`` sorted for the page's language (pinyin order for Chinese names in every
    tree, see :mod:`plugins.core.collation`), by ``attribute`` (dotted) when given; a
    localizable value (a person's ``name``) sorts as the page shows it."""
    language = _language(ctx)

    def text(item: Any) -> str:
        value = item
        for name in (attribute or "").split(".") if attribute else []:
            value = getattr(value, name, "")
        if hasattr(value, "localized"):
            value = value.localized(language)
        return str(value or "")

    return collate_items(list(items or []), language.locale, text)


@dataclass(frozen=True)
class Reading:
    """What a page says about the length of a text in the page's language."""

    cjk_chars: int
    latin_words: int
    minutes: int
    duration: str  # "1分钟", "1 min", "1 min" (CLDR's short duration unit)

    def __bool__(self) -> bool:
        return bool(self.cjk_chars or self.latin_words)


@pass_context
def reading(ctx, content: Any) -> Reading:
    """Counts and reading time of a post, page or session text in the page's language.

    The counts come from the text's script whatever the page's language: CJK characters
    are counted one by one and read at ``LANGUAGES_CJK_PER_MINUTE``, other words at
    ``LANGUAGES_WORDS_PER_MINUTE``, and a mixed text adds both. Objects annotated by the
    plugin (``cjk_chars``…) are used as they are; others are counted here.
    """
    language = _language(ctx)
    chars = getattr(content, "cjk_chars", None)
    words = getattr(content, "latin_words", None)
    minutes = getattr(content, "reading_minutes", None)
    if chars is None or words is None or minutes is None:
        config = LanguagesSettings.read(ctx)
        stats = text_stats(
            str(getattr(content, "content", content) or ""),
            config.cjk_per_minute,
            config.words_per_minute,
        )
        chars, words, minutes = stats.cjk_chars, stats.latin_words, stats.reading_minutes
    duration = units.format_unit(minutes, "duration-minute", "short", locale=language.locale)
    return Reading(chars, words, minutes, duration)


@pass_context
def switcher_name(ctx, language: Language) -> str:
    """``language`` named in itself for the language switcher: with its script when the
    site has another tree of the same language (中文（简体）beside 中文（繁體）), else as
    :attr:`Language.native_name` (中文)."""
    languages = ctx[keys.LANGUAGES]
    base = language.tag.split("-")[0].lower()
    if sum(1 for lang in languages if lang.tag.split("-")[0].lower() == base) < 2:
        return language.native_name
    name = display_name(language.tag, language.tag, True)
    return name[:1].upper() + name[1:]


def body_of(content: Any) -> Any:
    """The version whose body a post or page shows: ``content`` itself, or, when it is a
    translation that gives only a title (partial), the original among its translations
    (the version not marked ``Translation: true`` that has a body), so the reader gets
    the text with a notice instead of an empty page."""
    if content is None or has_body(content):
        return content
    others = [o for o in getattr(content, "translations", None) or [] if has_body(o)]
    originals = [o for o in others if not _marked(o)]
    return (originals or others or [content])[0]


def _marked(content: Any) -> bool:
    return str(getattr(content, "translation", "") or "").lower() in ("true", "yes", "1")


@pass_context
def body_html(ctx, content: Any) -> Markup:
    """The HTML body of a post, page or session text for the page being written.

    In a derived tree (zh-Hant converted from zh-Hans) the body is its source version's,
    whose internal links (``{filename}`` links, resolved by Pelican against the source's
    URL) point into the source tree; they are moved into the derived tree, which has a
    converted copy of every page of its source. Links to other files (feeds, images,
    schedule files) and to other trees are kept.
    """
    html = str(getattr(content, "content", "") or "")
    language = _language(ctx)
    if not language.is_derived:
        return Markup(html)
    source = ctx[keys.LANGUAGES].get(language.source)
    if source is None:
        return Markup(html)
    siteurl = re.escape(str(ctx.get("SITEURL") or "").rstrip("/"))
    pattern = re.compile(
        rf'(\shref=["\'])((?:\.\./)*|{siteurl}/|/){re.escape(source.segment)}/'
        rf'([^"\'#?]*(?:\.html|/)?)(?=["\'#?])'
    )

    def move(match: re.Match) -> str:
        rest = match.group(3)
        if rest and not (rest.endswith(".html") or rest.endswith("/")):
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{language.segment}/{rest}"

    return Markup(pattern.sub(move, html))


_SEPARATOR = re.compile(r"\s+·(?=\s)")


def title_breaks(html: Any) -> Markup:
    """A title's HTML with each `` · `` separator held to the word before it by a
    no-break space, so a narrow screen never starts a line with the dot (a rule of
    Chinese line breaking, kinsoku, that CSS's ``line-break: strict`` does not apply to
    U+00B7, a Latin character)."""
    return Markup(_SEPARATOR.sub("\u00a0·", str(html)))
