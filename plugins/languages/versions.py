"""Which version of each post and page every language tree shows.

Pelican links translations (``content.translations``). For each group of translations this
module picks the *original* and sets, on every member, these documented attributes:

- ``versions``: dict language tag -> the object that language's tree shows: the real
  translation, or a :func:`fallback_copy` (the original, placed in that tree with a notice)
  when ``LANGUAGES_UNTRANSLATED = "notice"``; a language is absent from the dict when the
  content has no translation into it and the setting is ``"hide"``. Listings in a language
  show ``versions[tag]`` and skip the content when the tag is missing. A derived language
  (zh-Hant converted from zh-Hans) shows a :func:`derived_copy` of its source's version,
  or a :func:`fallback_copy` where the source shows one. Both are real Pelican ``Article``
  or ``Page`` objects (copies), so ``isinstance`` checks in Pelican and other plugins hold.
- ``original``: the original content object of the group;
- ``page_path``: its path inside a language tree (``posts/<slug>.html``).

The original is the version in the default language; else, among versions not marked
``Translation: true``, the first in the configured language order.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable
from typing import Any

from plugins.core.langtags import Language, LanguageSet
from plugins.core.versions import shown_in

logger = logging.getLogger(__name__)


def fallback_copy(original: Any, language: Language, page_path: str) -> Any:
    """The original of a post or page, shown in a language tree that has no translation.

    A copy of the original (a real Pelican ``Article`` or ``Page``): its title, content,
    ``lang``, dates and tags are the original's; only ``url``, ``save_as`` (through
    Pelican's ``override_url`` and ``override_save_as``) and ``page_path`` place it in
    ``fallback_language``'s tree. ``is_fallback`` is true and ``original`` is the original.
    """
    placed = _placed_copy(original, language, page_path)
    placed.is_fallback = True
    placed.fallback_language = language
    return placed


def derived_copy(source: Any, language: Language, page_path: str) -> Any:
    """A post or page of a derived language: its source language's version, placed in the
    derived tree and converted there when written (see :mod:`.convert`).

    A copy of that version (a real ``Article`` or ``Page``) whose ``lang``, ``url``,
    ``save_as`` and ``page_path`` are the derived language's; ``converted_from`` is the
    version it is converted from. It is a real version of the content (listed in hreflang),
    not a fallback.
    """
    placed = _placed_copy(source, language, page_path)
    placed.is_fallback = False
    placed.converted_from = source
    placed.language = language
    placed.lang = language.tag
    placed.in_default_lang = False
    return placed


#: attributes a copy has of its own; every other one is its source's (see refresh_copies)
_OWN = (
    "page_path",
    "override_url",
    "override_save_as",
    "is_fallback",
    "fallback_language",
    "converted_from",
    "language",
    "lang",
    "in_default_lang",
)


def _placed_copy(content: Any, language: Language, page_path: str) -> Any:
    # A shallow copy shares the metadata, translations, versions and context of the
    # content, as Pelican's own objects do; its own attributes place it in another tree.
    placed = copy.copy(content)
    placed.page_path = page_path
    placed.override_url = placed.override_save_as = language.path(page_path)
    return placed


def refresh_copies(copies: Iterable[Any]) -> None:
    """Give each copy what other plugins set on its source after the copy was made (the
    conference plugin links a post's ``edition`` and ``people`` in its own context stage);
    the copy keeps the attributes that place it in its tree. Called once every generator's
    context is ready, before anything is written."""
    for placed in copies:
        source = placed.converted_from if is_derived(placed) else placed.original
        own = {name: placed.__dict__[name] for name in _OWN if name in placed.__dict__}
        placed.__dict__.update(source.__dict__)
        for name in _OWN:
            if name not in own:
                placed.__dict__.pop(name, None)
        placed.__dict__.update(own)


def is_derived(content: Any) -> bool:
    """True for a copy made by :func:`derived_copy`."""
    return getattr(content, "converted_from", None) is not None


def pick_original(tags: Iterable[str], languages: LanguageSet, marked: Iterable[str] = ()) -> str:
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
        return save_as[len(prefix) :]
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


def _assign_group(group: list[Any], languages: LanguageSet, hide: bool) -> list[Any]:
    by_tag: dict[str, Any] = {}
    for member in group:
        by_tag.setdefault(member.lang, member)
    marked = [t for t, m in by_tag.items() if _is_marked_translation(m)]
    original = by_tag[pick_original(by_tag, languages, marked)]
    page_path = tree_path(original, languages)
    # The members first, so that the copies made below carry the group's attributes.
    versions: dict[str, Any] = {}
    for member in group:
        member.versions = versions
        member.original = original
        member.is_fallback = False
        member.page_path = tree_path(member, languages)
    fallbacks = []
    for language in languages:
        if language.is_derived:
            continue
        if language.tag in by_tag:
            versions[language.tag] = by_tag[language.tag]
        elif not hide and page_path is not None:
            fallback = fallback_copy(original, language, page_path)
            versions[language.tag] = fallback
            fallbacks.append(fallback)
        elif not hide:
            logger.warning(
                "languages: %s is saved as %s, outside its language tree; no "
                "untranslated version is written for it",
                original.source_path,
                original.save_as,
            )
    for language in languages:
        source = versions.get(language.source) if language.is_derived else None
        if source is None or page_path is None:
            continue
        if getattr(source, "is_fallback", False):
            extra = fallback_copy(original, language, page_path)
        else:
            extra = derived_copy(source, language, tree_path(source, languages) or page_path)
        versions[language.tag] = extra
        fallbacks.append(extra)
    return fallbacks


def _is_marked_translation(content: Any) -> bool:
    return str(content.metadata.get("translation", "false")).lower() in ("true", "yes", "1")


def translated_in(contents: Iterable[Any], tag: str) -> list[Any]:
    """Real versions in ``tag`` only (no fallbacks), newest first: the language's feed."""
    return [c for c in shown_in(contents, tag) if not getattr(c, "is_fallback", False)]
