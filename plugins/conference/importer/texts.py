"""Ids, languages and file texts for imported content (formats of docs/content.md)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import nh3
import yaml

from plugins.core.text import html_to_text
from plugins.core.text import slugify as site_slugify

_HTML = re.compile(
    r"<(p|br|a|ul|ol|li|em|strong|b|i|div|span|h[1-6]|code|pre|blockquote)\b", re.IGNORECASE
)
MAX_ID = 60
#: Ids are ``[a-z0-9]`` words joined by ``-`` (Pelican's slugify lower-cases afterwards).
_ID_SUBS = ((r"[^a-z0-9]+", "-"), (r"\A-+|-+\Z", ""))


def make_id(text: str, fallback: str) -> str:
    """An id for ``text`` (``[a-z0-9]`` words joined by ``-``, at most :data:`MAX_ID`
    characters); Chinese becomes pinyin, a word per syllable (ids of earlier imports stay)."""
    slug = site_slugify(text, regex_subs=_ID_SUBS, join_syllables=False)
    if len(slug) > MAX_ID:
        slug = slug[:MAX_ID].rsplit("-", 1)[0]
    return slug or fallback


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free; records the choice."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


SESSION_TYPE_WORDS = (
    ("keynote", "keynote"),
    ("lightning", "lightning"),
    ("workshop", "workshop"),
    ("hands-on", "workshop"),
    ("panel", "panel"),
    ("discussion", "panel"),
    ("bof", "panel"),
    ("party", "social"),
    ("social", "social"),
    ("djset", "social"),
    ("concert", "social"),
    ("performance", "social"),
    ("break", "break"),
    ("lunch", "break"),
    ("pause", "break"),
)


def session_type(source_type: str) -> str:
    """Our session ``Type`` for a free-form source type (``talk`` when nothing fits)."""
    lowered = source_type.lower()
    return next((ours for word, ours in SESSION_TYPE_WORDS if word in lowered), "talk")


def safe_body(text: str) -> str:
    """Markdown for an abstract: HTML is sanitized, other text may not carry raw HTML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _HTML.search(text):
        return nh3.clean(text)
    return text.replace("<", "&lt;")


def plain(text: str) -> str:
    """One-line plain text (titles, names, metadata values)."""
    if "<" in text:
        text = html_to_text(text)
    return re.sub(r"\s+", " ", text).strip()


def session_markdown(meta: list[tuple[str, str]], body: str) -> str:
    """A session file: ``Key: value`` header, blank line, body."""
    lines = [f"{key}: {plain(value)}" for key, value in meta if value and plain(value)]
    return "\n".join(lines) + "\n\n" + (body.strip() + "\n" if body.strip() else "")


def local_time(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in the moment's own zone."""
    return f"{moment:%Y-%m-%d %H:%M}"


def yaml_document(comment: str, data: dict[str, Any]) -> str:
    """YAML with a leading comment; keys in the given order, Unicode kept."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"# {comment}\n{body}"
