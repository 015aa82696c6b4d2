"""The roundup's Atom feeds: one per language tree and one at the edition's neutral URL.

``/{lang}/editions/<id>/roundup.atom`` lists, once each, every curated coverage item (with
its quote and the quote's translation into that language) and every matched post not
already curated, titled and linked in that language; ``/editions/<id>/roundup.atom`` is
the default language's. A post's id is the one the planet's feed gives it, so a
subscriber to both sees it once. An edition with nothing to list gets no feed (and its
pages advertise none).
"""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from markupsafe import escape

from plugins.core.feeds import AtomFeed
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
) -> AtomFeed:
    """The Atom feed of ``roundup`` in ``language`` (written by
    :func:`plugins.core.feeds.write_feed`)."""
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
    items = [_coverage_item(item, language, last_day) for item in roundup.coverage]
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
        "content": post.content,
        "author_name": post.author_in(language),
        "pubdate": post.date,
        "item_lang": post.lang,
        "unique_id": _post_id(post),
    }


def _coverage_item(item: CoverageItem, language: Any, fallback: datetime) -> dict:
    """A curated item: its quote in its own language, and the translation beside it."""
    post = item.archived
    parts = []
    if item.quote:
        parts.append(
            f'<blockquote lang="{escape(item.lang)}"><p>{escape(item.quote)}</p></blockquote>'
        )
        translation = item.translation_for(language)
        if translation:
            parts.append(
                f'<blockquote lang="{escape(language.tag)}"><p>{escape(translation)}'
                "</p></blockquote>"
            )
    if post is not None and post.content:
        parts.append(post.content)
    author = (
        item.author.localized(language)
        if hasattr(item.author, "localized")
        else (item.author or None)
    )
    when = (
        post.date
        if post is not None
        else (datetime.combine(item.date, time(12), fallback.tzinfo) if item.date else fallback)
    )
    return {
        "title": item.title,
        "link": item.url,
        "description": None,
        "content": "".join(parts) or None,
        "author_name": author,
        "pubdate": when,
        "item_lang": item.lang,
        "unique_id": _post_id(post)
        if post is not None
        else f"urn:uuid:{uuid.uuid5(_COVERAGE_NAMESPACE, item.url)}",
        "categories": [item.type],
    }
