"""Plain text from HTML, and excerpts that never cut a word or a character in half."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)
# Han, Hiragana, Katakana, Hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, whitespace folded (nh3 strips every tag)."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", fragment or "")
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"}))
    return _SPACE.sub(" ", text).strip()


def has_body(content: object) -> bool:
    """True when a Pelican content object (or an HTML string) has visible text in its
    body: a translation that gives only a ``Title`` has none."""
    body = content if isinstance(content, str) else (
        getattr(content, "_content", None) or getattr(content, "content", None) or "")
    return bool(html_to_text(str(body)) or "<img" in str(body))


def is_cjk(char: str) -> bool:
    """True for a character of a script written without spaces."""
    return bool(_CJK.match(char))


_CJK_RUN = re.compile(_CJK.pattern + "+")


def split_cjk(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of CJK characters and runs of anything else, in order:
    ``林晓 (Lin)`` → ``[(True, "林晓"), (False, " (Lin)")]``."""
    runs, last = [], 0
    for match in _CJK_RUN.finditer(text or ""):
        if match.start() > last:
            runs.append((False, text[last:match.start()]))
        runs.append((True, match.group(0)))
        last = match.end()
    if last < len(text or ""):
        runs.append((False, text[last:]))
    return runs


def excerpt(text: str, limit: int, ellipsis: str = "…") -> str:
    """At most ``limit`` characters of ``text``, cut between words (or CJK characters).

    Latin text is cut at the last space before the limit; CJK text may be cut between any
    two characters, which are whole words or syllables. Combining marks stay with their base.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 0 and unicodedata.combining(text[cut]):
        cut -= 1
    head = text[:cut]
    if not (is_cjk(text[cut - 1]) or is_cjk(text[cut]) or text[cut].isspace()):
        space = head.rfind(" ")
        if space > limit // 2:
            head = head[:space]
    return head.rstrip(" ,.;:，。；：、") + ellipsis


def describe(fragment: str, width: int = 160) -> str:
    """A page description from HTML or text: its text, cut to ``width`` display columns,
    a CJK character counting two (search engines show about 160 Latin characters or 80
    Chinese ones), never inside a word or a character."""
    text = html_to_text(str(fragment or ""))
    used = 0
    for index, char in enumerate(text):
        used += 2 if is_cjk(char) else 1
        if used > width:
            return excerpt(text, index)
    return text


def normalize_for_matching(text: str) -> str:
    """Case- and width-insensitive form: NFKC folds full-width ＃ＣＮＢＣ to #CNBC."""
    return unicodedata.normalize("NFKC", text or "").casefold()


# C0 and C1 controls, DEL, bidirectional overrides and isolates, line and paragraph
# separators, lone surrogates: what can move a terminal's cursor, recolour it, reorder
# the text a reader sees, or break a log line in two.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]+"
)


def one_line(value: object, limit: int = 500) -> str:
    """Untrusted text (from a server, a feed or a store file) made safe to print on one
    terminal or log line: controls become spaces, spaces are folded, and at most
    ``limit`` characters are kept. Markup escaping is the printer's job (rich)."""
    text = _UNPRINTABLE.sub(" ", value if isinstance(value, str) else str(value))
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(value: object) -> str:
    """Like :func:`one_line` but keeping line breaks and tabs, and the length: for
    multi-line messages (a list of content problems) printed on a terminal or logged."""
    text = value if isinstance(value, str) else str(value)
    return _UNPRINTABLE.sub(lambda m: "".join(c for c in m.group() if c in "\n\t") or " ", text)
