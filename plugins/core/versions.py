"""Which version of each post or page a language tree shows: one function for every plugin.

The languages plugin sets ``versions`` on every post and page (language tag -> what that
tree shows: the translation, a fallback copy of the original placed in that tree, or a
converted copy; a tag is absent with ``LANGUAGES_UNTRANSLATED = "hide"``). Listings
everywhere (the languages plugin's tags and feeds, the conference's home and people pages)
pick their items with :func:`shown_in`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar, cast

from .contenttypes import PelicanContent

C = TypeVar("C", bound=PelicanContent)


def shown_in(contents: Iterable[C], tag: str) -> list[C]:
    """One version of each content group for the ``tag`` tree, newest first (then by
    source path).

    Content without ``versions`` (a build without the languages plugin) shows its
    translation into ``tag``, else its version in the default language, else itself.
    A group is listed once however many of its members ``contents`` holds.
    """
    chosen: list[C] = []
    seen: set[object] = set()
    for content in contents:
        # the languages plugin's (contenttypes.VersionedContent); absent without it
        versions: Mapping[str, C] | None = getattr(content, "versions", None)
        if versions is None:
            # translations are typed as any content; Pelican links a post to posts only
            group = cast("list[C]", [content, *content.translations])
            own = {v.lang: v for v in group}
            originals = [v for v in own.values() if v.in_default_lang] or [content]
            own.setdefault(tag, originals[0])
            versions = own
            key: object = frozenset(id(v) for v in own.values())
        else:
            key = id(versions)
        if key in seen:
            continue
        seen.add(key)
        if tag in versions:
            chosen.append(versions[tag])
    # same-dated content by source path: the input's order (files read in a set's order)
    # changes from run to run, and every build must list them in one order
    chosen.sort(key=lambda c: str(c.source_path or ""))
    # a page has a date only when its metadata gives one (contenttypes.DatedContent)
    return sorted(chosen, key=lambda c: getattr(c, "date", 0), reverse=True)
