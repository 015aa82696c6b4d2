"""Read source files as UTF-8; anything else is one located error naming the likely charset.

Organizers on Chinese Windows editors still save GB18030/GBK (or Big5) by default. The guess
comes from charset-normalizer; when several charsets decode the bytes equally well (short
texts often do), the one whose language is the file's (or the site's) is preferred.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError, Problem


def read_utf8(path: str | Path, languages: Iterable[str] = ()) -> str:
    """The text of ``path``; raises :class:`ContentError` when it is not UTF-8.

    ``languages`` are BCP 47 tags the text is probably written in, most likely first.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = guess_encoding(data, languages)
        looks = f"it looks like {guess}" if guess else "its encoding is unknown"
        raise ContentError(
            [
                Problem(
                    str(path),
                    f"is not saved as UTF-8 ({looks}); expected UTF-8: open it in your "
                    "editor and save it with the UTF-8 encoding",
                    "encoding",
                    line,
                )
            ]
        ) from None


def guess_encoding(data: bytes, languages: Iterable[str] = ()) -> str | None:
    """The most likely charset of ``data`` (e.g. ``GB18030``), or None."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    fitting = [m for m in matches if m.chaos <= best + 0.1]
    for name, script in _languages(languages):
        for match in fitting:  # short texts decode equally well in several charsets
            if SCRIPT_CHARSETS.get(script) == codecs.lookup(match.encoding).name:
                return _display(match.encoding)
        for match in fitting:
            if match.language == name:
                return _display(match.encoding)
    return _display(fitting[0].encoding)


# The legacy charset a Windows editor saves a script in by default: the tie-break when the
# bytes alone cannot tell (e.g. a few Han characters decode as GB18030, Big5 and CP949).
SCRIPT_CHARSETS = {"Hans": "gb18030", "Hant": "big5", "Latn": "cp1252"}


def _languages(tags: Iterable[str]) -> list[tuple[str, str]]:
    """(English name as charset-normalizer reports it, script) per tag: zh-Hans -> Chinese."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global, parse_locale

    found = []
    english = Locale("en").languages
    likely = get_global("likely_subtags")
    for tag in tags:
        try:
            locale = Locale.parse(str(tag).replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            continue
        script = locale.script or parse_locale(likely.get(locale.language, "und"))[2]
        found.append((english.get(locale.language, ""), script or ""))
    return found


def _display(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return name.upper().replace("_", "-")
