"""Machine conversion of a derived language's tree (zh-Hant from zh-Hans) with OpenCC.

A derived language (``{tag: zh-Hant, from: zh-Hans}`` in ``conference.yaml``) is rendered
like any other language, with the texts and UI catalog of its source, and each page is
converted once written (:func:`convert_written`). Conversion touches text, never markup:

- JSON data blocks (``<script type="application/ld+json">`` and ``application/json``:
  structured data, the search page's strings) have their string values converted;
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

import json
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
#: web addresses inside text, kept as written; Chinese punctuation ends one
_URL_RE = re.compile(
    r"((?:https?|ftp)://[^\s<>\"'，。；：！？、（）「」『』《》【】]+)", re.IGNORECASE
)
#: keys of a JSON-LD or manifest object that name a language
#: JSON data blocks (JSON-LD, the search page's UI strings): their texts are converted
_JSONLD_RE = re.compile(
    r"<script\b[^>]*\btype=[\"']?application/(?:ld\+)?json[\"'\s>]", re.IGNORECASE
)
_LANGUAGE_KEYS = frozenset({"inLanguage", "lang", "language"})
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
        """``text`` converted (plain text, or the escaped text of an HTML node); the web
        addresses in it are kept as written (https://zh.wikipedia.org/wiki/连州)."""
        if not text or not has_cjk(text):
            return text
        converted = self._texts.get(text)
        if converted is None:
            parts = _URL_RE.split(text)  # odd items are the addresses
            converted = "".join(
                part if index % 2 else (self._convert(part) if part else part)
                for index, part in enumerate(parts)
            )
            self._texts[text] = converted
        return converted

    def tag(self, tag: str | None) -> str | None:
        """A text's language tag in the converted tree: the derived tag where the text is
        converted (zh-Hans), else ``tag`` as it is (en)."""
        return self.language.tag if tag and self.converts_lang(tag) else tag

    def feed(self, feed: Any) -> None:
        """Convert a feedgenerator feed of this language in place: its texts, and each
        entry's in the source's script (an entry in another language is kept)."""
        info = feed.feed
        for key in ("title", "subtitle", "description", "author_name"):
            if info.get(key):
                info[key] = self.text(str(info[key]))
        if info.get("categories"):
            info["categories"] = [self.text(str(c)) for c in info["categories"]]
        for item in feed.items:
            lang = item.get("item_lang")
            if lang and not self.converts_lang(lang):
                # an entry in another language: only its passages marked as this tree's
                # (or its source's) language are converted, e.g. a roundup item's facts
                for key in ("description", "content"):
                    if item.get(key):
                        item[key] = self.html(str(item[key]), converts=False)
                continue
            item["item_lang"] = self.tag(lang)
            for key in ("title", "author_name"):
                if item.get(key):
                    item[key] = self.text(str(item[key]))
            for key in ("description", "content"):  # HTML in every feed format
                if item.get(key):
                    item[key] = self.html(str(item[key]))
            if item.get("categories"):
                item["categories"] = [self.text(str(c)) for c in item["categories"]]

    def data(self, value: Any, keep: frozenset[str] = frozenset()) -> Any:
        """A JSON-like value (JSON-LD, a web manifest) with its strings converted, except
        the values of the keys in ``keep`` and of ``@``-keys (ids, types); language keys
        (``inLanguage``, ``lang``) name the derived language where the text is converted.
        """
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in keep or key.startswith("@") or not isinstance(item, (str, list, dict)):
                    out[key] = item
                elif key in _LANGUAGE_KEYS and isinstance(item, str):
                    out[key] = self.tag(item)
                else:
                    out[key] = self.data(item, keep)
            return out
        if isinstance(value, list):
            return [self.data(item, keep) for item in value]
        return self.text(value) if isinstance(value, str) else value

    def html(self, markup: str, converts: bool = True) -> str:
        """An HTML page or fragment with its text converted and its markup kept; with
        ``converts`` false, only the passages marked (``lang``) as to be converted."""
        out: list[str] = []
        stack: list[tuple[str, bool]] = []
        outer = converts
        for match in _TOKEN_RE.finditer(markup):
            piece = match.group(0)
            name = match.group("name")
            if match.group("raw") and _JSONLD_RE.match(piece):
                out.append(self._jsonld(piece) if converts else piece)
                continue
            if name is None:
                plain = not piece.startswith("<") or piece == "<"
                out.append(self.text(piece) if converts and plain else piece)
                continue
            name = name.lower()
            if match.group("end"):
                for index in range(len(stack) - 1, -1, -1):
                    if stack[index][0] == name:
                        del stack[index:]
                        converts = stack[-1][1] if stack else outer
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

    def _jsonld(self, script: str) -> str:
        """A JSON ``<script>`` (``application/ld+json`` or ``application/json``: JSON-LD,
        Pagefind's UI strings) with its texts converted
        (names, descriptions; addresses and ``@`` keys kept), escaped as it was written
        (``<``, ``>`` and ``&`` as ``\\u`` escapes, so the script cannot be closed early)."""
        start = script.index(">") + 1
        end = script.lower().rindex("</script")
        try:
            data = json.loads(script[start:end])
        except ValueError:
            return script  # not ours to fix: written by a template as it is
        text = json.dumps(self.data(data), ensure_ascii=False, indent=1)
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        return script[:start] + text + script[end:]

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


def convert_feed(context: Any, feed: Any = None) -> None:
    """``feed_generated`` handler: a feed in a derived language (every plugin's, written
    through :func:`plugins.core.feeds.write_feed`) is converted before it is written, the
    one place feeds are converted."""
    if feed is None or not isinstance(context, dict) or CONVERTERS not in context:
        return
    languages = context.get(keys.LANGUAGES)
    tag = feed.feed.get("language")
    converter = converter_for(context, languages.get(tag) if languages and tag else None)
    if converter is not None:
        converter.feed(feed)
