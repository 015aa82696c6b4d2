"""Parse feed bytes into plain, picklable entry dicts: the CPU-bound half of a fetch.

:func:`parse_feed` runs in a worker process when a run is large enough, so it takes and
returns only plain data. feedparser gets the raw bytes and the response headers (never a
URL or a path, which it would open itself) so it can apply the charset rules of RFC 7303.
feedparser's own sanitizer and URL resolver are off: ours (nh3, :mod:`.sanitize`) does both
in one pass, resolving against the ``base`` feedparser records for each content element
(``xml:base`` joined with the feed URL). That halves the parse time of large feeds.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import feedparser

from plugins.core.handles import handle_from_url
from plugins.core.sanitize import clean_html, is_http_url, plain_text, safe_link

from . import speedups
from .charset import sniff_chinese
from .jsonfeed import read_json_feed
from .language import entry_language
from .mediarss import ATTRIBUTE, alts_as_attributes
from .policy import iso

speedups.install()

_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([^\"']*)([\"'])")
_HTML_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}
# RSS has no title type and feedparser calls RSS titles text/plain, yet publishers put
# escaped HTML and entities in them; such a title is read as HTML (tags dropped).
_LOOKS_HTML = re.compile(r"<[A-Za-z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")
#: Feed formats that say whether a text is HTML (RSS does not: its texts are guessed).
_TYPED = ("atom", "json")
#: Longest entry id stored as it is; a longer one is stored as its SHA-256.
MAX_ID = 1000


class NotAFeed(Exception):
    """The bytes are not a feed feedparser can read (an HTML error page, JSON, ...)."""


@dataclass
class ParseJob:
    """Input of :func:`parse_feed`: bytes, decoding headers, and what the site owner said."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    url: str | None = None  # the http(s) URL the bytes came from, if any
    encoding: str | None = None  # the people file's ``encoding`` override
    embed_hosts: frozenset[str] = frozenset()
    #: the site's languages (BCP 47 tags): what an undeclared entry's text is told among
    languages: tuple[str, ...] = ()


def parse_feed(job: ParseJob) -> dict[str, Any]:
    """Parse and sanitize one feed. Returns ``{"feed": {...}, "entries": [...], "bozo": str}``.

    Raises :class:`NotAFeed` when nothing feed-like was found. A malformed but readable
    feed (feedparser's *bozo*) is used; its problem is returned as ``bozo``.
    """
    encoding = job.encoding or sniff_chinese(job.body, job.headers.get("content-type"))
    body, headers = apply_encoding_override(job.body, dict(job.headers), encoding)
    if job.url:
        headers["content-location"] = job.url
    parsed = read_json_feed(body) or feedparser.parse(
        alts_as_attributes(body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom found"
        raise NotAFeed(f"not a feed: {_short(reason)}")
    feed = parsed.feed
    self_url = next(
        (
            link.get("href")
            for link in feed.get("links", [])
            if link.get("rel") == "self" and is_http_url(link.get("href"))
        ),
        None,
    )
    base = job.url if is_http_url(job.url) else self_url
    feed_link = safe_link(feed.get("link"), base)
    meta = {
        "title": plain_text(
            feed.get("title"),
            _is_html(
                feed.get("title_detail"), not str(parsed.get("version", "")).startswith(_TYPED)
            ),
        ),
        "link": feed_link,
        "self_url": self_url,
        "language": feed.get("language") or None,
        "author": plain_text(feed.get("author_detail", {}).get("name") or feed.get("author")),
    }
    guess = not str(parsed.get("version", "")).startswith(_TYPED)
    context = (meta["language"], feed_link or base, job.embed_hosts, guess, job.languages)
    entries = [entry for raw in parsed.entries if (entry := _entry(raw, *context))]
    bozo = _short(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    return {"feed": meta, "entries": distinct_ids(entries), "bozo": bozo}


def entry_id(raw_id: str | None, link: str | None, title: str, content: str) -> dict[str, str]:
    """The stored id of an entry: its whole id (GUID), else its link, else a digest.

    An id of up to ``MAX_ID`` characters is kept as it is; a longer one becomes the
    SHA-256 of all of it (``urn:sha256:...``), so two ids that share a long prefix never
    meet. Stores written before kept the first 1,000 characters: ``legacy_id`` is that
    prefix, for :func:`~.policy.merge_entries` to find such an entry again.
    """
    full = plain_text(raw_id) or link or _digest(title, content)
    if len(full) <= MAX_ID:
        return {"id": full}
    digest = hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest()
    return {"id": f"urn:sha256:{digest}", "legacy_id": full[:MAX_ID]}


def distinct_ids(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every post of one document its own id.

    Some feeds give the same id (a GUID, or the link standing in for a missing one) to
    different posts. When entries sharing an id differ in link or title, each of them is
    identified by a digest of the id, its link and its title instead, whatever its place
    in the document, so that a post added on top next time cannot take another's id and
    overwrite it in the store. Repeats of one entry (same link and title) keep the id.
    """
    variants: dict[str, set[tuple]] = {}
    for entry in entries:
        variants.setdefault(entry["id"], set()).add((entry["link"], entry["title"]))
    for entry in entries:
        if len(variants[entry["id"]]) > 1:
            entry["id"] = _digest(entry["id"], entry["link"] or "", entry["title"])
            entry.pop("legacy_id", None)
    return entries


def apply_encoding_override(
    body: bytes, headers: dict[str, str], encoding: str | None
) -> tuple[bytes, dict[str, str]]:
    """When the site owner named the real charset, decode with it and hand feedparser UTF-8.

    The XML declaration is rewritten and the HTTP charset replaced, so the feed's own
    (wrong) claims cannot win. Undecodable bytes become U+FFFD instead of failing.
    """
    if not encoding:
        return body, headers
    text = body.decode(encoding, errors="replace").lstrip("\ufeff")
    data = _DECLARATION.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8"), count=1)
    headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    headers["content-type"] = "application/xml; charset=utf-8"
    return data, headers


def _entry(
    raw: Any,
    feed_language: str | None,
    base: str | None,
    hosts,
    guess: bool,
    languages: tuple[str, ...] = (),
) -> dict | None:
    # FeedParserDict.get maps legacy key aliases on every call, a tenth of this function's
    # time; only canonical keys are read here, so the plain dict lookup is the same.
    get = partial(dict.get, raw)
    link = safe_link(get("link"), base)
    entry_base = link or base
    content_detail = (get("content") or [None])[0] or get("summary_detail") or {}
    alts: list[str] = []
    if (
        get("media_content")
        and get("summary_detail")
        and (content_detail.get("type") or "").lower() == "text/plain"
    ):
        # feedparser reads Media RSS's <media:description> (a picture's alternative text,
        # as Mastodon writes it) as the entry's content: the post is the <description>.
        alts = [item.get("value") or "" for item in get("content") or []]
        content_detail = get("summary_detail")
    html = content_detail.get("value") or get("summary") or ""
    if content_detail and not _is_html(content_detail, guess) and html:
        html = "<p>" + _escape(html) + "</p>"
    content_base = content_detail.get("base")
    content_base = content_base if is_http_url(content_base) else entry_base
    content = clean_html(html, content_base, hosts)
    title = plain_text(get("title"), _is_html(get("title_detail"), guess))
    if not (title or content or link):
        return None
    declared = content_detail.get("language") or (get("title_detail") or {}).get("language") or None
    author = get("author_detail", {}).get("name") or get("author")
    extra = {}
    if media := entry_media(raw, entry_base, get("media_alts") or alts):
        extra["media"] = media
    if handle := _handle(get("author_detail") or {}, link):
        extra["handle"] = handle
    return {
        **extra,
        **entry_id(get("id"), link, title, content),
        "link": link,
        "title": title,
        "author": plain_text(author) or None,
        # (FeedParserDict.get would also map updated to published, a deprecated alias)
        "published": _iso(get("published_parsed") or get("updated_parsed")),
        "updated": _iso(get("updated_parsed")),
        # The text is only needed when no usable language is declared; extracting it is a
        # second nh3 pass over the content, as costly as sanitizing it.
        "lang": entry_language(
            declared,
            feed_language,
            lambda: title + " " + plain_text(content, True)[:1500],
            languages,
        ),
        "content": content,
    }


def entry_media(raw: Any, base: str | None, alts: list[str]) -> list[dict[str, str]]:
    """Pictures, videos and sounds attached to an entry (Media RSS ``<media:content>``,
    enclosures, JSON Feed attachments), kept as references (http(s) URL, type, medium,
    alternative text) for the page to link and for a media archive to download."""
    found: list[dict[str, str]] = []
    items = list(raw.get("media_content") or [])
    for index, item in enumerate(items):
        alt = item.get(ATTRIBUTE) or (alts[index] if len(alts) == len(items) else "")
        found.append(_medium(item.get("url"), item.get("type"), item.get("medium"), alt, base))
    enclosures = [link for link in raw.get("links") or [] if link.get("rel") == "enclosure"]
    for index, link in enumerate(enclosures):
        alt = alts[index] if not items and len(alts) == len(enclosures) else ""
        found.append(_medium(link.get("href"), link.get("type"), None, alt, base))
    media, seen = [], set()
    for item in found:
        if item["url"] and item["url"] not in seen and len(media) < MAX_MEDIA:
            seen.add(item["url"])
            media.append({key: value for key, value in item.items() if value})
    return media


#: Most media references kept per entry.
MAX_MEDIA = 16


def _medium(url: Any, kind: Any, medium: Any, alt: str, base: str | None) -> dict[str, str]:
    kind = kind.strip().lower()[:100] if isinstance(kind, str) else ""
    if medium not in ("image", "video", "audio"):
        medium = (
            kind.split("/")[0] if kind.split("/")[0] in ("image", "video", "audio") else "other"
        )
    return {
        "url": safe_link(url, base) or "",
        "type": kind,
        "medium": medium,
        "alt": plain_text(alt)[:1000],
    }


def _handle(detail: Any, link: str | None) -> str | None:
    """The author's account, from what the poster cannot choose: the post's address,
    else the author's profile URL the feed gives (see :mod:`plugins.core.handles`).
    Never the author's name or email: a display name such as ``@linxiao@host`` is free
    text the poster writes, and would let anyone post as a participant."""
    return handle_from_url(link) or handle_from_url(detail.get("href"))


def _is_html(detail: Any, guess: bool = True) -> bool:
    """True when ``detail`` holds HTML; ``guess`` applies the RSS heuristic to text/plain
    (Atom says what its text constructs are, so Atom callers pass ``guess=False``)."""
    if not detail:
        return False
    kind = (detail.get("type") or "").lower()
    if kind in _HTML_TYPES:
        return True
    return guess and kind == "text/plain" and bool(_LOOKS_HTML.search(detail.get("value") or ""))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        stamp = calendar.timegm(value)
        return iso(datetime.fromtimestamp(stamp, UTC))
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _digest(*parts: str) -> str:
    return "sha1:" + hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def _short(reason: Any) -> str:
    text = str(reason) or type(reason).__name__
    return text if len(text) < 200 else text[:197] + "..."
