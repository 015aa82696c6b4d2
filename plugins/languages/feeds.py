"""Feeds per language tree, with the language declared, and one for all languages.

``/{lang}/feed.atom`` (``xml:lang``) and ``/{lang}/feed.rss`` (``<language>``) carry the
posts written in that language (untranslated fallbacks are not repeated there);
``/feed.atom`` carries every version of every post, each entry with its own ``xml:lang``
(machine-converted copies of a derived language only in that language's own feeds).
Links are absolute on ``FEED_DOMAIN``; without it no feed is written.
"""

from __future__ import annotations

import logging
from typing import Any

from babel import Locale
from feedgenerator import get_tag_uri

from plugins.core import keys
from plugins.core.feeds import AtomFeed, JsonFeed, RssFeed, write_feed_of
from plugins.core.langtags import Language
from plugins.core.lists import join_list
from plugins.core.text import html_to_text

from .content import remembered_summary
from .settings import LanguagesSettings

logger = logging.getLogger(__name__)


class FeedWriter:
    """Writes the feeds of one build into ``output_path``."""

    def __init__(self, context: dict[str, Any], config: LanguagesSettings, writer: Any):
        self.context = context
        self.config = config
        self.writer = writer
        self.output_path = writer.output_path
        self.base = config.feed_domain

    def write(self, path: str, kind: str, posts: list[Any], language: Language | None) -> None:
        """Write one feed of ``kind`` (``atom``, ``rss`` or ``json``) to ``path``; left
        as it is while its posts (their files, their authors' files) are the last
        build's, as the render cache keeps a listing (an edit of an older post leaves
        the feeds alone)."""
        limit = self.config.feed_max_items
        shown = posts[:limit] if limit else posts

        def make() -> Any:
            feed = self._new_feed(path, kind, language, posts)
            for post in shown:
                self._add(feed, post, with_lang=language is None)
            return feed

        dates = [p.date for p in posts if getattr(p, "date", None)]
        inputs = {
            "kind": kind,
            "language": language.tag if language else None,
            "posts": list(shown),
            "newest": max(dates) if dates else None,  # an empty feed's date
        }
        source = "the languages plugin's feed"
        feed = write_feed_of(self.writer, self.context, path, make, source, inputs)
        if feed is not None:
            logger.info(
                "languages: wrote feed %s/%s (%d items)", self.output_path, path, feed.num_items()
            )

    def _new_feed(self, path: str, kind: str, language: Language | None, posts: list[Any]):
        conference = self.context.get(keys.CONFERENCE)
        default = self.context[keys.DEFAULT_LANGUAGE]
        shown = language or default
        title = conference.name.localized(shown) if conference else self.context["SITENAME"]
        description = conference.description.localized(shown) if conference else ""
        home = f"{self.base}/{language.path('index.html')}" if language else f"{self.base}/"
        feed_class = {"rss": RssFeed, "json": JsonFeed}.get(kind, AtomFeed)
        dates = [p.date for p in posts if getattr(p, "date", None)]
        return feed_class(
            title=html_to_text(title),
            link=home,
            description=description,
            # the all-languages feed's own texts (title, description) are in the default
            # language; each of its entries declares its own
            language=language.tag if language else default.tag,
            feed_url=f"{self.base}/{path}",
            feed_guid=f"{self.base}/{path}",
            stable_date=max(dates) if dates else None,
        )

    def _add(self, feed: Any, post: Any, with_lang: bool) -> None:
        # a derived language's feed is converted as a whole when written (.convert)
        link = f"{self.base}/{post.url}"
        content = post.get_content(self.base)
        if getattr(post, "summary_is_auto", False):
            summary = remembered_summary(self.context, content, self.config)
        else:
            summary = post.summary
        title, tags, authors = post.title, getattr(post, "tags", None) or [], _authors(post)
        if isinstance(feed, RssFeed):
            description = summary if self.context.get("RSS_FEED_SUMMARY_ONLY", True) else content
            content = None
        else:
            description = None if summary == content else summary
        feed.add_item(
            title=html_to_text(title),
            link=link,
            unique_id=get_tag_uri(link, post.date),
            unique_id_is_permalink=False,  # a tag: URI, not the post's address
            description=description,
            content=content,
            categories=[str(tag) for tag in tags] or None,
            author_name=authors or None,
            pubdate=post.date,
            updateddate=getattr(post, "modified", None),
            item_lang=post.lang if with_lang else None,
        )


def _authors(post: Any) -> str:
    """Authors named in the post's language (conference people), else Pelican's names."""
    people = getattr(post, "people", None)
    if people:
        names = [person.name.localized(post.lang) for person in people]
    else:
        names = [str(a) for a in getattr(post, "authors", None) or []]
    return join_list(names, Locale.parse(post.lang, sep="-")) if names else ""
