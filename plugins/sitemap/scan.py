"""Read what a finished HTML page says about itself: canonical, alternates, robots, dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageHead:
    """The head of one page, as search engines read it."""

    canonical: str = ""
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> absolute URL
    noindex: bool = False
    modified: str = ""  # ISO date or date-time, from article:modified_time / published_time


class _HeadParser(HTMLParser):
    """Collects the page-level ``<link>`` and ``<meta>`` elements of ``<head>``.

    The standard library's parser is enough here: we read our own templates' output,
    and stop at ``</head>`` without building a tree.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head = PageHead()
        self.published = ""
        self.done = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.done:
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("rel") == "canonical":
            self.head.canonical = values.get("href", "")
        elif tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.head.alternates[values["hreflang"]] = values.get("href", "")
        elif tag == "meta" and values.get("name", "").lower() == "robots":
            self.head.noindex = "noindex" in values.get("content", "").lower()
        elif tag == "meta" and values.get("property") == "article:modified_time":
            self.head.modified = values.get("content", "")
        elif tag == "meta" and values.get("property") == "article:published_time":
            self.published = values.get("content", "")
        elif tag == "body":
            self.done = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.done = True


def read_head(path: Path) -> PageHead:
    """The :class:`PageHead` of the HTML file at ``path``."""
    parser = _HeadParser()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parser.feed(line)
            if parser.done:
                break
    head = parser.head
    head.modified = head.modified or parser.published
    return head
