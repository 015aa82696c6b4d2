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
     (``conference.yaml``, editions, coverage…), and the site's *structure* (every
     content object's language, URL and tags, and what plugins add through
     :func:`add_structure`: which people have a page, which share cards exist);
   - a **fingerprint of each keyword argument** of the write (the article, the session,
     the person, strings, numbers, dates…) from :func:`fingerprint`: a content object is
     the bytes of its source and of its translations, a person the bytes of their file
     (and, as the page's subject, of everything they wrote or speak at), and so on, by
     functions plugins register with :func:`register` (and add to with :func:`extend`:
     the planet adds a person's blog entries, which their page lists, to the person's;
     the planet store, the media archive and the schedule snapshots are in no digest:
     what reads them is keyed by what it shows, see :mod:`plugins.planet.fingerprints`
     and the conference's exports). A value of any other type makes
     the page uncacheable, so the page is rendered: the cache errs on the side of work.

   Only templates registered with :func:`cacheable` are cached: pages about one object
   (a post, a page, a session, a person), whose template reads nothing of the context
   beyond the site digest's inputs. Listings are rendered again, from kept pieces where
   their template says so (:mod:`.keptpieces`); feeds and exports go through
   :meth:`RenderCache.output_key` and :meth:`RenderCache.fragment`.
   The stored keys are removed when a build starts and written when it finishes, so a
   build that fails half way leaves no key that could vouch for a file it changed. With
   them is the list of every file the build wrote (static files too,
   :mod:`.staticoutputs`): what the last build wrote and this one did not is deleted.

3. **Compiled templates** (:class:`EnvironmentBytecodeCache`), keyed by the Jinja
   environment as well as each template's source.

This module holds the render cache; its keys are made in :mod:`.cachekeys`, and caches 1
and 3 are in :mod:`.pelicancaches`.

``tests/site/test_incremental.py`` changes each of these inputs in turn, and in a seeded
random walk, and compares each rebuild with a clean build, byte for byte.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_atomic

# The keys (fingerprints, the site digest) and the guarded Pelican and Jinja caches are
# their own modules; their names stay importable from here, as plugins and tests use them.
from .cachekeys import (
    _HASH_LIMIT,
    _PRIMITIVE,
    _RUN_ONLY,
    _TEMPLATES,
    VERSION,
    Fingerprinter,
    Uncacheable,
    _attribute,
    _contents,
    _folder,
    _libraries,
    _plugin_folders,
    _settings,
    _structure,
    add_sources,
    add_structure,
    cacheable,
    compact_json,
    content_fingerprint,
    extend,
    file_digest,
    register,
    run_only,
    site_digest,
    stat_key,
)
from .libraries import _LIBRARIES, library_version
from .pelicancaches import (
    EnvironmentBytecodeCache,
    content_cache_stamp,
    guard_content_cache,
    use_bytecode_cache,
)

__all__ = [
    "VERSION",
    "_HASH_LIMIT",
    "_LIBRARIES",
    "_PRIMITIVE",
    "_RUN_ONLY",
    "_TEMPLATES",
    "EnvironmentBytecodeCache",
    "Fingerprinter",
    "RenderCache",
    "Uncacheable",
    "_attribute",
    "_contents",
    "_folder",
    "_libraries",
    "_plugin_folders",
    "_settings",
    "_structure",
    "add_sources",
    "add_structure",
    "cacheable",
    "compact_json",
    "content_cache_stamp",
    "content_fingerprint",
    "extend",
    "file_digest",
    "guard_content_cache",
    "last_build",
    "library_version",
    "register",
    "run_only",
    "site_digest",
    "stat_key",
    "use_bytecode_cache",
]

logger = logging.getLogger(__name__)


class RenderCache:
    """The keys of one output folder's cacheable pages (see the module docstring)."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        output = os.path.realpath(settings["OUTPUT_PATH"])
        name = hashlib.sha256(output.encode()).hexdigest()[:16]
        self.path = Path(settings.get("CACHE_PATH", "cache")) / f"render-{name}.json"
        self.output = Path(output)
        self.previous_outputs: set[str] = set()
        #: the last build's site digest (None: no last build)
        self.previous_site: str | None = None
        self.previous = self._load()
        self.current: dict[str, str] = {}
        #: files this run writes besides the writer's (static files, :mod:`.staticoutputs`)
        self.extra_outputs: set[str] = set()
        self.fingerprinter = Fingerprinter()
        self._site: str | None = None
        self.skipped = self.rendered = 0
        #: this build's fragments (:meth:`fragment`) by kind, and the last build's, each
        #: kind's file read when that kind is first asked for
        self.fragments: dict[str, dict[str, Any]] = {}
        self._fragments: dict[str, dict[str, Any]] = {}

    def _load(self) -> dict[str, str]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            self.path.unlink()  # written again when this build finishes
        except (OSError, ValueError):
            return {}
        if stored.get("version") != VERSION or not isinstance(stored.get("keys"), dict):
            return {}
        self.previous_outputs = set(stored.get("outputs") or ())
        self.previous_site = stored.get("site")
        return stored["keys"]

    def key(self, name: str, template: str, context: dict, kwargs: dict) -> str | None:
        """The key of one write, or None when it is not cacheable."""
        if template not in _TEMPLATES:
            return None
        return self._key(name, template, context, kwargs)

    def same_site(self, context: dict) -> bool:
        """Whether the site digest is the last build's: then only the pages of the sources
        that changed (posts, pages, sessions, people) are rendered again."""
        if self._site is None:
            self._site = site_digest(self.settings, context, self.fingerprinter)
        return self._site == self.previous_site

    def output_key(self, name: str, kind: str, context: dict, inputs: dict) -> str | None:
        """The key of a file written without a template (a session's calendar), or None.

        ``inputs`` must name everything the file is made of besides what the site digest
        covers (settings, plugin code, data folders, files no fingerprint covers), as a
        cacheable page's arguments do; ``kind`` tells its writer apart."""
        return self._key(name, f"output:{kind}", context, inputs)

    def _key(self, name: str, template: str, context: dict, kwargs: dict) -> str | None:
        if self._site is None:
            self._site = site_digest(self.settings, context, self.fingerprinter)
        self.fingerprinter.context = context
        text = self.fingerprinter.text
        try:
            # compact_json([site, name, template, [[k, fingerprint], ...]]), put together
            # from each argument's JSON, which the fingerprinter makes once per object
            parts = ",".join(f"[{_name(k)},{text(v, top=True)}]" for k, v in sorted(kwargs.items()))
        except Uncacheable as exc:
            logger.debug("render cache: %s not cacheable (%s)", name, exc)
            return None
        payload = f"{compact_json([self._site, name, template])[:-1]},[{parts}]]"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def fragment(
        self,
        kind: str,
        context: dict,
        inputs: dict,
        make: Callable[[], Any],
        key: str | None = None,
    ) -> Any:
        """A piece of an output that is rewritten whole (one event of an edition's
        calendar), made by ``make()`` (JSON-able) from ``inputs`` alone, as
        :meth:`output_key`'s inputs: the last build's piece when its key is the same.
        Each kind is kept in a file of its own, read only when the kind is asked for; of
        a kind asked for, the pieces this build did not ask for are dropped when it saves.
        ``key``: the key of the inputs, made already (:meth:`inputs_key`, or a page's own
        key for a piece made from the page alone); ``inputs`` are then not read."""
        if key is None:
            key = self._key(kind, f"fragment:{kind}", context, inputs)
        if key is None:
            return make()
        last = self._fragments.get(kind)
        if last is None:
            last = self._fragments[kind] = self._load_fragments(kind)
        known = last.get(key)
        if known is None:
            known = make()
        self.fragments.setdefault(kind, {})[key] = known
        return known

    def inputs_key(self, context: dict, inputs: dict) -> str | None:
        """The key of ``inputs`` for pieces of several kinds made from the same inputs (a
        session's frab events and calendar event in one tree): made once, passed to
        :meth:`fragment` as ``key``. None when an input is not cacheable."""
        return self._key("pieces", "fragment", context, inputs)

    def _fragments_path(self, kind: str) -> Path:
        name = re.sub(r"[^A-Za-z0-9-]", "_", kind)
        return self.path.with_name(self.path.name.replace("render-", f"fragments-{name}-", 1))

    def _load_fragments(self, kind: str) -> dict[str, Any]:
        try:
            stored = json.loads(self._fragments_path(kind).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != VERSION:
            return {}
        fragments = stored.get("fragments")
        return fragments if isinstance(fragments, dict) else {}

    def fresh(self, name: str, key: str | None) -> bool:
        """Whether ``name`` may be left as it is (then its key is kept for the next build)."""
        if key is None or self.previous.get(name) != key:
            return False
        if not os.path.isfile(os.path.join(self.output, name)):  # no Path: asked 7,600 times
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
                    "site": self._site,
                },
                sort_keys=True,
            ),
        )
        for kind, pieces in self.fragments.items():
            if pieces.keys() == self._fragments.get(kind, {}).keys():
                continue  # every piece was the last build's, and no other: the file is this
            write_atomic(
                self._fragments_path(kind),
                json.dumps({"version": VERSION, "fragments": pieces}, ensure_ascii=False),
            )
        logger.info("render cache: %d pages unchanged, %d rendered", self.skipped, self.rendered)


@functools.lru_cache(maxsize=1024)
def _name(name: str) -> str:
    """A keyword argument's name as JSON (an identifier has nothing to escape); the same
    few names are asked for 70,000 times a build."""
    return f'"{name}"' if name.isidentifier() and name.isascii() else compact_json(name)


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
