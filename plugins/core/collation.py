"""Sorting names and words as readers of each language expect (collation).

Python's ``sorted`` orders by code point: Chinese surnames come out as 吴 周 安 张 林 陈,
an order no Chinese reader knows. Dictionaries, phone books and conference programmes in
mainland China sort by pinyin (安 陈 林 吴 张 周), and so do the Chinese names in the
English and French trees here.

Two implementations, chosen once at import:

* **ICU** through PyICU, when it can be imported (it needs the ICU C library, so it is an
  optional extra, not a dependency): the locale's own collator (``fr`` ignores accents
  at the first level), with ``collation=pinyin`` in Chinese trees (ICU's default for
  ``zh_Hant`` would be stroke order, and this site sorts by pinyin). In the other trees,
  Han characters are first spelled in pinyin (see below) so that they sort by pinyin
  there too instead of by ICU's root order (radical and stroke count).
* **Fallback** (no PyICU): every run of Han characters is spelled in pinyin with
  pypinyin (``陈默`` → ``chen mo``), then the text is compared without accents and case
  (``Émile`` with ``emile``), then with tone numbers and accents, then as written, so the
  order is total and stable. Chinese and romanized names interleave (``陈默`` beside
  ``Chen Mo``), as in a Chinese dictionary's pinyin index.

Names sort by the name as the tree shows it (``person.name`` in the page's language).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from babel import Locale
from pypinyin import Style, lazy_pinyin

from .text import split_cjk

try:  # optional: PyICU (https://pypi.org/project/PyICU/) needs libicu installed
    import icu as _pyicu  # pyright: ignore[reportMissingImports]
except ImportError:  # pragma: no cover - depends on the machine
    _pyicu = None
#: PyICU, or None. Typed ``Any``: its names come from its compiled module
#: (``icu/__init__.py`` star-imports ``_icu_``), which the type checker cannot read, so
#: with PyICU installed it would report ``icu.Collator`` unknown.
icu: Any = _pyicu

T = TypeVar("T")
_TONE = re.compile(r"([a-zü]+)([1-5])")
_SPACES = re.compile(r"\s+")


def pinyin_spelling(text: str) -> tuple[str, str]:
    """``text`` with each Han run in pinyin: (toneless, with tone numbers).

    ``陈默`` → (``chen mo``, ``chen2 mo4``); other text is kept as it is.
    """
    plain, toned = [], []
    for cjk, run in split_cjk(text or ""):
        if not cjk:
            plain.append(run)
            toned.append(run)
            continue
        syllables = lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True)
        toned.append(" " + " ".join(syllables) + " ")
        plain.append(" " + " ".join(_TONE.sub(r"\1", s) for s in syllables) + " ")
    return (_SPACES.sub(" ", "".join(plain)).strip(), _SPACES.sub(" ", "".join(toned)).strip())


def _fold(text: str) -> str:
    """Without accents or case: the first level of a comparison."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fallback_key(text: str) -> tuple[str, str, str]:
    """The sort key without ICU: pinyin, accents and case ignored first."""
    plain, toned = pinyin_spelling(text)
    return (_fold(plain), toned.casefold(), text)


@lru_cache(maxsize=16)
def _icu_collator(name: str) -> Any:
    assert icu is not None  # only called when PyICU imported
    return icu.Collator.createInstance(icu.Locale(name))


def sort_key(locale: Locale | str | None) -> Callable[[str], Any]:
    """A key function that sorts strings for readers of ``locale``."""
    if icu is None:
        return fallback_key
    if isinstance(locale, str):  # a BCP 47 tag (zh-Hans) or a Babel name (zh_Hans)
        locale = locale.replace("-", "_")
    parsed = Locale.parse(locale) if locale else Locale("en")
    if parsed.language == "zh":
        # pinyin named explicitly: ICU's default for zh_Hant is stroke order
        collator = _icu_collator(f"{parsed}@collation=pinyin")
        return lambda text: (collator.getSortKey(text or ""), text or "")
    collator = _icu_collator(str(parsed))
    return lambda text: (collator.getSortKey(pinyin_spelling(text or "")[1]), text or "")


def collate(
    items: Iterable[T], locale: Locale | str | None, key: Callable[[T], str] = str
) -> list[T]:
    """``items`` sorted for readers of ``locale`` by the text ``key`` gives for each."""
    text_key = sort_key(locale)
    return sorted(items, key=lambda item: text_key(key(item)))


def backend() -> str:
    """``icu`` or ``pinyin``: which implementation sorts (for docs and reports)."""
    return "pinyin" if icu is None else "icu"
