"""Lists and places joined the way each language writes them, from CLDR through Babel.

Every list the site shows (speakers, authors, rooms, tags) and every place (venue and
city) is joined here, never with a hard-coded ``", "``: Chinese writes ``林晓、陈默和周云``
and ``成都、成都示例会议中心`` where English writes ``A, B, and C`` and ``Chengdu, Venue``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from babel import Locale
from babel.lists import format_list

#: CLDR's list styles as Babel names them, and ``plain`` (no conjunction)
ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow", "plain"
]


def join_list(items: Iterable[str], locale: Locale | str, style: ListStyle = "standard") -> str:
    """``items`` as a list in ``locale`` with CLDR's list patterns (``standard``: "and",
    ``or``: "or", any style Babel knows), or ``plain``: no conjunction, for tags and the
    parts of a place (see :func:`join_place`). Empty items are dropped, and so is an item
    that repeats an earlier one (an online event's room, venue and city may all be
    "Online": it is written once). Items are joined as given: escaping markup is the
    caller's job (the Jinja filter escapes)."""
    kept: list[str] = []
    seen: set[str] = set()
    for item in items:
        text = str(item) if item else ""
        if text and text.strip().casefold() not in seen:
            seen.add(text.strip().casefold())
            kept.append(text)
    if style != "plain":
        return format_list(kept, style, locale=locale) if kept else ""
    if len(kept) < 2:
        return kept[0] if kept else ""
    middle = Locale.parse(locale).list_patterns["standard"]["middle"]
    joined = kept[-1]
    for part in reversed(kept[:-1]):
        joined = middle.format(part, joined)
    return joined


def join_place(parts: Iterable[str], locale: Locale | str) -> str:
    """The parts of a place (room, venue, city) as one location in ``locale``.

    A place is not a list of alternatives or of items added up, so it takes no "and":
    every pair is joined with the *middle* pattern of CLDR's standard list (``, `` in
    English and French, ``、`` in Chinese). Babel ships no address formats, and CLDR's
    ``standard-narrow`` pattern (the same thing) is missing from several locales.
    """
    return join_list(parts, locale, "plain")
