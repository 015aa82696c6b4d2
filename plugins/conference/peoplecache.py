"""People files read once: each valid ``people/<id>.yaml``'s :class:`.model.Person`, kept
between builds by the file's status.

A FOSDEM-size edition has about 700 people files; parsing and checking them is a sizeable
part of a rebuild after one edit (``invoke live``, ``invoke regenerate``). The cache keeps
the person each file *validated* to, as it was before the build linked it to sessions and
posts, under a key of the file's status (size, modification and change times, inode: any
write changes the change time, which no tool sets back), the site's languages and the code
and libraries that read it. A file whose reading found a problem is never kept, so its
problems are reported on every build.

It is kept in ``CACHE_PATH`` beside Pelican's reader cache, used when that cache is
(``CACHE_CONTENT`` writes, ``LOAD_CONTENT_CACHE`` reads), and pickled as Pelican pickles
the reader cache: the cache folder is the build's own, as trusted as that cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import platform
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.cachekeys import module_statuses, stat_key
from plugins.core.libraries import library_version
from plugins.core.pelicancaches import read_pickle

from .model import Person

#: the folders whose code reads a people file (a change of any file in them is a new key)
_CODE = (Path(__file__).parent, Path(__file__).parents[1] / "core")


def _code_key() -> list[Any]:
    return module_statuses(*_CODE)


class PeopleCache:
    """The validated people of the last build, by file (see the module docstring)."""

    def __init__(self, path: Path, languages: Any, load: bool = True) -> None:
        self.path = path
        self.key = hashlib.sha256(
            json.dumps(
                [
                    platform.python_version(),
                    library_version("pyyaml"),
                    _code_key(),
                    list(languages.tags),
                    languages.default.tag,
                ]
            ).encode()
        ).hexdigest()
        self.previous: dict[str, tuple[str, bytes]] = {}
        self.current: dict[str, tuple[str, bytes]] = {}
        #: each file's status when :meth:`get` looked, before it was read
        self._stamps: dict[str, str | None] = {}
        if load:
            self.previous = self._load()

    @classmethod
    def of(cls, settings: dict, languages: Any) -> PeopleCache | None:
        """The cache of this build, or None when Pelican's reader cache is off."""
        if not settings.get("CACHE_CONTENT"):
            return None
        folder = Path(settings.get("CACHE_PATH") or "cache")
        return cls(folder / "people.pickle", languages, bool(settings.get("LOAD_CONTENT_CACHE")))

    def _load(self) -> dict[str, tuple[str, bytes]]:
        stored = read_pickle(self.path)
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return {}
        people = stored.get("people")
        return people if isinstance(people, dict) else {}

    def get(self, path: Path) -> Person | None:
        """The person ``path`` read to when its status was the same, or None."""
        stamp = self._stamps[str(path)] = _stamp(path)
        known = self.previous.get(str(path))
        if stamp is None or not isinstance(known, tuple) or len(known) != 2:
            return None
        if known[0] != stamp or not isinstance(known[1], bytes):
            return None
        person = read_pickle(known[1])
        if not isinstance(person, Person):
            return None
        self.current[str(path)] = known
        return person

    def put(self, path: Path, person: Person) -> None:
        """Keep ``person`` (valid, not yet linked to sessions or posts) for ``path``,
        under the status :meth:`get` saw before the file was read."""
        stamp = self._stamps.get(str(path))
        if stamp is not None:
            self.current[str(path)] = (stamp, pickle.dumps(person))

    def save(self) -> None:
        """Keep the people read this build (only files there now)."""
        if self.current == self.previous and self.path.is_file():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, pickle.dumps({"key": self.key, "people": self.current}))


def _stamp(path: Path) -> str | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None
