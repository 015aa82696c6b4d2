"""Give each entry a language tag: declared (xml:lang, the feed's language) or detected.

Detection looks at scripts, then at stop words for Latin text. Han text is told apart as
zh-Hans or zh-Hant by :func:`plugins.core.langid.chinese_script` (per character:
encodable in GB2312, the simplified-only mainland set, or in Big5, the traditional Taiwan
set), which needs no dependency and no hand-typed character list. Lingua
(:func:`plugins.core.langid.detect_language`, used by the schedule importer) is not used
here: parse workers would each load its models (about 6 s and 250 MB) on every fetch, for
the two Latin-script site languages a stop-word count already tells apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plugins.core.langid import chinese_script
from plugins.core.records import short_tag
from plugins.core.text import HAN, HANGUL, KANA

_FRENCH = {"le", "la", "les", "des", "est", "et", "une", "du", "pour", "dans", "pas", "qui"}
_ENGLISH = {"the", "and", "of", "is", "to", "in", "that", "for", "was", "with", "on", "it"}
_WORD = re.compile(r"[a-zà-ÿ]+")
_SCRIPT = re.compile(f"(?P<han>[{HAN}])|(?P<kana>[{KANA}])|(?P<hangul>[{HANGUL}])")


def entry_language(
    declared: str | None, feed_language: str | None, text: str | Callable[[], str]
) -> str | None:
    """The entry's language: its xml:lang, else its feed's (each as
    :func:`plugins.core.records.short_tag` normalizes it, the one tag normalizer the
    store's checks use too), else detected from ``text``.

    A declared ``zh`` without a script gets its script from the text. ``text`` may be a
    function returning it, called only when detection is needed.
    """
    for candidate in (short_tag(declared), short_tag(feed_language)):
        if candidate == "zh":
            return detect(_text(text), han_only=True) or "zh-Hans"
        if candidate:
            return candidate
    return detect(_text(text))


def _text(text: str | Callable[[], str]) -> str:
    return text if isinstance(text, str) else text()


def detect(text: str, han_only: bool = False) -> str | None:
    """Guess a language from the scripts in ``text`` (first 2,000 characters)."""
    sample = text[:2000]
    han = kana = hangul = latin = 0
    for char in sample:
        script = _SCRIPT.match(char)
        if script:
            han += script.lastgroup == "han"
            kana += script.lastgroup == "kana"
            hangul += script.lastgroup == "hangul"
        elif char.isalpha() and ord(char) < 0x250:
            latin += 1
    if kana and kana * 10 >= han:
        return None if han_only else "ja"
    if hangul > han:
        return None if han_only else "ko"
    if han and (han * 3 >= latin or han >= 20):
        return chinese_script(sample)
    if han_only or not latin:
        return None
    return _latin_language(sample)


def _latin_language(text: str) -> str | None:
    # A stop-word count tells the two Latin-script site languages apart; anything else
    # stays undetermined rather than guessed.
    words = _WORD.findall(text.lower())
    french = sum(word in _FRENCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    if french + english < 2:
        return None
    return "fr" if french > english else "en"
