"""Give each entry a language tag: declared (xml:lang, the feed's language) or detected.

Detection looks at scripts first. Han text is told apart as zh-Hans or zh-Hant by
:func:`plugins.core.langid.chinese_script` (per character: encodable in GB2312, the
simplified-only mainland set, or in Big5, the traditional Taiwan set), kana is Japanese
and Hangul Korean. Text in another script (Latin, Cyrillic...) is identified by Lingua
(:func:`plugins.core.langid.detect_language`) when it is installed (the ``import`` extra,
``requirements/import.lock``), and only the site's own languages are answered: a German
site tells German from English, a French one French from English. Lingua compares the
text with the site's languages and :data:`CONTRAST` (so a Spanish post on an English-only
site is seen to be something else and left undetermined, not called English); each parse
worker loads those few models once (about 3 s and 190 MB). Without Lingua such text
stays undetermined (None) rather than guessed, and so does text Lingua cannot place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from plugins.core.extras import installed
from plugins.core.langid import chinese_script, detect_language, known_codes
from plugins.core.records import short_tag
from plugins.core.text import HAN, HANGUL, KANA

#: languages the script alone decides (never asked of Lingua)
_BY_SCRIPT = {"zh", "ja", "ko"}
#: the most written Latin-script languages, compared with the site's so that a text in one
#: of them that is not a site language is not taken for the nearest site language
CONTRAST = frozenset({"en", "fr", "de", "es"})
_SCRIPT = re.compile(f"(?P<han>[{HAN}])|(?P<kana>[{KANA}])|(?P<hangul>[{HANGUL}])")


def entry_language(
    declared: str | None,
    feed_language: str | None,
    text: str | Callable[[], str],
    languages: Iterable[str] = (),
) -> str | None:
    """The entry's language: its xml:lang, else its feed's (each normalized by
    :func:`plugins.core.records.short_tag`), else detected from ``text``
    (among the site's ``languages``, BCP 47 tags, for text that is not Chinese, Japanese
    or Korean).

    A declared ``zh`` without a script gets its script from the text. ``text`` may be a
    function returning it, called only when detection is needed.
    """
    for candidate in (short_tag(declared), short_tag(feed_language)):
        if candidate == "zh":
            return detect(_text(text), han_only=True) or "zh-Hans"
        if candidate:
            return candidate
    return detect(_text(text), languages=languages)


def _text(text: str | Callable[[], str]) -> str:
    return text if isinstance(text, str) else text()


def detect(text: str, han_only: bool = False, languages: Iterable[str] = ()) -> str | None:
    """Guess a language from the scripts in ``text`` (first 2,000 characters), then for
    other scripts with Lingua among ``languages`` (see the module's documentation)."""
    sample = text[:2000]
    han = kana = hangul = letters = 0
    for char in sample:
        script = _SCRIPT.match(char)
        if script:
            han += script.lastgroup == "han"
            kana += script.lastgroup == "kana"
            hangul += script.lastgroup == "hangul"
        elif char.isalpha():
            letters += 1
    if kana and kana * 10 >= han:
        return None if han_only else "ja"
    if hangul > han:
        return None if han_only else "ko"
    if han and (han * 3 >= letters or han >= 20):
        return chinese_script(sample)
    if han_only or not letters:
        return None
    codes = lingua_codes(tuple(languages))
    if not codes:
        return None
    found = detect_language(sample, codes | CONTRAST)
    return found if found in codes else None


@lru_cache(maxsize=8)
def lingua_codes(languages: tuple[str, ...]) -> frozenset[str]:
    """The languages Lingua may answer: the primary subtags of ``languages`` it knows, but
    those the script decides; empty when Lingua is not installed."""
    if not installed("lingua"):
        return frozenset()
    return known_codes(languages) - _BY_SCRIPT
