"""Feed classes with no clock in their output, shared by every plugin that writes feeds.

feedgenerator dates a feed by its newest item and falls back to *now* for an empty feed,
which makes two builds of the same content differ. These classes fall back to the feed's
``stable_date`` (or the epoch) instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from feedgenerator import Atom1Feed, Rss201rev2Feed

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _StableFeedMixin:
    """No clock in the output: an empty feed is dated by ``stable_date``, not now()."""

    def latest_post_date(self):
        if not self.items:
            return self.feed.get("stable_date") or EPOCH
        return super().latest_post_date()


class AtomFeed(_StableFeedMixin, Atom1Feed):
    """Atom 1.0; an entry given ``item_lang`` gets its own ``xml:lang``."""

    def item_attributes(self, item):
        """``xml:lang`` of an entry whose language differs from the feed's."""
        lang = item.get("item_lang")
        return {"xml:lang": lang} if lang and lang != self.feed["language"] else {}


class RssFeed(_StableFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with a stable date for empty feeds."""
