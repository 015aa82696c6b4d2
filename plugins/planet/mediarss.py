"""Media RSS alternative texts, moved where feedparser keeps them.

Mastodon (and other micro-blogs) describe each attached picture with a
``<media:description>`` inside its ``<media:content>``. feedparser reads that element as
the entry's content or summary: with one picture the post's text is displaced, with two
the second description *replaces* the post's ``<description>``, so the text is lost. Before
feedparser sees the document, each such description becomes an attribute of its
``<media:content>`` (``blogcon_alt``, which feedparser returns with the other attributes
in ``media_content``), and the element is removed.

This is a textual rewrite of the bytes (feedparser has no hook for it): only
``<media:content>`` elements that are not self-closing and hold a
``<media:description>`` are touched, the text is kept escaped (CDATA unwrapped and
escaped), and a document that spells the namespace with another prefix is left to
feedparser as it is.
"""

from __future__ import annotations

import re

ATTRIBUTE = "blogcon_alt"
_CONTENT = re.compile(rb"<media:content\b([^>]*?)(?<!/)>(.*?)</media:content>", re.S)
_DESCRIPTION = re.compile(rb"<media:description\b[^>]*>(.*?)</media:description>", re.S)
_CDATA = re.compile(rb"\s*<!\[CDATA\[(.*?)\]\]>\s*", re.S)


def alts_as_attributes(body: bytes) -> bytes:
    """``body`` with each picture's description moved into an attribute (see above)."""
    if b"media:description" not in body:
        return body
    return _CONTENT.sub(_move, body)


def _move(found: re.Match) -> bytes:
    attributes, inner = found.group(1), found.group(2)
    description = _DESCRIPTION.search(inner)
    if description is None or ATTRIBUTE.encode() in attributes:
        return found.group(0)
    text = description.group(1)
    cdata = _CDATA.fullmatch(text)
    if cdata is not None:
        text = cdata.group(1).replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    elif b"<" in text:  # markup inside: not a plain description; leave it to feedparser
        return found.group(0)
    text = text.replace(b'"', b"&quot;")
    inner = inner[: description.start()] + inner[description.end() :]
    return (
        b"<media:content"
        + attributes
        + b" "
        + ATTRIBUTE.encode()
        + b'="'
        + text
        + b'">'
        + inner
        + b"</media:content>"
    )
