"""Machine conversion of a derived language's tree (zh-Hant from zh-Hans) with OpenCC.

A derived language (``{tag: zh-Hant, from: zh-Hans}`` in ``conference.yaml``) is rendered
like any other language, with the texts and UI catalog of its source, and each page is
converted once written (:func:`convert_written`). Conversion touches text, never markup:

- text nodes are converted, except inside ``script``, ``style``, ``code``, ``kbd`` and
  ``samp``, inside ``translate="no"`` (the HTML way to say "not to be translated": the
  language switcher's names), and inside an element whose ``lang`` is another language
  (``en``, ``fr``) or already in the target script (``zh-Hant``, ``zh-TW``);
- of attribute values, only the human-readable ones are converted: ``alt``, ``title``,
  ``aria-label``, ``placeholder`` and ``content`` of ``<meta>`` descriptions and titles
  (``og:title``...). URLs, ids, classes, ``hreflang`` and every other value are kept byte
  for byte;
- a ``lang`` naming the source language (``zh-Hans``, ``zh-CN``, ``zh``) on converted text
  becomes the derived tag, so it no longer claims a script the text is not written in.

OpenCC's conversion is a pure function of its configuration and dictionaries, so the
output is deterministic for a given OpenCC version.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plugins.core import keys
from plugins.core.langtags import Language, script_of
from plugins.core.text import has_cjk

from .pagelang import page_language

logger = logging.getLogger(__name__)

#: context entry: dict tag -> :class:`Converter` of each derived language of this run.
CONVERTERS = keys.LANGUAGES_CONVERTERS

#: OpenCC configurations a derived language may name in ``convert``.
CONVERSIONS = ("s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s", "t2tw", "t2hk")

_TOKEN_RE = re.compile(
    r"(?P<raw><(?P<rawname>script|style)\b[^>]*>.*?</(?P=rawname)\s*>)"
    r"|<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<(?P<end>/?)(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|[^<]+|<",
    re.DOTALL | re.IGNORECASE,
)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_SKIP = frozenset({"script", "style", "code", "kbd", "samp"})
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
_TEXT_ATTRS = frozenset({"alt", "title", "aria-label", "placeholder"})
_META_TEXT = frozenset(
    {
        "description",
        "og:title",
        "og:description",
        "og:site_name",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
    }
)


class Converter:
    """Converts text and HTML from ``language.source`` into ``language`` (one per run)."""

    def __init__(self, language: Language):
        self.language = language
        self._convert = load_opencc(language)
        self._texts: dict[str, str] = {}  # the same menus and names recur on every page
        self._langs: dict[str, bool] = {}
        self._source_primary = language.source.split("-")[0].lower()
        self._target_script = script_of(language.tag)

    def text(self, text: str) -> str:
        """``text`` converted (plain text, or the escaped text of an HTML node)."""
        if not text or not has_cjk(text):
            return text
        converted = self._texts.get(text)
        if converted is None:
            converted = self._texts[text] = self._convert(text)
        return converted

    def html(self, markup: str) -> str:
        """An HTML page or fragment with its text converted and its markup kept."""
        out: list[str] = []
        stack: list[tuple[str, bool]] = []
        converts = True
        for match in _TOKEN_RE.finditer(markup):
            piece = match.group(0)
            name = match.group("name")
            if name is None:
                plain = not piece.startswith("<") or piece == "<"
                out.append(self.text(piece) if converts and plain else piece)
                continue
            name = name.lower()
            if match.group("end"):
                for index in range(len(stack) - 1, -1, -1):
                    if stack[index][0] == name:
                        del stack[index:]
                        converts = stack[-1][1] if stack else True
                        break
                out.append(piece)
                continue
            attrs = match.group("attrs")
            own = self._element_converts(name, attrs, converts)
            out.append(self._start_tag(piece, name, attrs) if own and "=" in attrs else piece)
            if name not in _VOID and not attrs.rstrip().endswith("/"):
                stack.append((name, own))
                converts = own
        return "".join(out)

    def _element_converts(self, name: str, attrs: str, parent: bool) -> bool:
        if name in _SKIP:
            return False
        if "lang" not in attrs and "translate" not in attrs:
            return parent
        values = _attributes(attrs)
        translate = values.get("translate", "").strip().lower()
        if translate == "no":
            return False
        if "lang" in values:
            return self.converts_lang(values["lang"])
        return True if translate == "yes" else parent

    def converts_lang(self, tag: str) -> bool:
        """True when text marked ``lang=tag`` is to be converted."""
        found = self._langs.get(tag)
        if found is None:
            found = self._langs[tag] = self._lang_converts(tag.strip())
        return found

    def _lang_converts(self, tag: str) -> bool:
        if tag.lower() == self.language.tag.lower():
            return True  # the page's own text, rendered from the source's texts
        if not tag or tag.split("-")[0].lower() != self._source_primary:
            return False
        try:
            return script_of(tag) != self._target_script
        except (ValueError, LookupError):
            return False

    def _start_tag(self, piece: str, name: str, attrs: str) -> str:
        values = _attributes(attrs)
        meta = (
            name == "meta"
            and (values.get("name") or values.get("property") or "").lower() in _META_TEXT
        )

        def replace(match: re.Match) -> str:
            key = match.group(1).lower()
            if key in _TEXT_ATTRS or (meta and key == "content"):
                return match.group(1) + match.group(2) + self.text(match.group(3))
            if key == "lang" and name != "html":
                value = match.group(3).strip("\"'")
                if value.lower() != self.language.tag.lower() and self.converts_lang(value):
                    quote = match.group(3)[0] if match.group(3)[0] in "\"'" else '"'
                    return f"{match.group(1)}{match.group(2)}{quote}{self.language.tag}{quote}"
            return match.group(0)

        new_attrs = _ATTR_RE.sub(replace, attrs)
        if new_attrs == attrs:
            return piece
        return f"<{piece[1 : 1 + len(name)]}{new_attrs}>"


def _attributes(attrs: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(3).strip("\"'") for m in _ATTR_RE.finditer(attrs)}


def load_opencc(language: Language) -> Callable[[str], str]:
    """OpenCC's converter for ``language.conversion``; errors name the configuration."""
    conversion = language.conversion
    if conversion not in CONVERSIONS:
        raise ValueError(
            f"conference.yaml languages: 'convert' of {language.tag!r} must be one of "
            f"{', '.join(CONVERSIONS)}, got {conversion!r}"
        )
    try:
        import opencc
    except ImportError:
        raise RuntimeError(
            f"languages: {language.tag} is converted from {language.source} with OpenCC "
            "(conference.yaml languages), which is not installed: pip install "
            "'opencc>=1.4'"
        ) from None
    return opencc.OpenCC(f"{conversion}.json").convert


def setup_converters(context: dict[str, Any], languages) -> None:
    """Put this run's converters in the context (one per derived language)."""
    if CONVERTERS not in context:
        context[CONVERTERS] = {lang.tag: Converter(lang) for lang in languages if lang.is_derived}


def converter_for(context: Any, language: Language | None) -> Converter | None:
    """The converter of ``language`` when it is derived, else None."""
    if language is None or not language.is_derived:
        return None
    return context[CONVERTERS][language.tag]


def convert_written(path: str, context: Any) -> None:
    """``content_written`` handler: convert a page of a derived tree in place."""
    if not path.endswith((".html", ".htm")) or CONVERTERS not in context:
        return
    converter = converter_for(context, page_language(context))
    if converter is None:
        return
    target = Path(path)
    markup = target.read_text(encoding="utf-8")
    converted = converter.html(markup)
    if converted != markup:
        target.write_text(converted, encoding="utf-8")
