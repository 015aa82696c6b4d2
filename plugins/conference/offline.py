"""The site as an installable, offline-capable web app: a manifest per language tree and one
service worker at the root (its scope must cover every tree).

The worker's code is the theme's ``static/js/sw.js``; the build writes it to ``/sw.js``
after a line naming the build's version: a hash of the theme's static files and of the
conference pages and ``sessions.json`` files just written. A rebuild that changes any of
them changes the worker, whose activation deletes the caches of older versions. The worker
answers from the network first and from its cache when the network fails or is very slow
(4 s), so readers on a working network get the current pages.

Offline reading is complete and honest: the worker keeps every language's offline page
(``{lang}/offline.html``) when it installs and shows it for a page it has not kept; an
edition's ``offline.json`` lists what its pages ask the worker to keep: the edition's own
pages (schedule, wall, roundup, its people's pages) always, its session pages too unless
their compressed size is over ``CONFERENCE_OFFLINE_AUTO_SIZE`` -- then only when the reader
asks ("Keep this edition offline: 2.1 MB", the size measured here when the pages are
written). The worker's own code is in the theme; ``theme/js/offline.js`` talks to it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.units import format_unit

from plugins.core.atomic import write_atomic

#: ``known(path, make)``: a page's compressed size, kept or made (:func:`compressed_size`)
Sizes = Callable[[Path, Callable[[], int]], int]

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "offline.html"
#: the theme's files every offline page needs (kept with the offline pages)
OFFLINE_ASSETS = ("theme/css/site.css", "theme/images/favicon.svg", "theme/js/offline.js")


#: the output files the worker's version covers, in this order (each pattern's sorted)
_VERSIONED = ("*/editions/**/*.html", "*/editions/*/sessions.json", "*/editions/*/offline.json")


def _versioned(name: str) -> int | None:
    """Which of :data:`_VERSIONED` the output path ``name`` matches, as ``Path.glob``
    matches them (a ``*`` is one whole path segment, ``**/`` any number), or None."""
    parts = name.split("/")
    if len(parts) < 3 or parts[1] != "editions" or "" in parts:
        return None
    if parts[-1].endswith(".html"):
        return 0
    if len(parts) == 4 and parts[3] in ("sessions.json", "offline.json"):
        return 1 if parts[3] == "sessions.json" else 2
    return None


def build_version(output: Path, theme_static: Path, written: set[str] | None = None) -> str:
    """A short hash of the theme's static files and every edition page and data file
    (those of ``written``, output paths relative to ``output``, when given)."""
    digest = hashlib.sha256()
    files = sorted(p for p in theme_static.rglob("*") if p.is_file())
    if written is None:
        found = [list(output.glob(pattern)) for pattern in _VERSIONED]
    else:  # the same files, without walking every tree of the output
        found = [[], [], []]
        for name in written:
            group = _versioned(name)
            if group is not None and (output / name).is_file():
                found[group].append(output / name)
    files += [path for paths in found for path in sorted(paths)]
    for path in files:
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_worker(
    output: Path, theme_static: Path, languages: Any, written: set[str] | None = None
) -> str:
    """Write ``/sw.js`` (the theme's worker with this build's version and where the offline
    pages are); return the version.

    ``written``: the output paths the conference plugin wrote in this run (see
    :func:`build_version`)."""
    source = theme_static / "js" / WORKER
    if not source.is_file():
        return ""
    version = build_version(output, theme_static, written)
    offline = {
        "pages": {lang.segment: lang.path(OFFLINE_PAGE) for lang in languages},
        "default": languages.default.segment,
        "assets": list(OFFLINE_ASSETS),
    }
    write_atomic(
        output / WORKER,
        f'var VERSION = "{version}";\nvar OFFLINE = {json.dumps(offline)};\n'
        + source.read_text(encoding="utf-8"),
    )
    return version


#: home screens show about 12 characters under an icon before they cut the name
SHORT_NAME_LENGTH = 12


def short_name(name: str, limit: int = SHORT_NAME_LENGTH) -> str:
    """``name`` if it fits in ``limit`` characters, else its leading words that fit (cut at
    a space, never inside a word), else its first word whole: a launcher that must cut it
    again then does so at its own end, not in the middle of ours. Names without spaces
    (Chinese) that are too long are kept whole for the same reason."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    words = name.split(" ")
    kept = words[0]
    for word in words[1:]:
        if len(kept) + 1 + len(word) > limit:
            break
        kept += " " + word
    return kept


def offline_path(edition: Any) -> str:
    """Path of an edition's ``offline.json`` inside a language tree."""
    return f"editions/{edition.id}/offline.json"


def compressed_size(files: list[Path], known: Sizes | None = None) -> int:
    """What ``files`` weigh on the wire, compressed as a web server sends HTML (gzip).
    ``known(path, make)``: a file's size kept from the last build while the file is the
    same (the render cache's), else ``make()``."""
    total = 0
    for path in files:
        if path.is_file():
            make = functools.partial(_gzip_size, path)
            total += known(path, make) if known is not None else make()
    return total


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), mtime=0))


def size_label(size: int, language: Any) -> str:
    """``2.1 MB``, ``180 kB`` (decimal units, as browsers and phones count data)."""
    if size >= 1_000_000:
        value, unit = round(size / 1e6, 1), "digital-megabyte"
    else:
        value, unit = max(1, round(size / 1e3)), "digital-kilobyte"
    return format_unit(value, unit, "short", locale=language.locale)


def edition_offline(
    output: Path, edition: Any, language: Any, auto_size: int, known: Sizes | None = None
) -> dict[str, Any]:
    """What the edition's pages in ``language`` ask the worker to keep (the edition's
    ``offline.json``, its URLs relative to the file) and the size of its session pages,
    measured on the pages already written; ``on_request``: they are kept only when the
    reader asks, their size being over ``auto_size`` bytes."""
    folder = f"editions/{edition.id}/"
    pages = [edition.page_path, edition.schedule_path, f"{folder}sessions.json"]
    if getattr(edition, "wall", None):
        pages.append(edition.wall_path)
    if getattr(edition, "roundup", None) is not None:
        pages.append(edition.roundup_path)
    people = {}
    for person in [
        *edition.organizers,
        *(p for s in edition.sessions for p in s.speakers),
        *edition.listed_participants,
    ]:
        if person.has_page:
            people.setdefault(person.id, person.page_path)
    pages += people.values()
    sessions = [s.page_path for s in edition.sessions]
    size = compressed_size([output / language.path(p) for p in sessions], known)
    return {
        "pages": [_relative(p, folder) for p in pages],
        "sessions": [_relative(p, folder) for p in sessions],
        "size": size,
        "size_label": size_label(size, language),
        "on_request": size > auto_size,
    }


def _relative(path: str, folder: str) -> str:
    """``path`` (in a language tree) relative to ``folder`` (``editions/<id>/``)."""
    if path.startswith(folder):
        return path[len(folder) :]
    return "../../" + path


def offline_json(offline: dict[str, Any]) -> str:
    """The edition's ``offline.json``."""
    return json.dumps(offline, ensure_ascii=False, separators=(",", ":"))


def manifest(conference: Any, language: Any, converter: Any = None) -> str:
    """The web app manifest of one language tree (its home page starts the app); its
    ``short_name`` is the conference's ``short_name`` in that language, or the name
    shortened at a word boundary when the conference has none of its own. A derived
    language's (zh-Hant) names are its source's, converted by ``converter``."""
    name = conference.name.localized(language)
    own = conference.short_name.localized(language)
    if converter is not None:
        name, own = converter.text(name), converter.text(own)
    return json.dumps(
        {
            "name": name,
            "short_name": own if own and own != name else short_name(name),
            "lang": language.html_lang,
            "start_url": "./index.html",
            "scope": "./",
            "display": "standalone",
            "background_color": "#fbfaf7",
            "theme_color": "#a3362a",
            "icons": [
                {"src": "../theme/images/favicon.svg", "sizes": "any", "type": "image/svg+xml"}
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


def write_manifests(
    output: Path, conference: Any, languages: Any, converter_of: Any = lambda language: None
) -> None:
    """``{lang}/manifest.webmanifest`` for every language tree (``converter_of(language)``:
    the converter of a derived language, else None)."""
    for language in languages:
        text = manifest(conference, language, converter_of(language))
        write_atomic(output / language.path(MANIFEST), text)
