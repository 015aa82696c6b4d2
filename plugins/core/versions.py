"""Which version of each post or page a language tree shows: one function for every plugin.

The languages plugin sets ``versions`` on every post and page (language tag -> what that
tree shows: the translation, a fallback copy of the original placed in that tree, or a
converted copy; a tag is absent with ``LANGUAGES_UNTRANSLATED = "hide"``). Listings
everywhere (the languages plugin's tags and feeds, the conference's home and people pages)
pick their items with :func:`shown_in`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def shown_in(contents: Iterable[Any], tag: str) -> list[Any]:
    """One version of each content group for the ``tag`` tree, newest first (then by
    source path).

    Content without ``versions`` (a build without the languages plugin) shows its
    translation into ``tag``, else its version in the default language, else itself.
    A group is listed once however many of its members ``contents`` holds.
    """
    chosen, seen = [], set()
    for content in contents:
        versions = getattr(content, "versions", None)
        if versions is None:
            versions = {v.lang: v for v in [content, *content.translations]}
            originals = [v for v in versions.values() if v.in_default_lang] or [content]
            versions.setdefault(tag, originals[0])
            key = frozenset(id(v) for v in versions.values())
        else:
            key = id(versions)
        if key in seen:
            continue
        seen.add(key)
        if tag in versions:
            chosen.append(versions[tag])
    # same-dated content by source path: the input's order (files read in a set's order)
    # changes from run to run, and every build must list them in one order
    chosen.sort(key=lambda c: str(getattr(c, "source_path", "") or ""))
    return sorted(chosen, key=lambda c: getattr(c, "date", 0), reverse=True)
