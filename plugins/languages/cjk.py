"""Chinese (and other CJK) text: word counts, reading time, summaries.

Whitespace does not separate Chinese words, so counting "words" the Latin way makes a whole
Chinese paragraph one word. Here a CJK character counts as itself and Latin words as words;
summaries end on a character or, better, on a CJK punctuation mark, never inside a Latin
word or in the middle of a tag.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from plugins.core.text import CJK_LETTERS, has_cjk

_CJK = CJK_LETTERS
CJK_RE = re.compile(f"[{_CJK}]")
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[{_CJK}])|(?P<word>(?:(?![{_CJK}])[^\W_])+"
    rf"(?:['’\-](?:(?![{_CJK}])[^\W_])+)*)|(?P<entity>&#?\w+;)"
)
_CJK_BREAK = "，。、；：！？…）」』”》"
_TAG_RE = re.compile(r"<[^>]*>")
_HTML_TOKEN_RE = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.DOTALL)
_TAG_NAME_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)\s*>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}


@dataclass(frozen=True)
class TextStats:
    """Counts of one text: CJK characters and other words, and minutes to read it."""

    cjk_chars: int
    latin_words: int
    reading_minutes: int

    @property
    def word_count(self) -> int:
        """CJK characters plus other words: the usual "字数" for mixed text."""
        return self.cjk_chars + self.latin_words


def text_stats(content_html: str, cjk_per_minute: int, words_per_minute: int) -> TextStats:
    """Count the visible text of ``content_html`` (tags removed, entities decoded)."""
    text = html.unescape(_TAG_RE.sub(" ", content_html or ""))
    cjk = len(CJK_RE.findall(text))
    words = len(_WORD_RE.findall(CJK_RE.sub(" ", text)))
    minutes = cjk / cjk_per_minute + words / words_per_minute
    return TextStats(cjk, words, max(1, math.ceil(minutes)) if cjk or words else 0)


def summarize(
    content_html: str, max_words: int | None, cjk_per_word: int, suffix: str = "…"
) -> str:
    """The start of ``content_html``, about ``max_words`` words long, as valid HTML.

    A CJK character weighs ``1 / cjk_per_word`` of a word. In Chinese text the cut moves
    back to the last punctuation mark of the paragraph when that loses less than half the
    budget; Latin words are never split. Open tags are closed. ``None`` means no limit.
    """
    if max_words is None or not content_html:
        return content_html or ""
    budget = max(0, int(max_words)) * cjk_per_word
    used, open_tags, offset = 0, [], 0
    last_end, last_tags = 0, []  # after the last text that was kept, and the tags open there
    for token in _HTML_TOKEN_RE.finditer(content_html):
        piece = token.group(0)
        if piece.startswith("<"):
            _track_tag(piece, open_tags)
        elif piece.strip():
            cut, used = _cut_text(piece, used, budget, cjk_per_word)
            if cut is not None:
                if piece[:cut].strip():
                    last_end, last_tags = offset + cut, open_tags
                return _close(content_html[:last_end].rstrip(), last_tags, suffix)
            last_end, last_tags = token.end(), list(open_tags)
        offset = token.end()
    return content_html


def _close(kept: str, open_tags: list[str], suffix: str) -> str:
    joiner = "" if kept[-1:] and (has_cjk(kept[-1]) or kept[-1] in _CJK_BREAK) else " "
    closing = "".join(f"</{name}>" for name in reversed(open_tags))
    return f"{kept}{joiner}{suffix}{closing}" if suffix else kept + closing


def _cut_text(text: str, used: int, budget: int, cjk_per_word: int) -> tuple[int | None, int]:
    """Where to cut ``text`` once ``budget`` is spent, and the units used so far."""
    last_break, used_at_break = None, used
    for match in _TOKEN_RE.finditer(text):
        if match.group("entity"):
            continue
        cost = 1 if match.group("cjk") else cjk_per_word
        if used + cost > budget:
            near = last_break is not None and used - used_at_break <= budget // 2
            if match.group("cjk") and near:
                return last_break, used
            return match.start(), used
        used += cost
        following = text[match.end() : match.end() + 1]
        if match.group("cjk") and following and following in _CJK_BREAK:
            last_break, used_at_break = match.end() + 1, used
    return None, used


def _track_tag(piece: str, open_tags: list[str]) -> None:
    match = _TAG_NAME_RE.match(piece)
    if not match or piece.startswith("<!"):
        return
    closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
    if name in _VOID or self_closing:
        return
    if closing:
        if name in open_tags:
            del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
    else:
        open_tags.append(name)
