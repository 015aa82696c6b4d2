"""The render cache's keys: fingerprints of values and the site digest.

What :class:`plugins.core.buildcache.RenderCache` keys a page by (the recipe is in that
module's docstring): :class:`Fingerprinter` fingerprints each keyword argument of a write
by the functions registered for its type (:func:`register`; posts and pages here, the
conference model in its plugin), and :func:`site_digest` digests everything else a
cacheable page may read: the theme, catalogs, plugins' code, libraries' versions,
settings, content files no fingerprint covers, data folders and the site's structure.
Plugins declare their cacheable templates (:func:`cacheable`), run-only settings
(:func:`run_only`), structure (:func:`add_structure`) and covered sources
(:func:`add_sources`) here too. The helpers that read the settings, the plugins' folders
and the libraries' versions are shared with the reader cache's stamp
(:mod:`.pelicancaches`) and the input stamp (:mod:`.inputstamp`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable
from decimal import Decimal
from json.encoder import encode_basestring as _encode  # a str as JSON, as json.dumps does
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .contenttypes import PelicanContent
from .libraries import _libraries
from .settingsdigest import settings_fingerprint

#: Bump when the key's recipe changes: every stored key becomes foreign.
VERSION = 3
#: Files larger than this are known by their status (:func:`stat_key`) instead of their bytes.
_HASH_LIMIT = 1 << 20

_TEMPLATES: set[str] = set()
_FINGERPRINTS: dict[type, Callable[[Any, Fingerprinter, bool], Any]] = {}
#: the registered function of each type met, by :func:`_function_of` (emptied by register)
_BY_TYPE: dict[type, Callable[[Any, Fingerprinter, bool], Any] | None] = {}
_EXTRA: dict[type, list[Callable[[Any, Fingerprinter, bool], Any]]] = {}
_STRUCTURE: list[Callable[[dict], Any]] = []
_SOURCES: list[Callable[[dict], Iterable[str]]] = []
_PRIMITIVE = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, Decimal, ZoneInfo)


class Uncacheable(Exception):
    """A keyword argument the render cache cannot fingerprint: render the page."""


def cacheable(*templates: str) -> None:
    """Declare templates (``"session.html"``) whose pages the render cache may skip."""
    _TEMPLATES.update(name.removesuffix(".html") + ".html" for name in templates)


def run_only(*names: str) -> None:
    """Declare settings that say how a run goes, not what a page or a read file becomes:
    they are left out of both caches' keys (a plugin's setting that a task passes with
    ``-e`` for one build, such as the time of a publication)."""
    _RUN_ONLY.update(names)


def register(kind: type, function: Callable[[Any, Fingerprinter, bool], Any]) -> None:
    """Fingerprint objects of ``kind`` with ``function(obj, fingerprinter, top)``.

    ``top`` is true for a keyword argument itself (the page's subject) and false for an
    object reached from one (a post's author): a subject's fingerprint covers everything
    its page lists, a reference only what a link to it shows.
    """
    _FINGERPRINTS[kind] = function
    _BY_TYPE.clear()


def extend(kind: type, function: Callable[[Any, Fingerprinter, bool], Any]) -> None:
    """Add ``function(obj, fingerprinter, top)`` to the fingerprint of ``kind``'s objects:
    what another plugin adds to their pages (a person's page lists their blog's entries)."""
    if function not in _EXTRA.setdefault(kind, []):
        _EXTRA[kind].append(function)
    _BY_TYPE.clear()


def _function_of(kind: type) -> Callable[[Any, Fingerprinter, bool], Any] | None:
    """The registered function for values of ``kind`` (the first registered kind it is a
    subclass of, with the extensions of every kind it is a subclass of), looked up once
    per type: asked for every value of every key."""
    try:
        return _BY_TYPE[kind]
    except KeyError:
        found = next((f for k, f in _FINGERPRINTS.items() if issubclass(kind, k)), None)
        extra = [f for k, fs in _EXTRA.items() if issubclass(kind, k) for f in fs]
        if found is not None and extra:
            found = functools.partial(_extended, found, extra)
        _BY_TYPE[kind] = found
        return found


def _extended(base: Callable, extra: list[Callable], value: Any, fp: Fingerprinter, top: bool):
    return [base(value, fp, top), *[function(value, fp, top) for function in extra]]


def add_structure(function: Callable[[dict], Any]) -> None:
    """Add ``function(context)`` (JSON-able) to the structure part of the site digest."""
    if function not in _STRUCTURE:
        _STRUCTURE.append(function)


def add_sources(function: Callable[[dict], Iterable[str]]) -> None:
    """Name source files (``function(context)``) that fingerprints cover, so they are left
    out of the site digest: editing one then re-renders only the pages that show it."""
    if function not in _SOURCES:
        _SOURCES.append(function)


class Fingerprinter:
    """Fingerprints of values; each file is read and hashed once per build."""

    def __init__(self) -> None:
        #: the build's context, for a fingerprint that looks something up in it (the
        #: render cache sets it; None elsewhere: such a fingerprint is then Uncacheable)
        self.context: dict | None = None
        self._files: dict[str, str] = {}
        self._stack: set[int] = set()
        # (id, top) -> (object, fingerprint): the model does not change while pages are
        # written, and a post's fingerprint is asked for by every listing that shows it
        self._memo: dict[tuple[int, bool], tuple[Any, Any]] = {}
        # (id, top) -> (object, its fingerprint as JSON) for the objects memoized above
        self._texts: dict[tuple[int, bool], tuple[Any, str]] = {}

    def file(self, path: str | os.PathLike | None) -> str:
        """The digest of the file at ``path`` (``"-"`` when there is none)."""
        if not path:
            return "-"
        key = os.fspath(path)
        if key not in self._files:
            self._files[key] = file_digest(Path(key))
        return self._files[key]

    def value(self, value: Any, top: bool = False) -> Any:
        """A JSON-able fingerprint of ``value``; raises :class:`Uncacheable`."""
        if isinstance(value, Markup):
            return ["markup", str(value)]
        if isinstance(value, _PRIMITIVE):
            return [type(value).__name__, str(value)]
        function = _function_of(type(value))
        if function is not None:
            known = self._memo.get((id(value), top))
            if known is not None and known[0] is value:
                return known[1]
            if id(value) in self._stack:  # a cycle: name the object, do not recurse
                return ["ref", type(value).__name__, repr(getattr(value, "id", ""))]
            self._stack.add(id(value))
            try:
                result = function(value, self, top)
            finally:
                self._stack.discard(id(value))
            self._memo[(id(value), top)] = (value, result)
            return result
        if isinstance(value, (list, tuple)):
            return [self.value(item) for item in value]
        if isinstance(value, (set, frozenset)):
            return sorted(json.dumps(self.value(item), sort_keys=True) for item in value)
        if isinstance(value, dict):
            return [[self.value(k), self.value(v)] for k, v in value.items()]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # a frozen one (a page's Language) is the same all build long: memoized
            frozen = value.__dataclass_params__.frozen  # pyright: ignore[reportAttributeAccessIssue]
            if frozen:
                known = self._memo.get((id(value), top))
                if known is not None and known[0] is value:
                    return known[1]
            result = [
                type(value).__name__,
                [self.value(getattr(value, f.name)) for f in dataclasses.fields(value)],
            ]
            if frozen:
                self._memo[(id(value), top)] = (value, result)
            return result
        raise Uncacheable(type(value).__name__)

    def text(self, value: Any, top: bool = False) -> str:
        """:meth:`value` as compact JSON (:func:`compact_json`), made once per memoized
        object (a session's fingerprint is in a dozen keys); a primitive's encoded at once."""
        if type(value) is str:
            return f'["str",{_encode(value)}]'
        found = self._texts.get((id(value), top))
        if found is not None and found[0] is value:
            return found[1]
        if isinstance(value, Markup):
            return f'["markup",{_encode(str(value))}]'
        if isinstance(value, _PRIMITIVE):
            return f'["{type(value).__name__}",{_encode(str(value))}]'
        if isinstance(value, (list, tuple)) and _function_of(type(value)) is None:
            # its items' kept texts: an edition's list of sessions is in a dozen keys
            return "[" + ",".join([self.text(item) for item in value]) + "]"
        text = compact_json(self.value(value, top))
        known = self._memo.get((id(value), top))
        if known is not None and known[0] is value:
            self._texts[(id(value), top)] = (value, text)
        return text


def compact_json(value: Any) -> str:
    """The JSON the render cache hashes: no spaces, characters as they are (one encoder
    for all: ``json.dumps`` with options makes a new one each call)."""
    return _COMPACT.encode(value)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (its status for a large one; ``"-"`` if missing)."""
    try:
        stat = path.stat()
        if stat.st_size > _HASH_LIMIT:
            return f"stat:{stat_key(stat)}"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def content_fingerprint(content: PelicanContent, fp: Fingerprinter, top: bool) -> Any:
    """A post or page as any page shows it: its sources (and its translations'), language,
    and its authors as links (the conference plugin's ``people``). Its URL comes from its
    source and the settings, and every content's URL is in the site digest's structure."""
    group = [content, *getattr(content, "translations", ())]
    group += list((getattr(content, "versions", None) or {}).values())
    for name in ("original", "converted_from"):
        if getattr(content, name, None) is not None:
            group.append(getattr(content, name))
    sources = sorted({str(c.source_path) for c in group if getattr(c, "source_path", None)})
    return [
        "content",
        type(content).__name__,
        str(getattr(content, "lang", "")),
        [[s, fp.file(s)] for s in sources],
        fp.value(list(getattr(content, "people", None) or ())),
    ]


def _attribute(content: Any, name: str) -> str:
    # a session's text has no URL of its own: Pelican raises for its missing *_SAVE_AS
    try:
        return str(getattr(content, name, ""))
    except KeyError:
        return ""


def _wrapper_fingerprint(wrapper: Any, fp: Fingerprinter, top: bool) -> Any:
    return ["urlwrapper", type(wrapper).__name__, str(wrapper), wrapper.slug, wrapper.url]


register(Content, content_fingerprint)
register(URLWrapper, _wrapper_fingerprint)


def site_digest(settings: dict, context: dict, fp: Fingerprinter) -> str:
    """The digest of everything a cacheable page may read besides its own arguments."""
    digest = hashlib.sha256()

    def add(label: str, value: Any) -> None:
        digest.update(label.encode())
        digest.update(
            json.dumps(
                value, sort_keys=True, ensure_ascii=False, default=lambda o: type(o).__name__
            ).encode("utf-8")
        )

    add("version", VERSION)
    add("libraries", _libraries())
    add("settings", _settings(settings))
    folders = [
        settings.get("THEME"),
        settings.get("LANGUAGES_CATALOG_PATH"),
        *_plugin_folders(settings),
    ]
    for folder in filter(None, folders):
        add(f"folder {folder}", _folder(Path(folder), fp, skip=set()))
    # by absolute path (not resolving links, which cost a status call per part of each
    # path: 1 s of a rebuild of 2,000 sources): a covered file not recognized through a
    # link is only hashed into the digest as well, which re-renders more, never less
    covered = set()
    for function in _SOURCES:
        covered.update(os.path.abspath(p) for p in function(context))
    for content in _contents(context):
        covered.add(os.path.abspath(content.source_path))
    add("content", _folder(Path(settings["PATH"]), fp, skip=covered))
    add("structure", _structure(context))
    for function in _STRUCTURE:
        add(f"structure {function.__module__}.{function.__qualname__}", function(context))
    return digest.hexdigest()


#: settings that say how this run goes, not what a page or a read file becomes (plugins
#: add theirs with :func:`run_only`)
_RUN_ONLY = {"LOAD_CONTENT_CACHE", "DELETE_OUTPUT_DIRECTORY", "OUTPUT_PATH"}


def _settings(settings: dict) -> dict:
    """The settings by value, functions by their code, and the settings files' bytes
    (:mod:`.settingsdigest`); the plugins' folders are hashed as files already."""
    return settings_fingerprint(settings, _plugin_folders(settings), _RUN_ONLY)


def _plugin_folders(settings: dict) -> list[str]:
    """The plugins' code, and this package's (every plugin's building blocks)."""
    folders = [str(Path(__file__).parent)]
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        spec = importlib.util.find_spec(name) if name else None
        if spec and spec.submodule_search_locations:
            folders.extend(spec.submodule_search_locations)
        elif spec and spec.origin:
            folders.append(spec.origin)
    return folders


def _folder(root: Path, fp: Fingerprinter, skip: set[str]) -> list[list[str]]:
    if root.is_file():
        return [[root.name, fp.file(root)]]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            if filename.endswith((".pyc", ".tmp")) or (skip and os.path.abspath(path) in skip):
                continue
            found.append([os.path.relpath(path, root), fp.file(path)])
    return found


def module_statuses(*folders: Path) -> list[list[str]]:
    """The status (:func:`stat_key`) of every Python module below ``folders``, by path
    relative to their folder: what a cache of results of this code is stamped with."""
    found = []
    for root in folders:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for filename in sorted(filenames):
                if filename.endswith(".py"):
                    path = os.path.join(dirpath, filename)
                    found.append([os.path.relpath(path, root), stat_key(os.stat(path))])
    return found


def stat_key(stat: os.stat_result) -> str:
    """A file's status as a key: size, modification and change times, inode."""
    # the change time too: a write that gives the file its old mtime back (``cp -p``,
    # ``rsync -a``, ``touch -r``) sets it, and no tool can set it back
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def _contents(context: dict) -> list[Any]:
    seen: dict[int, Any] = {}
    for content in context.get("generated_content", {}).values():
        for item in (content, *getattr(content, "translations", ())):
            if getattr(item, "source_path", None):
                seen.setdefault(id(item), item)
    return list(seen.values())


def _structure(context: dict) -> list[Any]:
    return sorted(
        [
            type(c).__name__,
            str(getattr(c, "lang", "")),
            str(getattr(c, "status", "")),
            _attribute(c, "save_as"),
            _attribute(c, "url"),
            sorted(str(t.slug) for t in getattr(c, "tags", None) or ()),
            os.path.relpath(c.source_path, context.get("PATH", ".")),
        ]
        for c in _contents(context)
    )
