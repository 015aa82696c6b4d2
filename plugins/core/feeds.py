"""Feed classes with no clock in their output, and the one function that writes a feed,
shared by every plugin that writes feeds (Atom, RSS and JSON Feed alike).

feedgenerator dates a feed by its newest item and falls back to *now* for an empty feed,
which makes two builds of the same content differ. These classes fall back to the feed's
``stable_date`` (or the epoch) instead.

:func:`write_feed` fires Pelican's ``feed_generated`` and ``feed_written`` signals around
the write, as Pelican's own ``Writer.write_feed`` does, so a plugin listening to them sees
every feed of the site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from io import StringIO
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from pelican import signals
from pelican.writers import Writer

from .outputs import write_output, write_output_of
from .text import html_to_text

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _StableFeedMixin(SyndicationFeed):
    """No clock in the output: an empty feed is dated by ``stable_date``, not now().

    A subclass of ``SyndicationFeed`` (the base of every feed class it is mixed into), so
    its ``items``, ``feed`` and ``latest_post_date`` are known."""

    def latest_post_date(self):
        if not self.items:
            return self.feed.get("stable_date") or EPOCH
        return super().latest_post_date()


class AtomFeed(_StableFeedMixin, Atom1Feed):
    """Atom 1.0; an entry given ``item_lang`` gets its own ``xml:lang``."""

    def item_attributes(self, item):
        """``xml:lang`` of an entry given one (a feed of several languages names each)."""
        lang = item.get("item_lang")
        return {"xml:lang": lang} if lang else {}


class RssFeed(_StableFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with a stable date for empty feeds."""


class JsonFeed(_StableFeedMixin, SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) through feedgenerator's API.

    feedgenerator writes only XML feeds; JSON Feed is a small JSON document, so this class
    maps the same ``add_item`` fields onto its keys: ``id``, ``url``, ``title``,
    ``content_html``, ``summary``, ``date_published``/``date_modified`` (RFC 3339),
    ``authors``, ``tags`` and ``language`` (an item's ``item_lang``, else the feed's).
    """

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        """Write the feed as UTF-8 JSON (``encoding`` is accepted for the API's sake)."""
        feed: dict[str, object] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": str(self.feed["title"]),
        }
        for ours, theirs in (
            ("link", "home_page_url"),
            ("feed_url", "feed_url"),
            ("description", "description"),
            ("language", "language"),
        ):
            if self.feed.get(ours):
                feed[theirs] = str(self.feed[ours])
        feed["items"] = [self._item(item) for item in self.items]
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1) + "\n")

    def _item(self, item) -> dict[str, object]:
        entry: dict[str, object] = {
            "id": str(item["unique_id"] or item["link"]),
            "title": str(item["title"]),
        }
        if item.get("link"):
            entry["url"] = item["link"]
        if item.get("content"):
            entry["content_html"] = str(item["content"])
        if item.get("description") and item.get("content"):
            entry["summary"] = html_to_text(str(item["description"]))  # the spec's is text
        elif item.get("description"):
            entry["content_html"] = str(item["description"])
        if "content_html" not in entry:
            entry["content_text"] = ""  # the spec requires one of the two
        if item.get("pubdate"):
            entry["date_published"] = item["pubdate"].isoformat()
        if item.get("updateddate"):
            entry["date_modified"] = item["updateddate"].isoformat()
        if item.get("author_name"):
            entry["authors"] = [{"name": str(item["author_name"])}]
        if item.get("categories"):
            entry["tags"] = [str(tag) for tag in item["categories"]]
        if item.get("item_lang"):
            entry["language"] = item["item_lang"]
        return entry


def write_feed(
    writer: Writer, context: dict[str, Any], path: str, feed: SyndicationFeed, source: str
) -> bool:
    """Write ``feed`` to ``path`` in the output through :func:`~.outputs.write_output`
    (``source`` names the writer in a conflict), firing ``feed_generated`` before and
    ``feed_written`` after. Returns whether the file was written."""
    if not write_output(writer, path, _generated(context, feed), source):
        return False
    signals.feed_written.send(os.path.join(writer.output_path, path), context=context, feed=feed)
    return True


def write_feed_of(
    writer: Writer,
    context: dict[str, Any],
    path: str,
    make: Callable[[], SyndicationFeed],
    source: str,
    inputs: dict[str, Any],
) -> SyndicationFeed | None:
    """:func:`write_feed` of the feed ``make()`` builds, unless the render cache knows
    ``path`` was written from the same ``inputs`` (as :func:`~.outputs.write_output_of`'s:
    everything the feed shows besides the site digest's inputs, its posts among them):
    then the file is left as it is and ``make`` is not called. Returns the feed written,
    or None (kept, or another source's path)."""
    made: list[SyndicationFeed] = []

    def render() -> str:
        feed = make()
        made.append(feed)
        return _generated(context, feed)

    if not write_output_of(writer, path, render, source, context=context, inputs=inputs):
        return None
    if not made:
        return None
    target = os.path.join(writer.output_path, path)
    signals.feed_written.send(target, context=context, feed=made[0])
    return made[0]


def _generated(context: dict[str, Any], feed: SyndicationFeed) -> str:
    """The text of ``feed``, once ``feed_generated`` handlers have seen it."""
    signals.feed_generated.send(context, feed=feed)
    buffer = StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue()
