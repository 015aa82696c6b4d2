"""Chinese found in either script: a second form of a Chinese page's text for the index.

A reader types Simplified (连州) or Traditional (連州) characters whatever the tree; the
zh-Hans tree is written in the one and a converted zh-Hant tree in the other, so a query
in the other script would find nothing.

- On a Simplified page the search page converts a Traditional query before searching
  (:mod:`.hansquery`), so the page is indexed as it is.
- A Traditional page (a converted zh-Hant tree), and a Simplified one when the query
  table cannot be made, gets in its *index copy* (see :mod:`.ideographs`), at the end of
  its indexed element, the sentences of its text that read differently in the other
  script, converted with OpenCC (``s2tw`` for a Simplified page, ``t2s`` for a
  Traditional one). A query in either script then matches the page, and its excerpt is
  built from the text it matched (never empty). Simplified to Traditional depends on the
  word (发 is 發 or 髮), so a Simplified query is not converted on a zh-Hant tree's
  search page.

The published files are unchanged, and pages in other languages are left alone. OpenCC
is optional (the ``zh-hant`` extra, which the lock files install): without it the index
holds the pages' own script only.
"""

from __future__ import annotations

import html
import logging
import re
from functools import cache
from html.parser import HTMLParser

from . import hansquery

logger = logging.getLogger(__name__)

#: OpenCC configuration that writes a page's text in the other script, by its script.
_OTHER = {"Hans": "s2tw", "Hant": "t2s"}
_HANT = re.compile(r"^zh-(?:hant|tw|hk|mo)\b", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z0-9-]+)""", re.IGNORECASE)
#: sentences: text up to and including a Chinese full stop, or a line
_SENTENCE = re.compile(r"[^\n。！？；]+[。！？；]?")
_SKIP = frozenset({"script", "style", "template", "noscript"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@cache
def _opencc(config: str):
    try:
        import opencc
    except ImportError:
        logger.info("search: OpenCC is not installed; Chinese is found in its own script only")
        return None
    return opencc.OpenCC(f"{config}.json").convert


def script_of_page(markup: str) -> str | None:
    """``Hans`` or ``Hant`` for a Chinese page (by ``<html lang>``), else None."""
    found = _HTML_LANG.search(markup[:4096])
    return script_of_tag(found.group(1)) if found else None


def script_of_tag(tag: str) -> str | None:
    """``Hans`` or ``Hant`` for a Chinese language tag (zh-TW, zh-HK, zh-MO and zh-Hant are
    Traditional, any other zh Simplified), else None: how the search pages and the index
    copies tell the two scripts apart."""
    if tag.split("-")[0].lower() != "zh":
        return None
    return "Hant" if _HANT.match(tag) else "Hans"


class _IndexedText(HTMLParser):
    """The text Pagefind indexes (inside ``data-pagefind-body``, outside
    ``data-pagefind-ignore`` and scripts), and where the indexed element ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.end: tuple[int, int] | None = None  # (line, column) of the body's end tag
        self._depth = 0  # inside the body element: its depth, else 0
        self._ignored = 0  # depth at which an ignored element started, else 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        names = {name for name, _ in attrs}
        if self._depth == 0:
            if "data-pagefind-body" in names and self.end is None:
                self._depth = 1
            return
        self._depth += 1
        if not self._ignored and ("data-pagefind-ignore" in names or tag in _SKIP):
            self._ignored = self._depth

    def handle_endtag(self, tag):
        if self._depth == 0 or tag in _VOID:
            return
        if self._ignored == self._depth:
            self._ignored = 0
        self._depth -= 1
        if self._depth == 0:
            self.end = self.getpos()

    def handle_data(self, data):
        if self._depth and not self._ignored:
            self.parts.append(data)


def other_script_text(markup: str, script: str) -> tuple[str, int | None]:
    """The sentences of the page's indexed text that the other script writes differently,
    converted, and the offset in ``markup`` where the indexed element ends; ``("", None)``
    when there are none."""
    convert = _opencc(_OTHER[script])
    marker = markup.find("data-pagefind-body")
    if convert is None or marker < 0:
        return "", None
    begin = markup.rfind("<", 0, marker)  # parse from the indexed element on only
    body = markup[begin:]
    parser = _IndexedText()
    parser.feed(body)
    parser.close()
    if parser.end is None:
        return "", None
    # each text node on its own line: a heading or a cell is a sentence of its own
    text = "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())
    changed = []
    for sentence in _SENTENCE.findall(text):
        other = convert(sentence)
        if other != sentence:
            changed.append(other.strip())
    line, column = parser.end  # as the parser counts: lines end at "\n" only
    offset = 0
    for _ in range(line - 1):
        offset = body.index("\n", offset) + 1
    return " ".join(changed), begin + offset + column


def with_other_script(markup: str) -> str:
    """``markup`` of a Chinese page with its other-script sentences (see the module)
    added at the end of its indexed element; other pages are returned unchanged."""
    script = script_of_page(markup)
    if script is None or (script == "Hans" and hansquery.available()):
        return markup
    text, end = other_script_text(markup, script)
    if not text or end is None:
        return markup
    other = "zh-Hant" if script == "Hans" else "zh-Hans"
    block = f'<p lang="{other}">{html.escape(text, quote=False)}</p>'
    return markup[:end] + block + markup[end:]
