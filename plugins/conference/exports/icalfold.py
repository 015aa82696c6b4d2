"""RFC 5545 line folding for icalendar, with the same output and a fraction of the cost.

icalendar folds every content line longer than 75 octets in ``_foldline``, which encodes
the line one character at a time to count its octets. A FOSDEM-size schedule writes four
edition calendars of 772 events each on every build, and that loop was a quarter of a
rebuild after editing one session (about 4 s of 16). :func:`foldline` cuts the UTF-8
bytes at character boundaries instead, with the same rules: a folded line holds at most
74 octets (icalendar's choice, one under the limit), never splits a character, and does
not end with ``\\`` or ``^`` (so an escape is not split across a fold, icalendar issue
#1501). ``tests/conference/test_icalfold.py`` compares it with icalendar's own function on
many generated lines; the patch is in the ledger (:mod:`plugins.core.patches`).
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

_LIMIT = 75
_SEPARATOR = "\r\n "
_ESCAPES = (0x5C, 0x5E)  # "\\" and "^": never left at the end of a folded line


def _stock():
    """icalendar's folding function, from the module that defines it, or None."""
    try:
        from icalendar.parser import string
    except ImportError:
        return None
    return getattr(string, "_foldline", None)


STOCK = _stock()


def foldline(line: str, limit: int = _LIMIT, fold_sep: str = _SEPARATOR) -> str:
    """``line`` folded as icalendar's ``_foldline`` folds it."""
    if limit != _LIMIT or fold_sep != _SEPARATOR or "\n" in line:
        return STOCK(line, limit, fold_sep)  # other options, and its own error
    if len(line) < limit and line.isascii():
        return line
    data = line.encode("utf-8")
    size = len(data)
    width = limit - 1
    parts = []
    start = 0
    while size - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character
            end -= 1
        if data[end - 1] in _ESCAPES and end - 1 > start:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    parts.append(data[start:].decode("utf-8"))
    return fold_sep.join(parts)


def install() -> None:
    """Make icalendar's content lines fold with :func:`foldline` (idempotent)."""
    try:
        from icalendar.parser import content_line
    except ImportError:
        content_line = None
    if STOCK is None or not hasattr(content_line, "_foldline"):
        logger.debug("icalendar's content lines have no _foldline; its own folding is kept")
        return
    content_line._foldline = foldline
