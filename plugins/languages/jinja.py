"""Jinja integration: one environment renders every language.

Jinja's i18n extension resolves ``gettext`` through the render context, so the callables
installed here look up the page's language in the context (``page_language``, or the
language of the ``article``/``page`` being written) and use that language's catalog. Date,
list and number filters go through Babel with the same language, never OS locales.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import dates, lists, numbers
from jinja2 import pass_context
from markupsafe import Markup, escape

from plugins.core import keys
from plugins.core.languages import Language
from plugins.core.siteconfig import language_set

from .catalogs import load_catalogs
from .settings import catalog_path

CATALOGS = "_languages_catalogs"  # context entry holding this run's translations


def page_language(ctx) -> Language:
    """The language of the page being rendered."""
    language = ctx.get(keys.PAGE_LANGUAGE)
    if isinstance(language, Language):
        return language
    languages = ctx[keys.LANGUAGES]
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "lang", None):
            return languages.get(content.lang) or languages.default
    return languages.default


def _translations(ctx):
    return ctx[CATALOGS][page_language(ctx).tag]


@pass_context
def _gettext(ctx, message: str) -> str:
    return _translations(ctx).gettext(message)


@pass_context
def _ngettext(ctx, singular: str, plural: str, count: int) -> str:
    return _translations(ctx).ngettext(singular, plural, count)


@pass_context
def local(ctx, value: Any) -> Any:
    """Render a localizable object (anything with ``localized(language)``) for the page."""
    if hasattr(value, "localized"):
        return value.localized(page_language(ctx))
    return value


@pass_context
def format_date(ctx, value: date | datetime, fmt: str = "long") -> str:
    """A date in the page's language: ``2009年11月14日``, ``November 14, 2009``."""
    if isinstance(value, datetime):
        value = value.date() if value.tzinfo is None else value.astimezone(value.tzinfo).date()
    return dates.format_date(value, fmt, locale=page_language(ctx).locale)


@pass_context
def format_date_range(ctx, start: date, end: date, skeleton: str = "yMMMd") -> str:
    """A date range: ``2009年11月14日至15日``, ``Nov 14 – 15, 2009``, ``14–15 nov. 2009``."""
    locale = page_language(ctx).locale
    if start == end:
        return dates.format_skeleton(skeleton, start, locale=locale)
    return dates.format_interval(start, end, skeleton, locale=locale)


@pass_context
def format_time(ctx, value: datetime, fmt: str = "short") -> str:
    """A wall-clock time in the value's own zone (the edition's), never the machine's."""
    return dates.format_time(value, fmt, tzinfo=value.tzinfo, locale=page_language(ctx).locale)


@pass_context
def format_datetime(ctx, value: datetime, fmt: str = "medium") -> str:
    """Date and time in the value's own zone."""
    return dates.format_datetime(
        value, fmt, tzinfo=value.tzinfo, locale=page_language(ctx).locale
    )


@pass_context
def format_weekday(ctx, value: date | datetime) -> str:
    """Day of the week and date, e.g. ``Saturday, November 14``."""
    return dates.format_skeleton("MMMMEEEEd", value, locale=page_language(ctx).locale)


@pass_context
def format_list(ctx, items: list[Any], style: str = "standard") -> Markup:
    """A list: ``A、B和C``, ``A, B, and C``, ``A, B et C``.

    Items may be markup (linked names): plain strings are escaped, markup is kept, and
    Babel's list patterns (words and punctuation only) join them.
    """
    escaped = [str(escape(item)) for item in items]
    return Markup(lists.format_list(escaped, style, locale=page_language(ctx).locale))


@pass_context
def format_number(ctx, value: int | float) -> str:
    """A number with the page language's grouping and decimal marks."""
    return numbers.format_decimal(value, locale=page_language(ctx).locale)


@pass_context
def url(ctx, path: str = "", language: Language | None = None) -> str:
    """URL of ``path`` inside a language tree (the page's unless given)."""
    language = language or page_language(ctx)
    siteurl = ctx.get("SITEURL", "")
    target = language.path(path)
    return f"{siteurl}/{target}" if siteurl else target


def setup_environment(generator) -> None:
    """``generator_init`` handler: i18n extension, gettext, filters, languages in context."""
    languages = language_set(generator.settings)
    context = generator.context
    context.setdefault(keys.LANGUAGES, languages)
    context.setdefault(keys.DEFAULT_LANGUAGE, languages.default)
    if CATALOGS not in context:
        context[CATALOGS] = load_catalogs(catalog_path(generator.settings), languages)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.filters.update({
        "local": local,
        "format_date": format_date,
        "format_date_range": format_date_range,
        "format_time": format_time,
        "format_datetime": format_datetime,
        "format_weekday": format_weekday,
        "format_list": format_list,
        "format_number": format_number,
    })
    env.globals.update({"url": url, "current_language": pass_context(page_language)})
