"""Ids, languages and file texts for imported content (formats of docs/content.md): every
text of a schedule becomes one-line plain text or sanitized HTML here."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import markdown
import yaml

from plugins.core.errors import shown
from plugins.core.sanitize import (
    CLEAN_CONTENT,
    TAGS,
    clean_html,
    offline_media,
    plain_text,
    safe_link,
    strip_controls,
)
from plugins.core.text import slugify as site_slugify

from .limits import event_label
from .model import SourceError, SourceEvent

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


#: Python-Markdown for abstracts (pretalx's are Markdown, frab's text or HTML): line breaks
#: kept as the source systems show them.
_MARKDOWN_EXTENSIONS = ["nl2br", "sane_lists"]
# Markdown abstracts may hold HTML (pretalx renders the tags it allows). A ``<`` that opens
# a tag the sanitizer keeps, or removes with its content (``<script>``), or an autolink of
# any scheme (``<javascript:…>`` is removed, ``<https://…>`` kept) stays for Markdown and
# nh3 to handle; any other (``a < b``, ``vector<int>``) is text, which nh3 would otherwise
# read as an unknown tag and drop with its words. A test, not a parser: nh3 sanitizes.
_KEPT_TAGS = "|".join(sorted(TAGS | CLEAN_CONTENT | {"iframe"}, key=len, reverse=True))
_TEXT_LT = re.compile(rf"<(?!/?(?:{_KEPT_TAGS})(?![a-z0-9-])|[a-z][a-z0-9+.\-]*:)", re.IGNORECASE)


def abstract_html(text: str) -> str:
    """An abstract or description as HTML, not yet sanitized: read as Markdown, which
    pretalx's are, and which leaves HTML blocks (frab's ``<p>``…) as they are; a ``<``
    other than a tag's or an autolink's is shown as text."""
    text = strip_controls(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    return markdown.markdown(
        _TEXT_LT.sub("&lt;", text), extensions=_MARKDOWN_EXTENSIONS, output_format="html5"
    )


def safe_body(fragments: list[str], base: str | None = None) -> str:
    """The body of an imported session file from HTML ``fragments``: sanitized with the
    feed policy (:func:`plugins.core.sanitize.clean_html`: http(s) and mailto links only,
    whatever their form or spelling, relative ones resolved against ``base``, the talk's
    page at the source, or dropped), remote images and players turned into links, all in
    one ``<div>``, a raw HTML block that Markdown leaves as it is: no text of the source is
    read as Markdown again when the site is built."""
    cleaned = offline_media(clean_html("\n".join(f for f in fragments if f), base))
    return f"<div>\n{cleaned}\n</div>" if cleaned else ""


def plain(text: str) -> str:
    """One-line plain text (titles, names, metadata values): tags removed (a script's or
    style's text with them), entities decoded, controls dropped, whitespace collapsed."""
    return plain_text(text, is_html="<" in text or "&" in text)


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


def web_url(url: str) -> str | None:
    """``url`` when it is an absolute http(s) URL without spaces or quotes, else None."""
    web = safe_link(url)
    return web if web and not re.search(r"[\s<>\"'`]", web) else None


def session_body(event: SourceEvent) -> str:
    """The session's text: subtitle, abstract, description and link, as sanitized HTML."""
    parts = []
    if plain(event.subtitle):
        parts.append(f"<p><em>{html.escape(plain(event.subtitle))}</em></p>")
    for text in (event.abstract, event.description):
        body = abstract_html(text)
        if body and body not in parts:
            parts.append(body)
    url = web_url(event.url)
    if url:
        parts.append(f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>')
    return safe_body(parts, url)


def speakers_as_text(kept: list[tuple[SourceEvent, Any]]) -> None:
    """Speakers' names and biographies as plain text (ids, files and pages are made from
    them); a name that is empty once its markup is removed is an error naming the event."""
    for event, _ in kept:
        for person in event.persons:
            name, person.biography = plain(person.name), plain(person.biography)
            if not name:
                raise SourceError(
                    f"{event_label(event)}: speaker {shown(person.name)} has no name once "
                    "its markup is removed; expected a name with letters"
                )
            if person.key == person.name:  # no id in the source: the name is its key
                person.key = name
            person.name = name


def session_title(event: SourceEvent) -> str:
    """The event's title as text; an error naming the event when nothing is left."""
    title = plain(event.title)
    if not title:
        raise SourceError(
            f"{event_label(event)}: the title is empty once its markup is removed; expected "
            "a title with words (correct it in the source, or remove the event)"
        )
    return title
