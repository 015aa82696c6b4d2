"""Results of pure functions of a text, kept between builds by the digest of their arguments.

Pelican's reader cache keeps what each file *read* to, but a rebuild still makes every
content object again, and the ``content_object_init`` handlers work on each: sanitizing
the text's HTML (nh3), counting its words and cutting its CJK-aware summary. On a
1,000-post site in three languages that was a fifth of the Pelican run after one edit,
spent on 2,999 texts that had not changed. Each of those is a pure function of its
arguments (strings and numbers: the HTML, the settings it reads) and of the code and
libraries that run it, so its result is kept under the digest of the function's name and
arguments, in ``CACHE_PATH/text-memo.pickle``. The file is stamped with Python's and the
rendering libraries' versions and the status of every module under ``plugins/``; a file
with another stamp is not loaded. Only the results asked for by this build are written
back when the run has finished, so the file holds what the site's texts need now.

A caller passes every input of its function as an argument (a setting it reads too):
what is not in the arguments must be in the code. The memo is used when Pelican's reader
cache is (``CACHE_CONTENT`` writes it, ``LOAD_CONTENT_CACHE`` reads it) and pickled as
that cache is: the cache folder is the build's own, as trusted as it.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pelican import signals

from . import keys
from .atomic import write_atomic
from .cachekeys import _libraries, module_statuses
from .pelicancaches import read_pickle

T = TypeVar("T")

#: The file under ``CACHE_PATH``.
NAME = "text-memo.pickle"
#: Bumped when what is kept changes shape.
VERSION = 1
_PLUGINS = Path(__file__).resolve().parents[1]


def memo_of(context: dict | None) -> TextMemo | None:
    """This run's memo (made on first use), or None: no context, or the reader cache off."""
    if not context:
        return None
    try:
        return context[keys.TEXT_MEMO]
    except KeyError:
        pass
    memo = None
    if context.get("CACHE_CONTENT"):
        path = Path(context.get("CACHE_PATH") or "cache") / NAME
        memo = TextMemo(path, bool(context.get("LOAD_CONTENT_CACHE")))
        # weakly (blinker's default): a run that never finishes does not keep its memo
        signals.finalized.connect(memo.finalized)
    context[keys.TEXT_MEMO] = memo
    return memo


def remembered(
    context: dict | None, name: str, arguments: Sequence[Any], make: Callable[[], T]
) -> T:
    """``make()``, or what it returned in a build that asked with the same ``name`` and
    ``arguments`` (strings, numbers, None, lists of those)."""
    memo = memo_of(context)
    return make() if memo is None else memo.get(name, arguments, make)


class TextMemo:
    """The kept results of the last build and those asked for in this one."""

    def __init__(self, path: Path, load: bool = True) -> None:
        self.path = path
        self.stamp = _stamp()
        self.previous: dict[bytes, Any] = self._load() if load else {}
        self.current: dict[bytes, Any] = {}
        self.made = 0

    def _load(self) -> dict[bytes, Any]:
        stored = read_pickle(self.path)
        if not isinstance(stored, dict) or stored.get("stamp") != self.stamp:
            return {}
        results = stored.get("results")
        return results if isinstance(results, dict) else {}

    def get(self, name: str, arguments: Sequence[Any], make: Callable[[], T]) -> T:
        """The kept result of ``name(*arguments)``, else ``make()`` (then kept)."""
        key = hashlib.sha256(
            json.dumps([name, *arguments], ensure_ascii=False).encode("utf-8", "surrogatepass")
        ).digest()
        try:
            value = self.current[key] = self.previous[key]
        except KeyError:
            value = self.current[key] = make()
            self.made += 1
        return value

    def save(self) -> None:
        """Write the results asked for in this build, unless they are the file's already."""
        if self.current.keys() == self.previous.keys() and self.path.is_file():
            return
        data = pickle.dumps({"stamp": self.stamp, "results": self.current}, protocol=5)
        write_atomic(self.path, data, durable=False)

    def finalized(self, pelican: Any) -> None:
        """``finalized`` handler of the run that made this memo: save it, once."""
        signals.finalized.disconnect(self.finalized)
        self.save()


def _stamp() -> str:
    """Python's and the libraries' versions and the status of every plugin module."""
    data = json.dumps([VERSION, _libraries(), module_statuses(_PLUGINS)], sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
