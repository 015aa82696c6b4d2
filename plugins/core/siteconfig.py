"""Read the site-wide part of ``content/conference.yaml`` that settings depend on.

``pelicanconf.py`` calls :func:`conference_settings` so that the language list, default
language, site name and time zone have one source, the content. The languages plugin and
the conference plugin both read languages through :func:`language_set`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import report
from .errors import ContentError, Problem, ProblemCollector
from .languages import LanguageSet, make_language, make_language_set
from .timezones import make_timezone
from .yamlio import load_yaml_mapping

CONFERENCE_FILE = "conference.yaml"


def conference_file(settings: dict[str, Any]) -> Path:
    """Path of ``conference.yaml`` for Pelican ``settings`` (``CONFERENCE_FILE`` in PATH)."""
    return Path(settings["PATH"]) / settings.get("CONFERENCE_FILE", CONFERENCE_FILE)


def language_set(settings: dict[str, Any]) -> LanguageSet:
    """The site's languages for Pelican ``settings`` (re-read when the file changes)."""
    path = conference_file(settings)
    try:
        stamp = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        raise ContentError([Problem(str(path), "is missing; expected the site's "
                                    "conference.yaml (see docs/content.md)")]) from None
    return _load_language_set(str(path), stamp)


@lru_cache(maxsize=8)
def _load_language_set(path: str, stamp: int) -> LanguageSet:
    # Memoized on (path, mtime): a pure function of the file, so `regenerate` stays correct.
    del stamp
    return load_language_set(Path(path))


def load_language_set(path: Path) -> LanguageSet:
    """Parse ``languages`` and ``default_language``; errors name the file, key and line."""
    return _language_set_of(load_yaml_mapping(path), path)


def _language_set_of(data: Any, path: Path) -> LanguageSet:
    problems = ProblemCollector()
    entries = data.get("languages")
    languages = []
    if not isinstance(entries, list) or not entries:
        problems.add(str(path), "languages must be a non-empty list of BCP 47 tags, "
                     "e.g. [zh-Hans, en, fr]", "languages", data.line_of("languages"))
        entries = []
    for index, entry in enumerate(entries):
        tag, segment, source, conversion = entry, None, None, None
        if isinstance(entry, dict):
            # {tag: zh-Hant, from: zh-Hans, convert: s2t}: a tree converted by machine
            tag, segment = entry.get("tag"), entry.get("segment")
            source, conversion = entry.get("from"), entry.get("convert")
        try:
            languages.append(make_language(tag, segment, source, conversion))
        except ValueError as exc:
            problems.add(str(path), str(exc), f"languages[{index}]", data.line_of("languages"))
    default = data.get("default_language")
    result = None
    if default is None:
        problems.add(str(path), "missing required key 'default_language'", "default_language", 1)
    elif languages:
        try:
            result = make_language_set(languages, str(default))
        except ValueError as exc:
            problems.add(str(path), str(exc), "default_language",
                         data.line_of("default_language"))
    problems.raise_if_any()
    assert result is not None
    return result


def conference_settings(content_path: str | os.PathLike) -> dict[str, Any]:
    """Pelican settings derived from ``conference.yaml``: DEFAULT_LANG, SITENAME, TIMEZONE.

    Called by ``pelicanconf.py`` before any plugin is loaded, so it installs the problem
    report first: a mistake in ``conference.yaml`` is a located problem, not a traceback.
    """
    report.install()
    report.set_root(Path(content_path).resolve().parent)
    path = Path(content_path) / CONFERENCE_FILE
    if not path.is_file():
        raise ContentError([Problem(str(path), "is missing; expected the site's "
                                    "conference.yaml (see docs/content.md)")])
    data = load_yaml_mapping(path)
    languages = _language_set_of(data, path)
    zone = data.get("timezone") or "UTC"
    try:
        make_timezone(zone, languages.tags)
    except ValueError as exc:
        raise ContentError([Problem(str(path), str(exc), "timezone",
                                    data.line_of("timezone"))]) from None
    name = data.get("name")
    if isinstance(name, dict):
        name = name.get(languages.default.tag) or next(iter(name.values()), "")
    return {
        "DEFAULT_LANG": languages.default.tag,
        "SITENAME": str(name or ""),
        "TIMEZONE": str(data.get("timezone") or "UTC"),
        "CONFERENCE_SITE_URL": str(data.get("site_url") or "").rstrip("/"),
    }
