"""Which aggregated posts are about an edition.

A post matches an edition when it is dated within a window around the edition's days (in
the edition's time zone) and either uses one of its keywords or hashtags, or links to one
of the edition's pages or links. Matching is case- and width-insensitive (NFKC + casefold),
so ＃ＣＮＢＣ０９ matches #cnbc09 and CNBlogCon matches cnblogcon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from plugins.core.text import html_to_text, normalize_for_matching

_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """Why an entry matched: the keywords, hashtags and edition links it contains."""

    keywords: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.keywords or self.hashtags or self.links)


def _term_pattern(term: str) -> re.Pattern[str]:
    """A term as a regex: Latin words and hashtags must not run on into letters or digits;
    CJK terms (written without spaces) match anywhere."""
    body = re.escape(normalize_for_matching(term))
    if re.search(r"[a-z0-9]$", normalize_for_matching(term)):
        body += r"(?![\w])"
    if re.match(r"^[a-z0-9]", normalize_for_matching(term)):
        body = r"(?<![\w#])" + body
    return re.compile(body)


class Matcher:
    """Matches entries against one edition."""

    def __init__(self, edition: Any, page_prefixes: list[str], days_before: int, days_after: int):
        self.edition = edition
        self.keywords = [(k, _term_pattern(k)) for k in edition.keywords if k.strip()]
        self.hashtags = [
            (h, _term_pattern(h if h.startswith("#") else "#" + h))
            for h in edition.hashtags
            if h.strip("# ")
        ]
        self.prefixes = [p for p in page_prefixes if p]
        self.links = [link.url for link in edition.links]
        self.first_day = edition.start - timedelta(days=days_before)
        self.last_day = edition.end + timedelta(days=days_after)

    def in_window(self, date: datetime) -> bool:
        """True when ``date``, seen in the edition's zone, falls within the window."""
        local = date.astimezone(self.edition.timezone).date()
        return self.first_day <= local <= self.last_day

    def match(self, title: str, content_html: str) -> Match:
        """Keywords, hashtags and edition links found in a post (no date check)."""
        text = normalize_for_matching(f"{title} {html_to_text(content_html)}")
        hrefs = _HREF.findall(content_html or "")
        return Match(
            keywords=tuple(k for k, pattern in self.keywords if pattern.search(text)),
            hashtags=tuple(h for h, pattern in self.hashtags if pattern.search(text)),
            links=tuple(sorted({h for h in hrefs if self._is_edition_link(h)})),
        )

    def _is_edition_link(self, href: str) -> bool:
        href = href.strip()
        return any(href.startswith(prefix) for prefix in self.prefixes) or any(
            href.rstrip("/") == link.rstrip("/") for link in self.links
        )

    def matches(self, entry: Any) -> Match | None:
        """The match for an entry within the window, or None."""
        if not self.in_window(entry.date):
            return None
        found = self.match(entry.title, entry.content)
        return found or None


def edition_page_prefixes(site_url: str, segments: list[str], edition_id: str) -> list[str]:
    """Absolute URL prefixes of an edition's pages in every language tree."""
    if not site_url:
        return []
    base = site_url.rstrip("/")
    return [f"{base}/{segment}/editions/{edition_id}/" for segment in segments] + [
        f"{base}/editions/{edition_id}/"
    ]


def names_session(entry_text: str, session: Any, languages: list[Any]) -> bool:
    """True when a post's text names a session's title or one of its speakers."""
    text = normalize_for_matching(entry_text)
    titles = {session.text_for(lang).title for lang in languages}
    names = {name for speaker in session.speakers for name in speaker.name.texts.values()}
    return any(
        len(normalize_for_matching(term)) >= 2 and normalize_for_matching(term) in text
        for term in titles | names
    )
