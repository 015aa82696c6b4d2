"""Rebuild only what an edit changed: a stamped content cache and a render cache.

A build after one edit (``invoke regenerate``) should cost a fraction of a full one, and
give byte for byte the same output as a clean build. Three caches, all under Pelican's
``CACHE_PATH``, do it:

1. **Pelican's reader cache** (``CACHE_CONTENT`` / ``LOAD_CONTENT_CACHE`` on the
   ``reader`` layer) keeps what each Markdown file read to, keyed by the file's bytes
   (``CHECK_MODIFIED_METHOD = "sha256"`` in ``pelicanconf.py``, as the render cache
   knows files). Pelican does not notice when what *reads* the files changes (the
   settings, our reader's code, Markdown's version). :func:`guard_content_cache` stamps
   the cache with a digest of those and does not load a cache with another stamp. A file
   that fails to read is never cached (our reader raises), so its errors are reported on
   every build.

2. **The render cache** (:class:`RenderCache`) skips rendering a page when its output file
   is still there and the *key* of its inputs equals the key stored by the last build.
   The key is the digest of

   - the **site digest**, computed once per build: the theme, the UI catalogs, the plugins'
     code, the versions of Python and the libraries that render, the settings (by value,
     functions by their code, and the settings files: :mod:`.settingsdigest`), every
     content file that is not the source of a post, page, session or person
     (``conference.yaml``, editions, coverage…), the folders plugins register in
     ``keys.SITE_INPUTS`` (the planet store), and the site's *structure* (every content
     object's language, URL and tags, and what plugins add through
     :func:`add_structure`: which people have a page, which share cards exist);
   - a **fingerprint of each keyword argument** of the write (the article, the session,
     the person, strings, numbers, dates…) from :func:`fingerprint`: a content object is
     the bytes of its source and of its translations, a person the bytes of their file
     (and, as the page's subject, of everything they wrote or speak at), and so on, by
     functions plugins register with :func:`register`. A value of any other type makes
     the page uncacheable, so the page is rendered: the cache errs on the side of work.

   Only templates registered with :func:`cacheable` are cached: pages about one object
   (a post, a page, a session, a person), whose template reads nothing of the context
   beyond the site digest's inputs. Listings, feeds and exports are always written.
   The stored keys are removed when a build starts and written when it finishes, so a
   build that fails half way leaves no key that could vouch for a file it changed. With
   them is the list of every file the build wrote (static files too,
   :mod:`.staticoutputs`): what the last build wrote and this one did not is deleted.

3. **Compiled templates** (:class:`EnvironmentBytecodeCache`), keyed by the Jinja
   environment as well as each template's source.

``tests/site/test_incremental.py`` changes each of these inputs in turn, and in a seeded
random walk, and compares each rebuild with a clean build, byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import logging
import os
import platform
from collections.abc import Callable, Iterable
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .atomic import write_atomic
from .keys import SITE_INPUTS
from .settingsdigest import environment_digest, settings_fingerprint

logger = logging.getLogger(__name__)

#: Bump when the key's recipe changes: every stored key becomes foreign.
VERSION = 2
#: Libraries whose version changes what a page, feed, calendar or card is made of.
_LIBRARIES = (
    "pelican",
    "markdown",
    "jinja2",
    "babel",
    "nh3",
    "feedparser",
    "feedgenerator",
    "pypinyin",
    "opencc",
    "markupsafe",
    "pygments",
    "pyyaml",
    "icalendar",
    "pillow",
    "pyicu",
    "python-dateutil",
    "tzdata",
)
#: Files larger than this are known by their status (:func:`_stat`) instead of their bytes.
_HASH_LIMIT = 1 << 20

_TEMPLATES: set[str] = set()
_FINGERPRINTS: dict[type, Callable[[Any, Fingerprinter, bool], Any]] = {}
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
        self._files: dict[str, str] = {}
        self._stack: set[int] = set()
        # (id, top) -> (object, fingerprint): the model does not change while pages are
        # written, and a post's fingerprint is asked for by every listing that shows it
        self._memo: dict[tuple[int, bool], tuple[Any, Any]] = {}

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
        function = next((f for kind, f in _FINGERPRINTS.items() if isinstance(value, kind)), None)
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
            return [
                type(value).__name__,
                [self.value(getattr(value, f.name)) for f in dataclasses.fields(value)],
            ]
        raise Uncacheable(type(value).__name__)


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (its status for a large one; ``"-"`` if missing)."""
    try:
        stat = path.stat()
        if stat.st_size > _HASH_LIMIT:
            return f"stat:{_stat_key(stat)}"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def content_fingerprint(content: Any, fp: Fingerprinter, top: bool) -> Any:
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


class RenderCache:
    """The keys of one output folder's cacheable pages (see the module docstring)."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        output = os.path.realpath(settings["OUTPUT_PATH"])
        name = hashlib.sha256(output.encode()).hexdigest()[:16]
        self.path = Path(settings.get("CACHE_PATH", "cache")) / f"render-{name}.json"
        self.output = Path(output)
        self.previous_outputs: set[str] = set()
        self.previous = self._load()
        self.current: dict[str, str] = {}
        #: files this run writes besides the writer's (static files, :mod:`.staticoutputs`)
        self.extra_outputs: set[str] = set()
        self.fingerprinter = Fingerprinter()
        self._site: str | None = None
        self.skipped = self.rendered = 0
        #: this build's fragments (:meth:`fragment`), and the last build's, read when asked
        self.fragments: dict[str, Any] = {}
        self._fragments: dict[str, Any] | None = None

    def _load(self) -> dict[str, str]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            self.path.unlink()  # written again when this build finishes
        except (OSError, ValueError):
            return {}
        if stored.get("version") != VERSION or not isinstance(stored.get("keys"), dict):
            return {}
        self.previous_outputs = set(stored.get("outputs") or ())
        return stored["keys"]

    def key(self, name: str, template: str, context: dict, kwargs: dict) -> str | None:
        """The key of one write, or None when it is not cacheable."""
        if template not in _TEMPLATES:
            return None
        return self._key(name, template, context, kwargs)

    def output_key(self, name: str, kind: str, context: dict, inputs: dict) -> str | None:
        """The key of a file written without a template (a session's calendar), or None.

        ``inputs`` must name everything the file is made of besides what the site digest
        covers (settings, plugin code, data folders, files no fingerprint covers), as a
        cacheable page's arguments do; ``kind`` tells its writer apart."""
        return self._key(name, f"output:{kind}", context, inputs)

    def _key(self, name: str, template: str, context: dict, kwargs: dict) -> str | None:
        if self._site is None:
            self._site = site_digest(self.settings, context, self.fingerprinter)
        try:
            parts = [[k, self.fingerprinter.value(v, top=True)] for k, v in sorted(kwargs.items())]
        except Uncacheable as exc:
            logger.debug("render cache: %s not cacheable (%s)", name, exc)
            return None
        payload = json.dumps(
            [self._site, name, template, parts], ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def fragment(self, kind: str, context: dict, inputs: dict, make: Callable[[], Any]) -> Any:
        """A piece of an output that is rewritten whole (one event of an edition's
        calendar), made by ``make()`` (JSON-able) from ``inputs`` alone, as
        :meth:`output_key`'s inputs: the last build's piece when its key is the same.
        Pieces this build did not ask for are dropped when it saves."""
        key = self._key(kind, f"fragment:{kind}", context, inputs)
        if key is None:
            return make()
        if self._fragments is None:
            self._fragments = self._load_fragments()
        known = self._fragments.get(key)
        if known is None:
            known = make()
        self.fragments[key] = known
        return known

    def _fragments_path(self) -> Path:
        return self.path.with_name(self.path.name.replace("render-", "fragments-", 1))

    def _load_fragments(self) -> dict[str, Any]:
        try:
            stored = json.loads(self._fragments_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != VERSION:
            return {}
        fragments = stored.get("fragments")
        return fragments if isinstance(fragments, dict) else {}

    def fresh(self, name: str, key: str | None) -> bool:
        """Whether ``name`` may be left as it is (then its key is kept for the next build)."""
        if key is None or self.previous.get(name) != key or not (self.output / name).is_file():
            return False
        self.current[name] = key
        self.skipped += 1
        return True

    def record(self, name: str, key: str) -> None:
        """``name`` was rendered from inputs with ``key``."""
        self.current[name] = key
        self.rendered += 1

    def save(self, written: set[str]) -> None:
        """Store this build's keys and outputs (``finalized``: the build succeeded).

        A file the last build wrote (a page, feed or calendar of a post, session, person
        or tag that is gone, a static file removed from the theme or content) which no
        source wrote this time (``written`` and :attr:`extra_outputs`) is deleted, with
        the folders it leaves empty, as a clean build would not have it. This runs before
        the handlers that read the whole output (sitemap, Pagefind), so they never see a
        stale page.
        """
        written = written | self.extra_outputs
        for name in (self.previous_outputs | set(self.previous)) - written:
            if name.startswith("/") or ".." in Path(name).parts:
                continue
            with contextlib.suppress(FileNotFoundError):
                (self.output / name).unlink()
            for folder in (self.output / name).parents:
                if folder == self.output or self.output not in folder.parents:
                    break
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
        write_atomic(
            self.path,
            json.dumps(
                {
                    "version": VERSION,
                    "keys": self.current,
                    "outputs": sorted(written),
                    "last_build": {"unchanged": self.skipped, "rendered": self.rendered},
                },
                sort_keys=True,
            ),
        )
        if self.fragments or self._fragments:
            write_atomic(
                self._fragments_path(),
                json.dumps({"version": VERSION, "fragments": self.fragments}, ensure_ascii=False),
            )
        logger.info("render cache: %d pages unchanged, %d rendered", self.skipped, self.rendered)


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
    # data folders (the planet store, content-addressed media) can be large: their files
    # are known by their status (size, times, inode), which every write changes
    for folder in context.get(SITE_INPUTS, ()):
        add(f"data {folder}", _folder(Path(folder), fp, skip=set(), by_stat=True))
    covered = set()
    for function in _SOURCES:
        covered.update(os.path.realpath(p) for p in function(context))
    for content in _contents(context):
        covered.add(os.path.realpath(content.source_path))
    add("content", _folder(Path(settings["PATH"]), fp, skip=covered))
    add("structure", _structure(context))
    for function in _STRUCTURE:
        add(f"structure {function.__module__}.{function.__qualname__}", function(context))
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _libraries() -> dict[str, str]:
    # the zoneinfo data and json/html escaping come with Python itself
    return {"python": platform.python_version(), **{name: _version(name) for name in _LIBRARIES}}


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


def _folder(
    root: Path, fp: Fingerprinter, skip: set[str], by_stat: bool = False
) -> list[list[str]]:
    if root.is_file():
        return [[root.name, fp.file(root)]]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            path = os.path.join(dirpath, filename)
            if filename.endswith((".pyc", ".tmp")) or os.path.realpath(path) in skip:
                continue
            found.append([os.path.relpath(path, root), _stat(path) if by_stat else fp.file(path)])
    return found


def _stat(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return "-"
    return _stat_key(stat)


def _stat_key(stat: os.stat_result) -> str:
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


def content_cache_stamp(settings: dict) -> str:
    """What reading a Markdown file depends on besides the file: settings, the plugins'
    code and the libraries' versions."""
    fp = Fingerprinter()
    return hashlib.sha256(
        json.dumps(
            [
                VERSION,
                _libraries(),
                _settings(settings),
                [_folder(Path(f), fp, skip=set()) for f in _plugin_folders(settings)],
            ],
            sort_keys=True,
            default=lambda o: type(o).__name__,
        ).encode()
    ).hexdigest()


def guard_content_cache(pelican: Any) -> None:
    """``initialized`` handler: load Pelican's reader cache only if its stamp matches."""
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    stamp_path = Path(settings.get("CACHE_PATH", "cache")) / "content-stamp"
    stamp = content_cache_stamp(settings)
    try:
        stored = stamp_path.read_text(encoding="utf-8").strip()
    except OSError:
        stored = ""
    if stored != stamp:
        logger.info("content cache: settings, plugins or libraries changed; reading afresh")
        settings["LOAD_CONTENT_CACHE"] = False
        write_atomic(stamp_path, stamp + "\n")


def use_bytecode_cache(generator: Any) -> None:
    """``generator_init`` handler: keep compiled templates under ``CACHE_PATH`` when the
    render cache is on, so a rebuild does not compile every template again.

    Jinja checks each template's source checksum before using its cached code, but not
    the environment it was compiled in: :class:`EnvironmentBytecodeCache` keys the code by
    the environment too (``JINJA_ENVIRONMENT``, extensions, filters and tests)."""
    env = getattr(generator, "env", None)
    if env is None or not generator.settings.get("RENDER_CACHE"):
        return
    folder = Path(generator.settings.get("CACHE_PATH", "cache")) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = EnvironmentBytecodeCache(
        str(folder), skip=_plugin_folders(generator.settings)
    )


class EnvironmentBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, keyed by the environment's digest
    (:func:`~plugins.core.settingsdigest.environment_digest`) as well as the template's
    name and source. The digest is taken when the first template loads, after every
    plugin added its filters."""

    def __init__(self, directory: str, skip: Iterable[str] = ()) -> None:
        super().__init__(directory)
        self._skip = tuple(skip)
        self._digests: dict[int, tuple[Any, str]] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str):
        known = self._digests.get(id(environment))
        if known is None or known[0] is not environment:
            known = (environment, environment_digest(environment, self._skip))
            self._digests[id(environment)] = known
        return super().get_bucket(environment, f"{known[1]}:{name}", filename, source)


def last_build(root: Path, output: Path, cache_path: str = "cache") -> dict[str, int] | None:
    """The render cache's counts of the last successful build into ``output``
    (``{"rendered": N, "unchanged": M}``), or None when it has no record of one."""
    name = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:16]
    try:
        stored = json.loads((root / cache_path / f"render-{name}.json").read_text("utf-8"))
        counts = stored["last_build"]
        return {key: int(counts[key]) for key in ("rendered", "unchanged")}
    except (OSError, ValueError, KeyError, TypeError):
        return None
