"""When a server says not to ask again yet: HTTP freshness and ``Retry-After``.

A response that is *fresh* (RFC 9111 §4.2: ``Cache-Control: max-age`` less its ``Age``,
else ``Expires`` less ``Date``) may be reused without asking the server again, and a
``429`` or ``503`` answer with ``Retry-After`` (RFC 9110 §10.2.3) asks the client to wait.
A polite aggregator honours both: ``invoke fetch`` does not request a feed before the
time the server gave (``--force`` does), so running it twice in a row costs the blog
hosts nothing the second time. Both delays are capped by settings, so that a server
announcing a year of freshness cannot stop a feed from updating.

These few rules are written here rather than taken from an HTTP cache library
(hishel, cachecontrol): those store whole responses and decide per request, while the
planet keeps its own store and needs one number per feed, "not before".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime

_DIRECTIVE = re.compile(r"\s*([A-Za-z-]+)\s*(?:=\s*(\"[^\"]*\"|[^,]*))?\s*(?:,|$)")
#: Directives after which a response may not be reused without asking the server.
_NOT_REUSABLE = {"no-store", "no-cache"}


def freshness(headers: Mapping[str, str]) -> float | None:
    """Seconds for which the response may be reused, or None when it gives none.

    ``headers`` is case-insensitive (httpx's) or lowercase. ``no-store`` and ``no-cache``
    mean no reuse (0). A response without ``max-age`` or ``Expires`` gets no heuristic
    freshness: a feed is asked for again on the next run.
    """
    directives = _directives(headers.get("cache-control", ""))
    if _NOT_REUSABLE & directives.keys():
        return 0.0
    age = _number(headers.get("age")) or 0.0
    max_age = _number(directives.get("max-age"))
    if max_age is not None:
        return max(0.0, max_age - age)
    expires, date = _http_date(headers.get("expires")), _http_date(headers.get("date"))
    if expires is not None and date is not None:
        return max(0.0, (expires - date).total_seconds() - age)
    if "expires" in headers:  # an invalid Expires (often "0" or "-1") means already stale
        return 0.0
    return None


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds or an HTTP date), or None."""
    if not value:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def _directives(value: str) -> dict[str, str]:
    found = {}
    for match in _DIRECTIVE.finditer(value):
        if match.group(1):
            found[match.group(1).lower()] = (match.group(2) or "").strip().strip('"')
    return found


def _number(value: str | None) -> float | None:
    """A delta-seconds value (a non-negative integer), else None."""
    value = (value or "").strip()
    return float(value) if value.isdigit() else None


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None
