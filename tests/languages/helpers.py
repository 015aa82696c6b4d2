"""Small HTML probes for the functional tests (the standard library's parser)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path


class Page(HTMLParser):
    """Collects the elements the language tests look at."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.html_lang = None
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.switcher: list[dict[str, str]] = []
        self.notices: list[str] = []
        self._in_switcher = self._in_notice = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append(attrs)
        elif tag == "p" and "untranslated" in attrs.get("class", ""):
            self._in_notice = True
            self.notices.append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        elif tag == "p":
            self._in_notice = False

    def handle_data(self, data):
        if self._in_notice:
            self.notices[-1] += data

    @property
    def hreflang(self) -> dict[str, str]:
        """hreflang value -> href of the page's alternate links."""
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link and "type" not in link
        }

    @property
    def canonical(self) -> str | None:
        """href of rel=canonical."""
        return next((link["href"] for link in self.links if link.get("rel") == "canonical"), None)

    def meta(self, prop: str) -> list[str]:
        """Values of <meta property=prop>."""
        return [m["content"] for m in self.metas if m.get("property") == prop]

    def switch_targets(self, site: Path) -> dict[str, str]:
        """hreflang -> site-relative path the switcher links to."""
        folder = self.path.parent.relative_to(site).as_posix()
        return {
            a["hreflang"]: posixpath.normpath(posixpath.join(folder, a["href"]))
            for a in self.switcher
        }
