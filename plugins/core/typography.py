"""French typography: the no-break spaces French puts before ``; ! ? :`` and inside « ».

French sets a space before the high punctuation marks and inside guillemets, and that
space must not break, or a line starts with ``:`` or ``»``. The widths follow the
*Lexique des règles typographiques en usage à l'Imprimerie nationale*:

- before ``;``, ``!`` and ``?``: an *espace fine insécable*, the narrow no-break space
  U+202F (:data:`THIN`);
- before ``:`` and inside ``« »``: an *espace-mot insécable*, the full no-break space
  U+00A0 (:data:`WORD`): the Lexique sets the colon and the guillemets apart with a
  word space, the three other signs with a thin one.

No library in the locked dependencies does this (SmartyPants and typogrify know only
English quotes and dashes; Babel formats numbers and dates, not prose), so it is written
here, once, for every plugin. It is applied to rendered output only, never to sources:

- :func:`french_text` to one run of plain or escaped text: a plain space (or run of
  spaces) before a sign becomes the right no-break space, and one is inserted when the
  sign follows a word directly (``Lieu: Canton``, ``Pourquoi?``); already-correct
  spaces are kept, entities (``&amp;``) are never touched, and text that is not prose
  around a sign (``10:00``, ``https://``, ``a?b=1``) is left as it is: a ``:`` or ``?``
  followed by a letter or digit is not punctuation of a sentence.
- :func:`french_html` to a page or fragment: the text nodes only, not tags nor
  attribute values, and not inside ``code``, ``pre``, ``kbd``, ``samp``, ``var``,
  ``script``, ``style``, ``textarea`` or an element whose ``lang`` is another language.

Both are idempotent: applied twice they give what they give once.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: narrow no-break space (espace fine insécable), before ``; ! ?``.
THIN = "\u202f"
#: no-break space (espace-mot insécable), before ``:`` and inside ``« »``.
WORD = "\u00a0"

_NO_BREAK = frozenset({THIN, WORD, "\u2007", "\u2060"})
_SPACE = frozenset(" \t\r\n")
_HIGH = {";": THIN, "!": THIN, "?": THIN, ":": WORD}
# What may follow a sign that ends a clause (or the end of the line); anything else (a
# letter, a digit, ``/``, ``=``) makes ``10:00``, ``https://`` or ``a?b`` not prose.
_AFTER = frozenset(")]»”’…\"'.,") | _SPACE | _NO_BREAK | frozenset(_HIGH)
# What a sign may follow directly for a space to be inserted: a word or a closing mark.
_CLOSERS = frozenset(")]»”’…\"'")
_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
_TOKEN_RE = re.compile(f"{_ENTITY}|.", re.DOTALL)
# a line whose text has none of these has nothing to fix (an entity has its ";")
_SIGNS_RE = re.compile(r"[;!?:«»]")

_HTML_RE = re.compile(
    r"(?P<raw><(?P<rawname>script|style|textarea)\b[^>]*>.*?</(?P=rawname)\s*>)"
    r"|<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<(?P<end>/?)(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|[^<]+|<",
    re.DOTALL | re.IGNORECASE,
)
_LANG_RE = re.compile(r"""(?:^|\s)lang\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.IGNORECASE)
_SKIP = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "textarea"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Elements inside a line of text: a sign may follow a word of the element before it. Any
# other tag (a paragraph, a list item, a line break) starts a new line.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd"}
    | {"mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)


def is_french(tag: object) -> bool:
    """True for a French language tag (``fr``, ``fr-CA``, ``fr_FR``...)."""
    return bool(tag) and str(tag).replace("_", "-").split("-")[0].lower() == "fr"


@dataclass
class _Token:
    """One character or entity of a text node, with what is to be written for it."""

    text: str
    char: str  # decoded
    fixes: bool  # in text that is French prose (not code, not another language)
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        return f"{self.before}{self.text}{self.after}"


def _tokens(text: str, fixes: bool) -> list[_Token]:
    return [
        _Token(t, html.unescape(t) if len(t) > 1 else t, fixes) for t in _TOKEN_RE.findall(text)
    ]


def _fix_line(tokens: list[_Token]) -> None:
    """Set the no-break spaces of one line of text (tokens of several nodes)."""
    quotes = 0
    for index, token in enumerate(tokens):
        if not token.fixes:
            continue
        if token.char in _HIGH or token.char == "»":
            _before_sign(tokens, index, quotes)
            quotes -= 1 if token.char == "»" and quotes else 0
        elif token.char == "«":
            quotes += 1
            _after_quote(tokens, index)


def _spaces(tokens: list[_Token], start: int, step: int) -> int:
    """Index of the first token from ``start`` (going by ``step``) that is not a space."""
    while 0 <= start < len(tokens) and tokens[start].char in _SPACE and not tokens[start].before:
        start += step
    return start


def _before_sign(tokens: list[_Token], index: int, quotes: int) -> None:
    sign = tokens[index]
    space = _HIGH.get(sign.char, WORD)
    first = _spaces(tokens, index - 1, -1) + 1
    if first == 0:  # nothing but spaces before it on its line
        return
    if first < index:  # plain spaces before the sign: they become one no-break space
        if all(t.fixes for t in tokens[first:index]):
            for blank in tokens[first:index]:
                blank.text = ""
            sign.before = space
        return
    previous = tokens[index - 1].char if index else ""
    following = tokens[index + 1].char if index + 1 < len(tokens) else ""
    if not previous or previous in _NO_BREAK or tokens[index - 1].after:
        return
    if sign.char == "»":
        if quotes:
            sign.before = space
    elif (previous.isalnum() or previous in _CLOSERS) and (not following or following in _AFTER):
        sign.before = space


def _after_quote(tokens: list[_Token], index: int) -> None:
    quote = tokens[index]
    last = _spaces(tokens, index + 1, 1)
    if last > index + 1:
        if all(t.fixes for t in tokens[index + 1 : last]):
            for blank in tokens[index + 1 : last]:
                blank.text = ""
            quote.after = WORD
    elif last < len(tokens) and tokens[last].char not in _NO_BREAK:
        quote.after = WORD


def typeset(text: str, language: object) -> str:
    """``text`` (plain) set as prose of ``language`` is set: French gets its no-break
    spaces (:func:`french_text`), other languages are returned as they are."""
    return french_text(text) if is_french(language) else text


def french_text(text: str) -> str:
    """``text`` (plain, or escaped as in HTML) with French no-break spaces."""
    tokens = _tokens(text, True)
    _fix_line(tokens)
    return "".join(map(str, tokens))


def french_html(markup: str) -> str:
    """An HTML page or fragment with French no-break spaces in its text nodes."""
    out: list[str | list] = []
    line: list[list] = []  # the text nodes of the current line: [text, fixes]
    stack: list[tuple[str, bool]] = []
    fixes = True
    for match in _HTML_RE.finditer(markup):
        piece, name = match.group(0), match.group("name")
        if name is None or match.group("raw"):
            if match.group("raw") or piece.startswith("<"):
                _fix_nodes(line)
                line = []
                out.append(piece)
            else:
                node = [piece, fixes]
                line.append(node)
                out.append(node)
            continue
        name = name.lower()
        if name not in _INLINE:
            _fix_nodes(line)
            line = []
        out.append(piece)
        if match.group("end"):
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index:]
                    fixes = stack[-1][1] if stack else True
                    break
        elif name not in _VOID and not match.group("attrs").rstrip().endswith("/"):
            fixes = _element_fixes(name, match.group("attrs"), fixes)
            stack.append((name, fixes))
    _fix_nodes(line)
    return "".join(p if isinstance(p, str) else p[0] for p in out)


def _fix_nodes(nodes: list[list]) -> None:
    """Fix one line's text nodes in place (most lines have no sign: left as they are)."""
    if not any(fixes and _SIGNS_RE.search(text) for text, fixes in nodes):
        return
    per_node = [_tokens(text, fixes) for text, fixes in nodes]
    _fix_line([token for tokens in per_node for token in tokens])
    for node, tokens in zip(nodes, per_node, strict=True):
        node[0] = "".join(map(str, tokens))


def _element_fixes(name: str, attrs: str, parent: bool) -> bool:
    if name in _SKIP:
        return False
    found = _LANG_RE.search(attrs)
    if found is None:
        return parent
    return is_french(found.group(1).strip("\"'"))
