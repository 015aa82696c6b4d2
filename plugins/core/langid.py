"""Identify the language of a text with Lingua (``lingua-language-detector``).

Lingua tells apart languages that share a script (en/fr/de, zh/ja through kana), which a
stop-word count cannot do on a talk title. Its full model set is large: building a
detector for all 75 languages took 35 s and 1.3 GB here, and its low-accuracy mode reads
"Welcome to FOSDEM 2021" as German. So the detector is restricted to :data:`CANDIDATES`
(the languages talks at the conferences we import are given in, plus the site's own) in
high-accuracy mode, with models loaded lazily: only the models of the scripts a text uses
are read, about 6 s and 250 MB once per process for Latin-script text.

Lingua is the ``import`` extra (``requirements/import.lock``), not in the site lock: the
importer requires it (:mod:`plugins.core.extras`), the planet uses it when installed,
among the site's languages only (:mod:`plugins.planet.language`).

Lingua names one "Chinese"; the script (``zh-Hans`` or ``zh-Hant``) is then decided by
:func:`chinese_script`, per character, from the codec tables Python already ships.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .text import CJK_LETTERS, is_han

#: ISO 639-1 codes the detector may answer (besides the site's languages)
CANDIDATES = ("en", "de", "fr", "es", "it", "nl", "pt", "ru", "zh", "ja", "ko")
#: Below this distance between the best two languages, a text is undetermined (None):
#: short titles ("Minigame: Codi Pong") are otherwise guessed at random.
MIN_RELATIVE_DISTANCE = 0.1
#: Letters needed before detection is tried at all (two or three words; a Han, kana or
#: Hangul character counts as four): below that, Lingua guesses ("Kdenlive" is Italian).
MIN_LETTERS = 12
_WIDE = re.compile(f"[{CJK_LETTERS}]")


def chinese_script(text: str) -> str:
    """``zh-Hant`` if ``text`` has more traditional-only than simplified-only Han
    characters, else ``zh-Hans``."""
    simplified = traditional = 0
    for char in text:
        if is_han(char):  # a character in neither codec marks nothing
            mark = _script_mark(char)
            simplified += mark == "s"
            traditional += mark == "t"
    return "zh-Hant" if traditional > simplified else "zh-Hans"


@lru_cache(maxsize=8192)
def _script_mark(char: str) -> str:
    # GB2312 is the simplified-only mainland set, Big5 the traditional Taiwan set: a
    # character in one and not the other marks its script (这/這, 国/國).
    in_gb = _encodable(char, "gb2312")
    in_big5 = _encodable(char, "big5")
    if in_gb and not in_big5:
        return "s"
    if in_big5 and not in_gb:
        return "t"
    return ""


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def candidate_codes(extra: Iterable[str] = ()) -> frozenset[str]:
    """:data:`CANDIDATES` plus the primary subtags of ``extra`` tags Lingua knows."""
    return frozenset(CANDIDATES) | known_codes(extra)


def known_codes(tags: Iterable[str]) -> frozenset[str]:
    """The primary subtags of ``tags`` (``de-CH`` -> ``de``) that Lingua knows."""
    from lingua import IsoCode639_1

    codes: set[str] = set()
    for tag in tags:
        primary = tag.replace("_", "-").split("-")[0].lower()
        if hasattr(IsoCode639_1, primary.upper()):
            codes.add(primary)
    return frozenset(codes)


@lru_cache(maxsize=4)
def _detector(codes: frozenset[str]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in sorted(codes)
    ]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .build()
    )


def detect_language(text: str, codes: frozenset[str] | None = None) -> str | None:
    """The BCP 47 tag of ``text``'s language (``en``, ``de``, ``zh-Hans``...), or None
    when it is too short or no candidate stands out."""
    if sum(char.isalpha() for char in text) + 4 * len(_WIDE.findall(text)) < MIN_LETTERS:
        return None
    found = _detector(codes or candidate_codes()).detect_language_of(text)
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return chinese_script(text) if code == "zh" else code
