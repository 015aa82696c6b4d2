"""The versions of Python and of the libraries that change what a build writes.

The render cache's site digest, the reader cache's stamp and the input stamp
(:mod:`.cachekeys`, :mod:`.pelicancaches`, :mod:`.inputstamp`) all key by them: a new
release of one of these libraries may render the same sources differently.
"""

from __future__ import annotations

import platform
from importlib import metadata

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


def library_version(name: str) -> str:
    """The installed version of the distribution ``name`` (``""`` when not installed)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _libraries() -> dict[str, str]:
    # the zoneinfo data and json/html escaping come with Python itself
    return {
        "python": platform.python_version(),
        **{name: library_version(name) for name in _LIBRARIES},
    }
