"""Expected localized texts, derived from the installed Babel's CLDR data.

Tests never hard-code CLDR output (a date range, a month, a language's name): CLDR changes
between Babel releases (Babel 2.19 writes ``2009年11月14日 – 15日`` where 2.14 wrote
``2009年11月14日至15日``). Each helper asks Babel with the same pattern the site uses, so a
test checks that the site formats through Babel with the right pattern and locale, and keeps
passing when the data changes.
"""

from __future__ import annotations

import re
from datetime import date

from babel import Locale, dates

#: Babel separates ranges and date parts with thin and no-break spaces; tests compare text
#: with these folded into plain spaces.
_SPACES = re.compile("[\u2009\u202f\u00a0]")


def locale(tag: str) -> Locale:
    """Babel's locale for a BCP 47 tag (``zh-Hans`` -> ``zh_Hans``)."""
    return Locale.parse(tag, sep="-")


def date_range(start: date, end: date, tag: str, skeleton: str = "yMMMd") -> str:
    """An edition's dates as the theme shows them (``format_date_range``)."""
    if start == end:
        return dates.format_skeleton(skeleton, start, locale=locale(tag))
    return dates.format_interval(start, end, skeleton, locale=locale(tag))


def long_date(day: date, tag: str) -> str:
    """A post's date as the theme shows it (``format_date`` with the ``long`` format)."""
    return dates.format_date(day, "long", locale=locale(tag))


def language_name(tag: str, in_tag: str | None = None) -> str:
    """Language ``tag`` (without its script) named in the language of ``in_tag``
    (itself by default): 中文, English, français."""
    return Locale(locale(tag).language).get_display_name(locale(in_tag or tag))


def native_name(tag: str) -> str:
    """A language named in itself as the language switcher shows it: capitalized, and with
    its script when that is not the language's usual one (Chinese writes the pair as
    ``{0}（{1}）``, CLDR's localeDisplayPattern, which Babel does not ship)."""
    name = language_name(tag)
    own = locale(tag)
    if own.script == "Hant" and own.language == "zh":
        name = f"{name}（{own.scripts[own.script]}）"
    return name[:1].upper() + name[1:]


def fold_spaces(text: str) -> str:
    """``text`` with Babel's thin and no-break spaces as plain spaces."""
    return _SPACES.sub(" ", text)


def list_middle(tag: str) -> str:
    """The separator between two items inside a list (``、`` in Chinese, ``, `` in
    English), from CLDR's standard list pattern."""
    return locale(tag).list_patterns["standard"]["middle"].format("", "")


def joined(items: list[str], tag: str, style: str = "standard") -> str:
    """A list as Babel joins it in the language of ``tag`` (``A、B和C``)."""
    from babel.lists import format_list

    return format_list(items, style, locale=locale(tag))


def minutes(count: int, tag: str) -> str:
    """A reading time as the theme shows it: CLDR's short duration (``1分钟``, ``1 min``)."""
    from babel.units import format_unit

    return format_unit(count, "duration-minute", "short", locale=locale(tag))


def with_script(tag: str) -> str:
    """A Chinese language named in itself with its script, as the switcher names both
    kinds of Chinese when the site has both: 中文（简体）, 中文（繁體）."""
    own = locale(tag)
    name = f"{language_name(tag)}（{own.scripts[own.script]}）"
    return name[:1].upper() + name[1:]
