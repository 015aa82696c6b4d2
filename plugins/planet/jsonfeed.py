"""JSON Feed (1.0 and 1.1, https://jsonfeed.org/version/1.1) read into the shape
feedparser gives RSS and Atom, so that :func:`.parse.parse_feed` treats all three alike.

feedparser 6 reads only XML feeds; micro-blog services and bridges (RSSHub, micro.blog,
Bluesky bridges) often serve JSON Feed. The document is untrusted: only the fields below
are read, each only when it has the expected type; the rest of the pipeline (ids, links,
sanitizing, language) is the one of every feed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from feedparser import FeedParserDict

_PREFIX = "https://jsonfeed.org/version/"


def read_json_feed(body: bytes) -> FeedParserDict | None:
    """The feed as feedparser would give it, or None when ``body`` is not a JSON Feed."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head != b"{":
        return None
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(_PREFIX):
        return None
    author = _author(data)
    feed = FeedParserDict(
        title=_str(data.get("title")),
        title_detail={"type": "text/plain"},
        link=_str(data.get("home_page_url")),
        language=_str(data.get("language")) or None,
        links=[{"rel": "self", "href": _str(data.get("feed_url"))}],
        author=author.get("name", ""),
    )
    items = data.get("items") if isinstance(data.get("items"), list) else []
    entries = [_item(item, feed["language"]) for item in items if isinstance(item, dict)]
    return FeedParserDict(version="json1", feed=feed, entries=entries, bozo=False)


def _item(item: dict[str, Any], language: str | None) -> dict[str, Any]:
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    lang = _str(item.get("language")) or language
    content = {
        "type": "text/html" if html else "text/plain",
        "value": html or text,
        "language": lang,
    }
    author = _author(item)
    attachments = (
        [a for a in item.get("attachments") or [] if isinstance(a, dict)]
        if isinstance(item.get("attachments"), list)
        else []
    )
    return {
        "id": _str(item.get("id")),
        "link": _str(item.get("url")),
        "title": _str(item.get("title")),
        "title_detail": {"type": "text/plain"},
        "content": [content] if content["value"] else [],
        "summary_detail": content,
        "published_parsed": _time(item.get("date_published")),
        "updated_parsed": _time(item.get("date_modified")),
        "author": author.get("name", ""),
        "author_detail": author,
        "links": [
            {"rel": "enclosure", "href": _str(a.get("url")), "type": _str(a.get("mime_type"))}
            for a in attachments
        ],
        "media_alts": [_str(a.get("title")) for a in attachments],
    }


def _author(data: dict[str, Any]) -> dict[str, str]:
    authors = data.get("authors") if isinstance(data.get("authors"), list) else [data.get("author")]
    first = next((a for a in authors if isinstance(a, dict)), {})
    return {
        key: _str(first.get(source))
        for key, source in (("name", "name"), ("href", "url"))
        if _str(first.get(source))
    }


def _time(value: Any):
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).timetuple()


def _str(value: Any) -> str:
    return (
        value
        if isinstance(value, str)
        else (str(value) if isinstance(value, int) and not isinstance(value, bool) else "")
    )
