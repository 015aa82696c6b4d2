"""Load YAML source files keeping line numbers, so errors can point at the line.

PyYAML's safe loader drops the position of each key once the document is built. Our
loader returns :class:`LineDict` mappings that remember the 1-based line of every key and
of the mapping itself; values are otherwise plain Python (str, int, date, list, dict).

People files come from participants, so the loader is bounded: a document whose aliases
would expand to more than :data:`MAX_EXPANDED_NODES` nodes (a "billion laughs" bomb: 1 KB
of nested aliases that stands for 10⁹ strings) or that refers to itself is refused with
the line of the alias, before anything is built from it. Anchors and a few aliases, as
organizers use them to share a block, stay allowed. Text may hold no control character
(but tab and line feed) and no lone surrogate, which YAML's escapes (``"\\x1b"``,
``"\\ud800"``) could otherwise smuggle into pages, feeds and the console.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from .encoding import read_utf8
from .errors import ContentError, Problem, shown


class LineDict(dict):
    """A dict that knows on which line each of its keys was written."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        """Line of ``key``, or of the mapping when the key is absent."""
        return self.key_lines.get(key, self.line)


#: Most nodes a document may stand for once its aliases are expanded.
MAX_EXPANDED_NODES = 100_000


class _LineLoader(yaml.SafeLoader):
    """Safe loader that builds :class:`LineDict` for every mapping and refuses documents
    whose aliases expand beyond :data:`MAX_EXPANDED_NODES`."""

    def compose_document(self) -> yaml.Node:
        """PyYAML's hook: the document's node graph, checked before it is constructed."""
        node = super().compose_document()
        assert node is not None  # called by get_single_node only when there is a document
        _check_expansion(node)
        return node


def _check_expansion(root: yaml.Node) -> None:
    """Count the nodes ``root`` stands for, each alias counted as a full copy; raise a
    marked error at the first node where the count passes the limit, or on a cycle.
    Shared nodes are counted once each (memoized), so this is linear in the file."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ComposerError(None, None, "found an alias that refers to itself", node.start_mark)
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise ComposerError(
                    None,
                    None,
                    f"its aliases expand to more than {MAX_EXPANDED_NODES} values (an alias bomb?)",
                    child.start_mark,
                )
        active.discard(key)
        sizes[key] = total
        return total

    if root is not None:
        size(root)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {shown(key)}",
                key_node.start_mark,
            )
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except _BadText as exc:
            exc.keys.insert(0, f".{key}" if isinstance(key, str) else f"[{key!r}]")
            raise
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    # 2009-11-31 looks like a date to YAML but is none: a located error, not a ValueError.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{node.value!r} is not a real date ({exc})",
            node.start_mark,
        ) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


#: What no text of ours may hold, though YAML's escapes can write it: lone surrogates
#: ("\ud800", which no encoder can write out: the build stopped with a traceback) and
#: control characters (C0 but tab and line feed, DEL, C1: terminal escapes, NUL).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class _BadText(yaml.constructor.ConstructorError):
    """A text holding what :data:`_UNWANTED` matches; ``keys`` is filled on the way out
    (``city``, ``en``), so the problem names the key."""

    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(None, None, message, mark)
        self.message = message  # ``problem`` too, typed ``str | None`` by the base class
        self.keys: list[str] = []


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    found = _UNWANTED.search(value)
    if found:
        char = found.group()
        kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
        raise _BadText(
            f"the text {shown(value)} holds {kind} (U+{ord(char):04X}); expected text "
            "without control characters or lone surrogates",
            node.start_mark,
        )
    return value


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    # built at once, not in PyYAML's two steps: a self-referring list is refused anyway
    items = []
    for index, child in enumerate(node.value):
        try:
            items.append(loader.construct_object(child, deep=True))
        except _BadText as exc:
            exc.keys.insert(0, f"[{index}]")
            raise
    return items


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z0-9_-]+)[ \t]*([：﹕])")
_FULLWIDTH_FLOW_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_-]+)[ \t]*([：﹕])")


def _fullwidth_colon(text: str) -> tuple[str, str, int] | None:
    """(message, key, line) of the first key followed by a full-width colon, if any."""
    for number, line in enumerate(text.splitlines(), 1):
        match = _FULLWIDTH_KEY.match(line) or _FULLWIDTH_FLOW_KEY.search(line)
        if match:
            key, colon = match.groups()
            return (
                f"the key {key!r} is followed by the full-width "
                f"{colon!r} (U+{ord(colon):04X}) of a Chinese input method; expected an "
                f"ASCII colon and a space: '{key}: ...'",
                key,
                number,
            )
    return None


def _fullwidth_key(data: Any, depth: int = 0) -> str | None:
    """The first mapping key (at any depth) holding a full-width colon, if any."""
    if depth > 20:
        return None
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and any(c in key for c in "：﹕"):
                return key
            found = _fullwidth_key(value, depth + 1)
            if found is not None:
                return found
    elif isinstance(data, list):
        for item in data:
            found = _fullwidth_key(item, depth + 1)
            if found is not None:
                return found
    return None


def load_yaml(path: str | Path, languages: Iterable[str] = ()) -> Any:
    """Parse one YAML file; a syntax error becomes a :class:`ContentError` with its line.

    ``languages`` (tags the text is likely in) help name the charset of a non-UTF-8 file.
    """
    path = Path(path)
    text = read_utf8(path, languages)
    try:
        return yaml.load(text, Loader=_LineLoader)
    except _BadText as exc:  # a key is a text too: then no key is named
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        where = "".join(exc.keys).lstrip(".")
        raise ContentError([Problem(str(path), exc.message, where, line)]) from None
    except yaml.MarkedYAMLError as exc:
        colon = _fullwidth_colon(text)
        if colon is not None:  # the root cause of the syntax error, said plainly
            raise ContentError([Problem(str(path), *colon)]) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        raise ContentError(
            [Problem(str(path), f"is not valid YAML: {reason}", line=line)]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(str(path), f"is not valid YAML: {exc}")]) from None


def load_yaml_mapping(path: str | Path, languages: Iterable[str] = ()) -> LineDict:
    """Parse a YAML file whose top level must be a mapping."""
    data = load_yaml(path, languages)
    colon = _fullwidth_key(data) if isinstance(data, LineDict) else None
    if colon is not None or (isinstance(data, str) and _FULLWIDTH_KEY.match(data)):
        text = read_utf8(path, languages)
        found = _fullwidth_colon(text)
        if found is not None:  # `name：Carol`: a text, or a key with the value in it
            raise ContentError([Problem(str(path), *found)])
    if not isinstance(data, LineDict):
        kind = "empty" if data is None else type(data).__name__
        raise ContentError(
            [Problem(str(path), f"must be a YAML mapping of keys to values, found {kind}", line=1)]
        )
    return data
