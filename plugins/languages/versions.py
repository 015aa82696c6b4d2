"""Which version of each post and page every language tree shows.

Pelican links translations (``content.translations``). For each group of translations this
module picks the *original* and sets, on every member, these documented attributes:

- ``versions``: dict language tag -> the object that language's tree shows: the real
  translation, or a :class:`Fallback` (the original, placed in that tree with a notice)
  when ``LANGUAGES_UNTRANSLATED = "notice"``; a language is absent from the dict when the
  content has no translation into it and the setting is ``"hide"``. Listings in a language
  show ``versions[tag]`` and skip the content when the tag is missing. A derived language
  (zh-Hant converted from zh-Hans) shows a :class:`Derived` copy of its source's version,
  or a :class:`Fallback` where the source shows one.
- ``original``: the original content object of the group;
- ``page_path``: its path inside a language tree (``posts/<slug>.html``).

The original is the version in the default language; else, among versions not marked
``Translation: true``, the first in the configured language order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from plugins.core.languages import Language, LanguageSet
from plugins.core.versions import shown_in

logger = logging.getLogger(__name__)


class Fallback:
    """The original of a post or page, shown in a language tree that has no translation.

    Reads like the original (title, content, ``lang``, dates, tags); only ``url``,
    ``save_as`` and ``page_path`` place it in ``fallback_language``'s tree.
    """

    is_fallback = True

    def __init__(self, original: Any, language: Language, page_path: str):
        self.original = original
        self.fallback_language = language
        self.page_path = page_path
        self.url = self.save_as = language.path(page_path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def __repr__(self) -> str:
        return f"<Fallback {self.original.source_path} in {self.fallback_language.tag}>"


class Derived:
    """A post or page of a derived language: its source language's version, placed in the
    derived tree and converted there when written (see :mod:`.convert`).

    Reads like that version; ``lang``, ``url``, ``save_as`` and ``page_path`` are the
    derived language's, and ``converted_from`` is the version it is converted from. It is a
    real version of the content (listed in hreflang), not a fallback.
    """

    is_fallback = False

    def __init__(self, source: Any, language: Language, page_path: str):
        self.converted_from = source
        self.language = language
        self.lang = language.tag
        self.in_default_lang = False
        self.page_path = page_path
        self.url = self.save_as = language.path(page_path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.converted_from, name)

    def __repr__(self) -> str:
        return f"<Derived {self.converted_from.source_path} in {self.language.tag}>"


def pick_original(tags: Iterable[str], languages: LanguageSet,
                  marked: Iterable[str] = ()) -> str:
    """The original's tag among ``tags``: the default language, else configured order.

    Tags in ``marked`` (versions marked ``Translation: true``) are passed over unless all are.
    """
    tags, marked = list(tags), set(marked)
    candidates = [t for t in tags if t not in marked] or tags
    if languages.default.tag in candidates:
        return languages.default.tag
    order = {lang.tag: index for index, lang in enumerate(languages)}
    return min(candidates, key=lambda t: (order.get(t, len(order)), t))


def tree_path(content: Any, languages: LanguageSet) -> str | None:
    """The content's path inside its language tree, or None when it is written elsewhere."""
    language = languages.get(content.lang)
    prefix = f"{language.segment}/" if language else None
    save_as = content.save_as
    if prefix and save_as.startswith(prefix):
        return save_as[len(prefix):]
    return None


def assign_versions(contents: Iterable[Any], languages: LanguageSet, hide: bool) -> list[Any]:
    """Set ``versions``, ``original`` and ``page_path`` on every group.

    Return what Pelican does not write itself: the fallbacks and the derived versions.
    """
    fallbacks, seen = [], set()
    for content in contents:
        if id(content) in seen:
            continue
        group = [content, *content.translations]
        seen.update(id(member) for member in group)
        fallbacks.extend(_assign_group(group, languages, hide))
    return fallbacks


def _assign_group(group: list[Any], languages: LanguageSet, hide: bool) -> list[Fallback]:
    by_tag: dict[str, Any] = {}
    for member in group:
        by_tag.setdefault(member.lang, member)
    marked = [t for t, m in by_tag.items() if _is_marked_translation(m)]
    original = by_tag[pick_original(by_tag, languages, marked)]
    versions: dict[str, Any] = {}
    fallbacks = []
    page_path = tree_path(original, languages)
    for language in languages:
        if language.is_derived:
            continue
        if language.tag in by_tag:
            versions[language.tag] = by_tag[language.tag]
        elif not hide and page_path is not None:
            fallback = Fallback(original, language, page_path)
            versions[language.tag] = fallback
            fallbacks.append(fallback)
        elif not hide:
            logger.warning("languages: %s is saved as %s, outside its language tree; no "
                           "untranslated version is written for it", original.source_path,
                           original.save_as)
    for language in languages:
        source = versions.get(language.source) if language.is_derived else None
        if source is None or page_path is None:
            continue
        if getattr(source, "is_fallback", False):
            extra = Fallback(original, language, page_path)
        else:
            extra = Derived(source, language, tree_path(source, languages) or page_path)
        versions[language.tag] = extra
        fallbacks.append(extra)
    for member in group:
        member.versions = versions
        member.original = original
        member.is_fallback = False
        member.page_path = tree_path(member, languages)
    return fallbacks


def _is_marked_translation(content: Any) -> bool:
    return str(content.metadata.get("translation", "false")).lower() in ("true", "yes", "1")


def translated_in(contents: Iterable[Any], tag: str) -> list[Any]:
    """Real versions in ``tag`` only (no fallbacks), newest first: the language's feed."""
    return [c for c in shown_in(contents, tag) if not getattr(c, "is_fallback", False)]
