"""Web addresses in content: an http(s) URL, and the address written without its scheme.

``blog.example.org/feed.xml`` in a ``feed:`` is read as a path of the project and only
``invoke fetch`` finds it missing; ``www.example.org`` in a Markdown link is a page of this
site. :func:`no_scheme_hint` recognizes them, so the build says what was meant.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from plugins.core.errors import shown

#: A value that starts like an address: ``//host``, ``www.``, or a dotted host and a ``/``.
_HOST_FIRST = re.compile(
    r"^(?://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:/|$))", re.I
)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+:", re.I)
#: Last parts of a file name that are not a top-level domain (``feed.xml`` is a file).
_FILE_SUFFIXES = frozenset({"xml", "rss", "atom", "json", "rdf", "txt", "md", "yaml", "yml"})


def no_scheme_hint(value: str, bare_host: bool = False) -> str:
    """``; expected 'https://…'`` when ``value`` is an address written without its scheme.

    A bare host (``example.org``) counts only where a path is not allowed (``bare_host``):
    elsewhere ``feeds.xml`` could be a file.
    """
    match = _HOST_FIRST.match(value)
    if not match or "://" in value:
        return ""
    host = value.lstrip("/").split("/")[0].split(":")[0]
    addressed = value.startswith("//") or "/" in value or value.lower().startswith("www.")
    if not addressed and (not bare_host or host.rsplit(".", 1)[-1].lower() in _FILE_SUFFIXES):
        return ""
    fixed = ("https:" if value.startswith("//") else "https://") + value
    return f"; it has no scheme: expected {shown(fixed)}"


def is_web_url(value: str) -> bool:
    """True for an absolute http or https URL with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
