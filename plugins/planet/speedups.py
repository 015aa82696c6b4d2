"""Four speedups for feedparser, each measured on the benchmark farm and checked on the
feedparser corpus and the real feeds to give the same parse results as stock feedparser
(tests/planet/test_speedups.py runs both in subprocesses and compares every result).
All four are listed in the ledger of process-wide patches, :mod:`plugins.core.patches`.

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

3. **Shallow copies of content parameters.** At the end of every text element (each
   entry's title and description), feedparser stores a ``copy.deepcopy`` of its current
   content parameters, a ``FeedParserDict`` of a few strings (type, language, base):
   ``deepcopy`` goes through ``__reduce_ex__`` and rebuilds the dict item by item, about
   8% of a parse. feedparser's mixin module is given a ``copy`` whose ``deepcopy`` copies
   such a dict with ``FeedParserDict(params)`` (its values are immutable, so a shallow
   copy is a deep one) and hands anything else to :func:`copy.deepcopy`.

4. **Plain keys read as a dict reads them.** ``FeedParserDict.get`` maps legacy key
   aliases (``keymap``) and a few computed keys (``category``, ``enclosures``, ...) by
   calling ``__getitem__`` inside a ``try``; feedparser itself calls it about 700 times
   per feed on its own state. For any other key on a plain ``FeedParserDict`` the answer
   is ``dict.get``'s, so :func:`_get` answers those with ``dict.get`` and hands the
   aliases, the computed keys and subclasses to feedparser's own method: another 7%.

:func:`install` applies all four, once per process; if a future feedparser no longer has
one of these hooks, that speedup is skipped with a warning in the log and feedparser runs
at its own speed.
"""

from __future__ import annotations

import copy
import functools
import logging
import types
from typing import Any
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


#: ``FeedParserDict`` keys its ``__getitem__`` computes rather than reads (besides ``keymap``).
_COMPUTED = frozenset({"category", "enclosures", "license", "updated", "updated_parsed"})


def _shallow_deepcopy(value: Any, memo: dict | None = None) -> Any:
    """``copy.deepcopy``, shallow for a plain ``FeedParserDict`` of strings (the same
    result: nothing in it can be shared); the keys must be stored ones (not aliases,
    which ``deepcopy`` would store under their target) and no attribute set on it."""
    kind = _FeedParserDict
    if (
        kind is not None
        and type(value) is kind
        and not value.__dict__
        and all(type(item) is str or item is None for item in value.values())
        and not any(key in kind.keymap for key in value)
    ):
        return kind(value)
    return copy.deepcopy(value, memo)


#: What feedparser's mixin module sees as ``copy`` once :func:`install` has run.
_COPY = types.SimpleNamespace(deepcopy=_shallow_deepcopy)


def _get(self: Any, key: Any, default: Any = None) -> Any:
    """``FeedParserDict.get``: ``dict.get`` for a stored key of a plain ``FeedParserDict``
    (what feedparser's method returns for it too), feedparser's own method otherwise."""
    if key in _COMPUTED or key in self.keymap or type(self) is not _FeedParserDict:
        return _stock_get(self, key, default)
    return dict.get(self, key, default)


_FeedParserDict: Any = None
_stock_get: Any = None


def install() -> list[str]:
    """Apply the speedups to the feedparser of this process (idempotent); the names of
    the hooks that were found (all, unless feedparser moved one: that one is logged)."""
    global _FeedParserDict, _stock_get
    import feedparser
    import feedparser.api
    import feedparser.mixin
    import feedparser.util

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
    kind = getattr(feedparser.util, "FeedParserDict", None)
    if not (isinstance(kind, type) and isinstance(getattr(kind, "keymap", None), dict)):
        _missing("feedparser.util.FeedParserDict", feedparser)
        return found
    _FeedParserDict = kind
    if getattr(feedparser.mixin, "copy", None) in (copy, _COPY):
        found.append("copy.deepcopy")
        feedparser.mixin.copy = _COPY  # type: ignore[assignment]
    else:
        _missing("feedparser.mixin.copy", feedparser)
    found.append("FeedParserDict.get")
    if kind.get is not _get:
        _stock_get = kind.get
        kind.get = _get  # type: ignore[method-assign]
    return found


def _missing(hook: str, feedparser) -> None:
    logger.warning(
        "planet: feedparser %s has no %s; that speedup is off (see plugins/core/patches.py)",
        getattr(feedparser, "__version__", "?"),
        hook,
    )
