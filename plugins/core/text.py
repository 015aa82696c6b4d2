"""Plain text from HTML, excerpts that never cut a word or a character in half, the CJK
character classes and the URL slugifier: each defined here once for every plugin."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import nh3

_SPACE = re.compile(r"\s+")
_PARAGRAPH_SPACE = re.compile(r"[ \t\r\f\v]+")  # folds spaces, keeps line breaks
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Elements that start a paragraph (or line) of their own in plain text.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|h[1-6]|blockquote|pre|tr|ul|ol|table|section|article)\b[^>]*>",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)

# The CJK character classes (regular-expression set contents, without brackets).
#: Han ideographs: Extension A, the URO, compatibility ideographs, Extensions B to H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: Hiragana and Katakana.
KANA = "\u3040-\u30ff"
#: Hangul syllables.
HANGUL = "\uac00-\ud7af"
#: Letters of the scripts written without spaces between words: one counts as a word.
CJK_LETTERS = HAN + KANA + HANGUL
#: CJK letters plus the CJK radicals, symbols and punctuation, Bopomofo, compatibility
#: Jamo, enclosed and compatibility forms, Yijing hexagrams and full-width forms: the
#: characters that take two columns and may be cut between.
CJK_WIDE = CJK_LETTERS + "\u2e80-\u303f\u3100-\u33ff\u4dc0-\u4dff\uff00-\uffef"
_HAN_RE = re.compile(f"[{HAN}]")
_HAN_RUN_RE = re.compile(f"[{HAN}]+")
_CJK_LETTER_RE = re.compile(f"[{CJK_LETTERS}]")
_CJK_WIDE_RE = re.compile(f"[{CJK_WIDE}]")


def html_to_text(fragment: str, paragraphs: bool = False) -> str:
    """The text of an HTML fragment (nh3 strips every tag, and scripts and styles whole).

    By default all whitespace is folded into one line. With ``paragraphs``, block elements
    (paragraphs, list items, headings...) are separated by a blank line and ``<br>`` by a
    line break, and only spaces and tabs are folded inside each paragraph.
    """
    marked = _BLOCK_TAG.sub(lambda m: "\n\n" + m.group(0) + "\n\n", fragment or "")
    marked = _LINE_BREAK.sub(lambda m: m.group(0) + "\n", marked)
    text = html.unescape(nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"}))
    if not paragraphs:
        return _SPACE.sub(" ", text).strip()
    kept = (_PARAGRAPH_SPACE.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(part for part in kept if part)


def has_body(content: object) -> bool:
    """True when a Pelican content object (or an HTML string) has visible text in its
    body: a translation that gives only a ``Title`` has none."""
    body = (
        content
        if isinstance(content, str)
        else (getattr(content, "_content", None) or getattr(content, "content", None) or "")
    )
    return bool(html_to_text(str(body)) or "<img" in str(body))


def is_cjk(char: str) -> bool:
    """True for a character of :data:`CJK_WIDE` (two columns wide, a cut may follow it)."""
    return bool(_CJK_WIDE_RE.match(char))


def is_han(char: str) -> bool:
    """True for a Han ideograph (:data:`HAN`)."""
    return bool(_HAN_RE.match(char))


def has_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK letter (:data:`CJK_LETTERS`)."""
    return bool(_CJK_LETTER_RE.search(text or ""))


def has_han(text: str) -> bool:
    """True when ``text`` contains a Han ideograph."""
    return bool(_HAN_RE.search(text or ""))


def slugify(
    value: str,
    settings: Mapping[str, Any] | None = None,
    *,
    pinyin: bool = True,
    regex_subs: Iterable[tuple[str, str]] | None = None,
    join_syllables: bool = True,
) -> str:
    """The URL slug of ``value``: Pelican's own ``slugify`` with the site's
    ``SLUG_REGEX_SUBSTITUTIONS``, ``SLUGIFY_PRESERVE_CASE`` and ``SLUGIFY_USE_UNICODE``
    (``regex_subs`` replaces the substitutions).

    With ``pinyin``, every run of Han characters is first written in toneless pinyin, its
    syllables joined as in place names (重庆 → chongqing; ``join_syllables=False``: one
    word each, chong-qing), and the slug is ASCII: Pelican would otherwise spell Han with
    unidecode's Mandarin-like readings, syllable by syllable.
    """
    settings = settings or {}
    subs: Iterable[tuple[str, str]]
    if regex_subs is not None:
        subs = regex_subs
    else:
        # Pelican is imported where a slug is made, not with this module: the planet's
        # parser processes import this module, and Pelican would be a fifth of their start.
        from pelican.settings import DEFAULT_CONFIG

        subs = (
            settings.get("SLUG_REGEX_SUBSTITUTIONS") or DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
        )
    return _slug(
        value,
        pinyin,
        join_syllables,
        tuple(map(tuple, subs)),
        bool(settings.get("SLUGIFY_PRESERVE_CASE", False)),
        False if pinyin else bool(settings.get("SLUGIFY_USE_UNICODE", False)),
    )


@functools.lru_cache(maxsize=8192)
def _slug(
    value: str,
    pinyin: bool,
    join_syllables: bool,
    regex_subs: tuple[tuple[str, str], ...],
    preserve_case: bool,
    use_unicode: bool,
) -> str:
    # A tag's slug is asked for on every page that links the tag (18,000 times for 30 tags
    # on a 1,000-post site): computed once. A pure function of its arguments.
    if pinyin and has_han(value):
        from pypinyin import lazy_pinyin

        joiner = "" if join_syllables else " "
        value = _HAN_RUN_RE.sub(lambda m: f" {joiner.join(lazy_pinyin(m.group(0)))} ", value)
    from pelican.utils import slugify as pelican_slugify  # see slugify

    return pelican_slugify(
        value, regex_subs=list(regex_subs), preserve_case=preserve_case, use_unicode=use_unicode
    )


_CJK_RUN = re.compile(f"[{CJK_WIDE}]+")


def split_cjk(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of CJK characters and runs of anything else, in order:
    ``林晓 (Lin)`` → ``[(True, "林晓"), (False, " (Lin)")]``."""
    runs, last = [], 0
    for match in _CJK_RUN.finditer(text or ""):
        if match.start() > last:
            runs.append((False, text[last : match.start()]))
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


def running_text(fragment: str) -> str:
    """The text of an HTML fragment as one run, for excerpts and titles: images (and
    their alternative texts) left out, paragraphs joined by a space, or by nothing after
    a CJK character or mark (Chinese sets no space after ``。``: ``第一段。第二段``)."""
    joined = ""
    for paragraph in html_to_text(fragment, paragraphs=True).split("\n\n"):
        for line in paragraph.split("\n"):
            line = line.strip()
            if not line:
                continue
            if joined and not is_cjk(joined[-1]):
                joined += " "
            joined += line
    return joined
