"""French typography on what the build writes (see :mod:`plugins.core.typography`).

Pages whose language is French get their no-break spaces once written
(:func:`typeset_written`, a ``content_written`` handler, like the zh-Hant conversion);
every feed gets them in the titles, summaries and bodies of its French items, and in its
own title and description when the feed is French (:func:`typeset_feed`, a
``feed_generated`` handler: every feed of the site is written through
:func:`plugins.core.feeds.write_feed`, which sends it). URLs, ids and dates are not text
and are left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plugins.core import keys
from plugins.core.atomic import write_atomic
from plugins.core.typography import french_html, french_text, is_french

from .pagelang import page_language

#: feed fields holding plain text, and fields holding HTML
_TEXT_FIELDS = ("title",)
_HTML_FIELDS = ("description", "content")


def typeset_written(path: str, context: Any) -> None:
    """``content_written`` handler: a French page's text gets French no-break spaces."""
    if not path.endswith((".html", ".htm")) or keys.LANGUAGES not in context:
        return
    if not is_french(page_language(context).tag):
        return
    target = Path(path)
    markup = target.read_text(encoding="utf-8")
    typeset = french_html(markup)
    if typeset != markup:
        write_atomic(target, typeset, durable=False)


def typeset_feed(context: Any, feed: Any) -> None:
    """``feed_generated`` handler: French no-break spaces in a feed's French prose."""
    info = getattr(feed, "feed", None) or {}
    if is_french(info.get("language")):
        for key in ("title", "description", "subtitle"):
            if isinstance(info.get(key), str):
                info[key] = french_text(info[key])
    for item in getattr(feed, "items", None) or []:
        if not is_french(item.get("item_lang") or info.get("language")):
            continue
        for key in _TEXT_FIELDS:
            if isinstance(item.get(key), str):
                item[key] = french_text(item[key])
        for key in _HTML_FIELDS:
            if isinstance(item.get(key), str):
                item[key] = french_html(item[key])
