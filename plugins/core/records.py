"""Check records read back from files anyone may edit, as if they came from a feed.

The planet store (``data/planet/*.json``) and the archived copies
(``content/editions/*/archive/*.json``) are committed files: a pull request, a bad merge or
a hand edit can put anything in them. So every entry read from them goes through the checks
a freshly parsed feed entry gets (:mod:`plugins.planet.parse`), before anything reaches a
page, a feed or a folder name:

- ``id``: an opaque string (never used as a URL or a path), controls removed, at most
  :data:`MAX_ID` characters; a record without one is skipped;
- ``link``: an absolute http(s) URL, else dropped (the record is kept without a link);
- ``title`` and ``author``: plain text (tags and controls removed), bounded;
- dates: valid ISO 8601; a record whose ``date`` is not is skipped;
- ``lang``: a well-formed BCP 47 tag reduced as the fetch reduces it (``zh-cn`` →
  ``zh-Hans``, ``en-US`` → ``en``) and naming a language Babel knows; anything else
  becomes None (language unknown), never a folder name;
- ``content``: a string of at most :data:`MAX_CONTENT` characters (longer is cut); the
  caller sanitizes it again with :func:`plugins.core.sanitize.clean_html`.

:func:`check_entry` returns the repaired entry and what was repaired, or raises
:class:`BadRecord`; callers log one line naming the file and skip or keep the record.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from babel import Locale

from .handles import normalize_handle
from .sanitize import plain_text, safe_link, strip_controls

#: Longest id kept (the fetch cuts ids to the same length).
MAX_ID = 1000
#: Longest title, in characters.
MAX_TITLE = 1000
#: Longest author name, in characters.
MAX_AUTHOR = 300
#: Longest entry content, in characters, before it is sanitized again.
MAX_CONTENT = 1_000_000

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_HANT_REGIONS = {"tw", "hk", "mo"}
_HANS_REGIONS = {"cn", "sg", "my"}


class BadRecord(ValueError):
    """A record that cannot be used at all; the message says why (never the whole value)."""


def short_tag(tag: object) -> str | None:
    """A declared language as a short BCP 47 tag: ``zh-cn`` → ``zh-Hans``, ``zh-TW`` →
    ``zh-Hant``, ``en-us`` → ``en``; ``zh`` alone stays ``zh``. Ill-formed tags give None."""
    if not tag or not isinstance(tag, str):
        return None
    tag = tag.strip()
    if len(tag) > 64 or not _TAG.match(tag):
        return None
    parts = tag.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return parts[0]
    rest = set(parts[1:])
    if "hant" in rest or rest & _HANT_REGIONS:
        return "zh-Hant"
    if "hans" in rest or rest & _HANS_REGIONS:
        return "zh-Hans"
    return "zh"


def known_language(tag: object) -> str | None:
    """:func:`short_tag` of ``tag`` when Babel knows its language, else None."""
    short = short_tag(tag)
    if short is None:
        return None
    return short if _babel_knows(short.split("-")[0]) else None


@lru_cache(maxsize=1024)
def _babel_knows(language: str) -> bool:
    return language in Locale("en").languages


def opaque_id(value: object) -> str:
    """An entry id as text; raises :class:`BadRecord` when there is none."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRecord("its id is missing or not a string")
    text = strip_controls(str(value)).strip()
    if not text:
        raise BadRecord("its id is empty")
    return text[:MAX_ID]


def iso_moment(value: object) -> datetime | None:
    """An ISO 8601 string as an aware datetime (UTC when it names no zone); None when it
    is absent, not a string, or not a valid date."""
    if not isinstance(value, str) or not value or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_entry(raw: object) -> tuple[dict[str, Any], list[str]]:
    """Validate one stored or archived entry.

    Returns ``(entry, repairs)``: ``entry`` has ``id``, ``link``, ``title``, ``author``
    (text or None), ``date`` and ``first_seen`` (aware datetimes), ``lang`` and
    ``content`` (unsanitized, bounded); ``repairs`` names what was dropped or cut.
    Raises :class:`BadRecord` for a record that cannot be shown.
    """
    if not isinstance(raw, dict):
        raise BadRecord(f"it is a {type(raw).__name__}, not an object")
    repairs: list[str] = []
    entry_id = opaque_id(raw.get("id"))
    date = iso_moment(raw.get("date"))
    if date is None:
        raise BadRecord("its date is missing or not an ISO 8601 date")
    first_seen = iso_moment(raw.get("first_seen"))
    if first_seen is None:
        if raw.get("first_seen") is not None:
            repairs.append("first_seen dropped (not an ISO 8601 date)")
        first_seen = date
    link = safe_link(raw.get("link"))
    if raw.get("link") and link is None:
        repairs.append("link dropped (not an http(s) URL)")
    lang = known_language(raw.get("lang"))
    if raw.get("lang") and lang is None:
        repairs.append("lang dropped (not a known BCP 47 language tag)")
    content = raw.get("content")
    if not isinstance(content, str):
        if content is not None:
            repairs.append("content dropped (not a string)")
        content = ""
    if len(content) > MAX_CONTENT:
        repairs.append(f"content cut to {MAX_CONTENT} characters")
        content = content[:MAX_CONTENT]
    return {
        "id": entry_id,
        "link": link,
        "title": _text(raw.get("title"), MAX_TITLE, "title", repairs),
        "author": _text(raw.get("author"), MAX_AUTHOR, "author", repairs) or None,
        "date": date,
        "first_seen": first_seen,
        "lang": lang,
        "content": content,
        "handle": normalize_handle(raw.get("handle")),
        "media": check_media(raw.get("media"), repairs),
    }, repairs


#: Most media references read back per entry.
MAX_MEDIA = 16
_MEDIUMS = ("image", "video", "audio", "other")


def check_media(value: object, repairs: list[str]) -> list[dict[str, str]]:
    """Stored media references: ``{url, type, medium, alt}`` with an http(s) ``url``,
    a bounded ``type``, a known ``medium`` and plain-text ``alt``; others dropped."""
    if value is None:
        return []
    if not isinstance(value, list):
        repairs.append("media dropped (not a list)")
        return []
    media = []
    for item in value[:MAX_MEDIA]:
        url = safe_link(item.get("url")) if isinstance(item, dict) else None
        if url is None:
            repairs.append("a media reference dropped (no http(s) URL)")
            continue
        kind = item.get("type") if isinstance(item.get("type"), str) else ""
        medium = item.get("medium") if item.get("medium") in _MEDIUMS else "other"
        alt = item.get("alt") if isinstance(item.get("alt"), str) else ""
        media.append(
            {
                "url": url,
                "type": plain_text(kind)[:100],
                "medium": medium,
                "alt": plain_text(alt)[:1000],
            }
        )
    return media


def _text(value: object, limit: int, name: str, repairs: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        repairs.append(f"{name} dropped (not a string)")
        return ""
    # Stored titles are text already (the fetch removed markup); templates escape them.
    text = plain_text(value)
    if len(text) > limit:
        repairs.append(f"{name} cut to {limit} characters")
        text = text[:limit]
    return text
