"""Settings Pelican's content cache cannot save: the cache is turned off, with a notice.

Pelican's reader cache (``CACHE_CONTENT``) pickles what each Markdown file read to, and
the tags and authors in it carry the whole settings dict. A lambda or a function defined
inside another (``JINJA_FILTERS = {"shout": lambda s: s.upper()}``, as Pelican's
documentation shows) cannot be pickled, so saving the cache fails, with a warning that
``--fatal warnings`` turns into a traceback, on every build. :func:`content_cache_off`
(Pelican's ``initialized``) finds such settings before any file is read and turns the
content cache off for the run, printing one note naming the setting and its line; the
build is then as fast as a build without the cache. A function defined with ``def`` at
the top level of the settings file pickles (by reference) and keeps the cache on.

This changes only whether the cache is used, never its keys (:mod:`.buildcache`).
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import report
from .errors import Problem
from .settings import SETTINGS_FILE
from .settingsfile import assignment

if TYPE_CHECKING:
    from pelican import Pelican


def unpicklable(settings: Mapping[str, Any]) -> list[str]:
    """The upper-case settings whose values ``pickle`` refuses, sorted."""
    names = []
    for name in sorted(k for k in settings if isinstance(k, str) and k.isupper()):
        try:
            pickle.dumps(settings[name])
        except Exception:  # PicklingError, TypeError, AttributeError: all mean "cannot"
            names.append(name)
    return names


def content_cache_off(pelican: Pelican) -> None:
    """``initialized`` handler: no content cache for a run whose settings cannot be
    pickled; one ``note:`` line on stderr says which setting and why (a note, not a
    warning: the build is right, only slower)."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    names = unpicklable(settings)
    if not names:
        return
    settings["CACHE_CONTENT"] = settings["LOAD_CONTENT_CACHE"] = False
    path, line = assignment(names[0], settings[names[0]]) or (SETTINGS_FILE, None)
    others = f" (and {', '.join(names[1:])})" if names[1:] else ""
    note = Problem(
        path,
        f"cannot be saved by Pelican's content cache{others} (a lambda, or a function "
        "defined inside another): the content cache is off for this build; define "
        "functions with def at the top level of the settings file to keep it",
        names[0],
        line,
        note=True,
    )
    sys.stderr.write(note.format(report.report_root()) + "\n")
