"""Jinja integration: one environment renders every language.

Jinja's i18n extension resolves ``gettext`` through the render context, so the callables
installed here look up the page's language in the context (``page_language``, or the
language of the ``article``/``page`` being written) and use that language's catalog. Date,
list and number filters go through Babel with the same language, never OS locales.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import dates, numbers
from jinja2 import pass_context
from markupsafe import Markup, escape

from plugins.core import keys, timezones
from plugins.core.langtags import Language, display_name
from plugins.core.lists import join_list
from plugins.core.siteconfig import site
from plugins.core.text import describe

from .alternates import Alternate, PageAlternates, og_locale, page_alternates
from .catalogs import load_catalogs
from .convert import setup_converters
from .pagelang import page_language
from .readable import (
    body_html,
    body_of,
    collate,
    format_place,
    reading,
    switcher_name,
    title_breaks,
)
from .settings import LanguagesSettings
from .tags import tag_slug

CATALOGS = keys.LANGUAGES_CATALOGS  # this run's translations


def _translations(ctx):
    return ctx[CATALOGS][page_language(ctx).tag]


def translate(context: dict, language_tag: str, message: str) -> str:
    """``message`` in the interface language ``language_tag``, for text that plugins write
    outside templates (feed and OPML titles). Shows the message itself before the
    catalogs are loaded or for a language without one."""
    catalog = (context.get(CATALOGS) or {}).get(language_tag)
    return catalog.gettext(message) if catalog is not None else message


@pass_context
def _gettext(ctx, message: str) -> str:
    return _translations(ctx).gettext(message)


@pass_context
def _ngettext(ctx, singular: str, plural: str, count: int) -> str:
    return _translations(ctx).ngettext(singular, plural, count)


@pass_context
def _pgettext(ctx, context: str, message: str) -> str:
    return _translations(ctx).pgettext(context, message)


@pass_context
def _npgettext(ctx, context: str, singular: str, plural: str, count: int) -> str:
    return _translations(ctx).npgettext(context, singular, plural, count)


@pass_context
def ordinal_form(ctx, number: int) -> str:
    """CLDR's ordinal plural category of ``number`` in the page's language (``one``,
    ``two``, ``few``, ``many`` or ``other``): French writes 1re but 2e, English 1st, 2nd,
    3rd, 4th. Templates pick the catalog context of that category (``pgettext``)."""
    return page_language(ctx).locale.ordinal_form(int(number))


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
    return _date_text(value, fmt, page_language(ctx).locale)


@lru_cache(maxsize=4096)
def _date_text(value: date, fmt: str, locale: Any) -> str:
    # Babel looks its locale data up again on every call; a planet shows the same few
    # hundred days on tens of thousands of entries (an eighth of its rendering time).
    return dates.format_date(value, fmt, locale=locale)


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
    return dates.format_datetime(value, fmt, tzinfo=value.tzinfo, locale=page_language(ctx).locale)


@pass_context
def format_weekday(ctx, value: date | datetime) -> str:
    """Day of the week and date, e.g. ``Saturday, November 14``."""
    return dates.format_skeleton("MMMMEEEEd", value, locale=page_language(ctx).locale)


@pass_context
def zone_name(ctx, zone: Any, when: date | datetime | None = None) -> str:
    """A time zone named in the page's language (``中国标准时间``), never its IANA key:
    see :func:`plugins.core.timezones.zone_name`."""
    return timezones.zone_name(zone, page_language(ctx).locale, when)


@pass_context
def format_list(ctx, items: list[Any], style: str = "standard") -> Markup:
    """A list: ``A、B和C``, ``A, B, and C``, ``A, B et C``.

    Items may be markup (linked names): plain strings are escaped, markup is kept, and
    Babel's list patterns (words and punctuation only) join them.
    """
    escaped = [str(escape(item)) for item in items]
    return Markup(join_list(escaped, page_language(ctx).locale, style))


# Titles quoted in running text, per language. Hand-written because Babel does not ship
# CLDR's quotation delimiters; Chinese uses its title marks 《》 (GB/T 15834-2011, 书名号),
# which CLDR has no field for.
_TITLE_QUOTES = {"zh": ("《", "》"), "fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“")}


@pass_context
def quote_title(ctx, title: Any) -> Markup:
    """A title (text, or markup such as its link) quoted as the page's language quotes
    titles in a sentence, so that a list of them stays apart even when a title has its own
    colon or comma: ``《A：B》和《C》``, ``“A: B” and “C”``, ``« A : B » et « C »``."""
    start, end = _TITLE_QUOTES.get(page_language(ctx).locale.language, ("“", "”"))
    return Markup(start) + escape(title) + Markup(end)


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


@pass_context
def link(ctx, path: str) -> str:
    """Link to a site-relative output path (``en/posts/x.html``) from the current page."""
    siteurl = ctx.get("SITEURL", "")
    return f"{siteurl}/{path}" if siteurl else path


@pass_context
def absolute_url(ctx, path: str) -> str:
    """Absolute URL of a site-relative path, for canonical, hreflang and Open Graph.

    The base is ``SITEURL`` when it is absolute (publishing), else ``FEED_DOMAIN`` (the
    public site, set from ``site_url``); with neither, the link stays relative.
    """
    siteurl = str(ctx.get("SITEURL") or "")
    base = siteurl if "://" in siteurl else str(ctx.get("FEED_DOMAIN") or siteurl)
    return f"{base.rstrip('/')}/{path}" if base else path


@pass_context
def page_i18n(ctx) -> PageAlternates:
    """The page's versions in every language (see :mod:`.alternates`)."""
    return page_alternates(ctx, page_language(ctx))


@pass_context
def language_name(ctx, language: Language | str) -> str:
    """``language`` (a site Language or any BCP 47 tag) named in the page's language:
    English, anglais, 英语; Deutsch for a talk given in German is 德语 on a Chinese page."""
    tag = str(getattr(language, "tag", language))
    languages = ctx[keys.LANGUAGES]
    same = sum(1 for lang in languages if lang.tag.split("-")[0] == tag.split("-")[0])
    # 中文, not 中文 (简体), while the site has one kind of Chinese
    return display_name(tag, page_language(ctx).tag, same > 1)


@pass_context
def converted_from(ctx) -> Alternate | None:
    """On a page of a derived language (zh-Hant), the same page in its source language."""
    language = page_language(ctx)
    if not language.is_derived:
        return None
    languages = ctx[keys.LANGUAGES]
    source = languages.get(language.source)
    found = next(
        (a for a in page_alternates(ctx, language).alternates if a.language == source), None
    )
    return found or Alternate(source, source.path("index.html"), True, False)


@pass_context
def tag_path(ctx, tag: Any) -> str:
    """Path of a tag's page inside the page's tree (``tags/lianzhou.html``), or ''."""
    config = LanguagesSettings.read(ctx)
    if not config.tag_save_as:
        return ""
    return config.tag_save_as.format(slug=tag_slug(str(tag), ctx))


@pass_context
def language_feeds(ctx) -> list[dict[str, str]]:
    """Feeds for the page's ``<head>``: its language's Atom and RSS, and all languages."""
    config = LanguagesSettings.read(ctx)
    if not config.feed_domain:
        return []
    language = page_language(ctx)
    feeds = []
    if config.feed_atom:
        feeds.append(
            {
                "type": "application/atom+xml",
                "path": language.path(config.feed_atom),
                "hreflang": language.hreflang,
                "format": "Atom",
            }
        )
    if config.feed_rss:
        feeds.append(
            {
                "type": "application/rss+xml",
                "path": language.path(config.feed_rss),
                "hreflang": language.hreflang,
                "format": "RSS",
            }
        )
    if config.feed_json:
        feeds.append(
            {
                "type": "application/feed+json",
                "path": language.path(config.feed_json),
                "hreflang": language.hreflang,
                "format": "JSON Feed",
            }
        )
    if config.feed_all_atom:
        feeds.append(
            {
                "type": "application/atom+xml",
                "path": config.feed_all_atom,
                "hreflang": "",
                "format": "Atom",
            }
        )
    return feeds


def setup_environment(generator) -> None:
    """``generator_init`` handler: i18n extension, gettext, filters, languages in context."""
    languages = site(generator.settings).languages
    context = generator.context
    context.setdefault(keys.LANGUAGES, languages)
    context.setdefault(keys.DEFAULT_LANGUAGE, languages.default)
    if CATALOGS not in context:
        config = LanguagesSettings.read(generator.settings)  # validates every LANGUAGES_* setting
        context[CATALOGS] = load_catalogs(config.catalog_path, languages)
    setup_converters(context, languages)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    env.filters.update(
        {
            "local": local,
            "format_date": format_date,
            "format_date_range": format_date_range,
            "format_time": format_time,
            "format_datetime": format_datetime,
            "format_weekday": format_weekday,
            "format_list": format_list,
            "zone_name": zone_name,
            "format_place": format_place,
            "collate": collate,
            "body_html": body_html,
            "title_breaks": title_breaks,
            "format_number": format_number,
            "quote_title": quote_title,
            "ordinal_form": ordinal_form,
            "language_name": language_name,
            "og_locale": og_locale,
            "tag_path": tag_path,
            "absolute_url": absolute_url,
            "link": link,
            "describe": describe,
        }
    )
    env.globals.update(
        {
            "url": url,
            "current_language": pass_context(page_language),
            "page_i18n": page_i18n,
            "language_feeds": language_feeds,
            "converted_from": converted_from,
            "link": link,
            "absolute_url": absolute_url,
            "reading": reading,
            "switcher_name": switcher_name,
            "body_of": body_of,
        }
    )
