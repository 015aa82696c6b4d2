"""The caches Pelican and Jinja keep, guarded: the reader cache's stamp, compiled templates.

Pelican's reader cache does not notice when what reads the files changes:
:func:`guard_content_cache` stamps it with :func:`content_cache_stamp` (settings, the
plugins' code, the libraries' versions) and does not load a cache with another stamp.
Jinja's bytecode cache does not notice a change of the environment a template was
compiled in: :class:`EnvironmentBytecodeCache` keys it by that too. Both are parts 1 and
3 of :mod:`plugins.core.buildcache`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemBytecodeCache

from .atomic import write_atomic
from .cachekeys import VERSION, Fingerprinter, _folder, _libraries, _plugin_folders, _settings
from .settingsdigest import environment_digest

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

# the logger of the module these handlers were written in: its records keep their name
logger = logging.getLogger("plugins.core.buildcache")


def read_pickle(data: Path | bytes) -> Any:
    """What a cache file of the build's own (or its bytes) holds, or None when it is missing
    or cannot be read, whatever is wrong with it (cut short, another Python's protocol, a
    class renamed since): a cache that cannot be read is made again, never a traceback.
    The cache folder is the build's own, as trusted as Pelican's pickled reader cache."""
    try:
        return pickle.loads(data if isinstance(data, bytes) else data.read_bytes())
    except Exception:
        return None


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


def guard_content_cache(pelican: Pelican) -> None:
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


def use_bytecode_cache(generator: Generator) -> None:
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
        self._digests: dict[int, tuple[Environment, str]] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str):
        known = self._digests.get(id(environment))
        if known is None or known[0] is not environment:
            known = (environment, environment_digest(environment, self._skip))
            self._digests[id(environment)] = known
        return super().get_bucket(environment, f"{known[1]}:{name}", filename, source)
