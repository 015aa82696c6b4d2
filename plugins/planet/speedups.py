"""Two speedups for feedparser, each measured on the benchmark farm and checked on the
feedparser corpus and the real feeds to give the same parse results as stock feedparser
(tests/planet/test_speedups.py runs both in subprocesses and compares every result).
Both are listed in the ledger of process-wide patches, :mod:`plugins.core.patches`.

1. **Buffered text.** feedparser reads well-formed feeds through
   ``xml.sax.make_parser(PREFERRED_XML_PARSERS)``, which takes the first importable module
   of that list that has a ``create_parser``. The standard expat reader hands text over in
   fragments (it splits at every entity reference and line break: escaped HTML in an RSS
   ``<description>`` arrives in dozens of calls), and feedparser pays a Python method call
   and a stack lookup per fragment. With expat's own ``buffer_text`` on, each run of text
   arrives once: parsing takes about 15% less time. :class:`BufferedExpatParser` is the
   standard library's reader with that one switch set, not a parser of ours.

2. **Memoized base URLs.** Given a document URL (we pass it as Content-Location, so that
   feedparser resolves relative links and ids, and keeps ids of ``isPermaLink="false"``
   as they are), feedparser calls ``make_safe_absolute_uri(base, xml_base)`` at *every*
   start tag, nearly always with the same two strings: a quarter of its parse time goes to
   ``urljoin``. The function is pure (strings in, string out, a constant scheme list), so
   a cache in front of it changes nothing but the time.

:func:`install` applies both, once per process; if a future feedparser no longer has
one of these hooks, that speedup is skipped with a warning in the log and feedparser runs
at its own speed.
"""

from __future__ import annotations

import functools
import logging
from xml.sax.expatreader import ExpatParser

logger = logging.getLogger(__name__)

#: Text buffer of expat, in characters (its default, 8 KiB, splits long entries).
BUFFER_SIZE = 1 << 16


class BufferedExpatParser(ExpatParser):
    """The standard expat SAX reader with ``buffer_text`` on."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = BUFFER_SIZE


def create_parser(*args, **kwargs) -> BufferedExpatParser:
    """Entry point that ``xml.sax.make_parser`` looks for in each module it is given."""
    return BufferedExpatParser(*args, **kwargs)


def install() -> list[str]:
    """Apply both speedups to the feedparser of this process (idempotent); the names of
    the hooks that were found (both, unless feedparser moved one: that one is logged)."""
    import feedparser
    import feedparser.api
    import feedparser.mixin

    found = []
    parsers = getattr(feedparser.api, "PREFERRED_XML_PARSERS", None)
    if isinstance(parsers, list):
        found.append("PREFERRED_XML_PARSERS")
        if __name__ not in parsers:
            parsers.insert(0, __name__)
    else:
        _missing("feedparser.api.PREFERRED_XML_PARSERS", feedparser)
    join = getattr(feedparser.mixin, "make_safe_absolute_uri", None)
    if callable(join):
        found.append("make_safe_absolute_uri")
        if not hasattr(join, "cache_info"):
            feedparser.mixin.make_safe_absolute_uri = functools.lru_cache(maxsize=1024)(join)
    else:
        _missing("feedparser.mixin.make_safe_absolute_uri", feedparser)
    return found


def _missing(hook: str, feedparser) -> None:
    logger.warning(
        "planet: feedparser %s has no %s; that speedup is off (see plugins/core/patches.py)",
        getattr(feedparser, "__version__", "?"),
        hook,
    )
