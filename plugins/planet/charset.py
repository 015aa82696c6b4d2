"""Guess the charset of Chinese feeds that do not say theirs (or claim UTF-8 wrongly).

feedparser follows the declared charset and, without chardet, falls back to windows-1252,
which turns undeclared GB2312 or Big5 into mojibake. When a document has no usable
declaration and is not valid UTF-8, we try GB18030 (a superset of GB2312 and GBK) and Big5
and keep the decoding whose Han characters are mostly *frequent* ones of that charset:
GB2312 level 1 (3,755 common simplified characters) or Big5's frequent block (5,401
common traditional ones). A wrong decoding scatters into rare characters or fails.
"""

from __future__ import annotations

import codecs
import re

from plugins.core.text import is_han

_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
)
_UTF8 = {"utf-8", "utf8"}
MIN_SCORE = 0.6


def sniff_chinese(body: bytes, content_type: str | None) -> str | None:
    """``gb18030`` or ``big5`` when that is what undeclared or mislabeled bytes are."""
    if body.startswith(_BOMS):
        return None
    declared = _declared(body, content_type)
    if declared and declared not in _UTF8:
        return None
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    scores = {codec: _score(body, codec) for codec in ("gb18030", "big5")}
    best = max(scores, key=lambda codec: scores[codec])
    return best if scores[best] >= MIN_SCORE else None


def _declared(body: bytes, content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    if match:
        return match.group(1).lower()
    match = _DECLARED.match(body[:200])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def _score(body: bytes, codec: str) -> float:
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    han = frequent = 0
    for char in text:
        if is_han(char):
            han += 1
            frequent += _frequent(char, codec)
    return frequent / han if han >= 4 else 0.0


def _frequent(char: str, codec: str) -> bool:
    if codec == "gb18030":
        try:
            code = char.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return 0xB0A1 <= int.from_bytes(code, "big") <= 0xD7F9
    code = int.from_bytes(char.encode("big5"), "big")
    return 0xA440 <= code <= 0xC67E
