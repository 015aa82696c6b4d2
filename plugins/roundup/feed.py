"""The roundup's Atom feeds: one per language tree and one at the edition's neutral URL.

``/{lang}/editions/<id>/roundup.atom`` lists, once each, every curated coverage item and
every matched post not already curated, titled and linked in that language;
``/editions/<id>/roundup.atom`` is the default language's. A post's id is the one the
planet's feed gives it, so a subscriber to both sees it once. An edition with nothing to
list gets no feed (and its pages advertise none).

Every item has a body. A curated item's says what it is (its kind, author and session,
named in the feed's language, and a link to it), then quotes it in its original language
(``lang`` of that language) with the translation into the feed's language beside it, then
the archived post when there is one; a matched post's is its sanitized content. Texts
from ``coverage.yaml`` are escaped, and what is made of them goes through the sanitizer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from markupsafe import escape

from plugins.core.feeds import AtomFeed
from plugins.core.sanitize import clean_html
from plugins.planet.api import entry_atom_id

from .model import CoverageItem, Roundup, RoundupPost

#: Namespace of the ids of curated items that are not planet posts.
_COVERAGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://blogcon.invalid/roundup/coverage")


def feed_path(edition: Any, language: Any = None) -> str:
    """Output path of the roundup feed in ``language``'s tree (the neutral one for None)."""
    path = f"editions/{edition.id}/roundup.atom"
    return language.path(path) if language is not None else path


def roundup_feed(
    roundup: Roundup,
    conference: Any,
    language: Any,
    path: str,
    max_entries: int,
    excerpt_length: int,
    gettext: Callable[[str], str] = str,
) -> AtomFeed:
    """The Atom feed of ``roundup`` in ``language`` (written by
    :func:`plugins.core.feeds.write_feed`); ``gettext`` translates the interface's words
    into ``language``."""
    edition = roundup.edition
    base = conference.site_url
    last_day = datetime.combine(edition.end, time(23, 59), edition.timezone)
    feed = AtomFeed(
        title=f"{conference.name.localized(language)} · {edition.year}",
        link=f"{base}/{language.path(roundup.page_path)}",
        feed_url=f"{base}/{path}",
        description=edition.theme.localized(language),
        language=language.tag,
        stable_date=last_day,  # an empty roundup is dated by its edition, not the clock
    )
    items = [_coverage_item(item, language, last_day, base, gettext) for item in roundup.coverage]
    items += [_post_item(post, base, language, excerpt_length) for post in roundup.listed_posts]
    items.sort(key=lambda item: item["pubdate"], reverse=True)
    for item in items[:max_entries]:
        feed.add_item(**item)
    return feed


def _post_id(post: RoundupPost) -> str:
    if post.entry_id:
        return entry_atom_id(post.feed_id, post.entry_id)
    return f"urn:uuid:{uuid.uuid5(_COVERAGE_NAMESPACE, 'post/' + post.key)}"


def _post_item(post: RoundupPost, base: str, language: Any, excerpt_length: int) -> dict:
    return {
        "title": post.title or post.link or post.key,
        "link": post.link or f"{base}/{language.path(post.archive_path)}",
        "description": post.excerpt(excerpt_length),
        "content": post.content or _link_html(post.link, post.title, post.lang),
        "author_name": post.author_in(language),
        "pubdate": post.date,
        "item_lang": post.lang,
        "unique_id": _post_id(post),
    }


#: The kinds of ``coverage.yaml`` as the roundup page names them (its catalog's words).
KIND_NAMES = {
    "post": "Posts",
    "liveblog": "Live blogs",
    "photos": "Photos",
    "video": "Video",
    "press": "Press",
    "podcast": "Podcasts",
}


def _coverage_item(
    item: CoverageItem,
    language: Any,
    fallback: datetime,
    base: str,
    gettext: Callable[[str], str],
) -> dict:
    """A curated item: what it is, its quote in its own language and the translation."""
    post = item.archived
    author = (
        item.author.localized(language)
        if hasattr(item.author, "localized")
        else (item.author or None)
    )
    parts = [
        _link_html(item.url, item.title, item.lang),
        _facts_html(item, author, language, base, gettext),
    ]
    if item.quote:
        parts.append(
            f'<blockquote lang="{escape(item.lang)}" cite="{escape(item.url)}">'
            f"<p>{escape(item.quote)}</p></blockquote>"
        )
        translation = item.translation_for(language)
        if translation:
            parts.append(
                f'<blockquote lang="{escape(item.translation_lang(language))}">'
                f"<p>{escape(translation)}</p></blockquote>"
            )
    body = clean_html("".join(parts))
    if post is not None and post.content:
        body += post.content  # sanitized when it was loaded
    when = (
        post.date
        if post is not None
        else (datetime.combine(item.date, time(12), fallback.tzinfo) if item.date else fallback)
    )
    return {
        "title": item.title,
        "link": item.url,
        "description": None,
        "content": body,
        "author_name": author,
        "pubdate": when,
        "item_lang": item.lang,
        "unique_id": _post_id(post)
        if post is not None
        else f"urn:uuid:{uuid.uuid5(_COVERAGE_NAMESPACE, item.url)}",
        "categories": [item.type],
    }


def _link_html(url: str | None, title: str, lang: str | None) -> str:
    """A paragraph linking the item under its title (in the title's language)."""
    text = escape(title or url or "")
    attributes = f' lang="{escape(lang)}"' if lang else ""
    if not url:
        return f"<p{attributes}>{text}</p>"
    return f'<p><a href="{escape(url)}"{attributes}>{text}</a></p>'


def _facts_html(
    item: CoverageItem, author: str | None, language: Any, base: str, gettext: Callable
) -> str:
    """``Photos · Lin Xiao · About the session Micro power``, in the feed's language."""
    facts = [escape(gettext(KIND_NAMES.get(item.type, item.type)))]
    if author:
        # a participant's name is written for the feed's language; any other, as given
        # (in the item's language, where known)
        own = hasattr(item.author, "localized")
        given = f'<span lang="{escape(item.lang or "")}">{escape(author)}</span>'
        facts.append(escape(author) if own else given)
    if item.session is not None:
        url = f"{base}/{language.path(item.session.page_path)}"
        facts.append(
            f"{escape(gettext('About the session'))} "
            f'<a href="{escape(url)}">{escape(item.session.localized(language))}</a>'
        )
    # marked with the feed's language: the item may be in another one, and a converted
    # tree (zh-Hant) converts only the passages marked as its own
    return f'<p lang="{escape(language.tag)}">{" · ".join(facts)}</p>'
