"""The site as an installable, offline-capable web app: a manifest per language tree and one
service worker at the root (its scope must cover every tree).

The worker's code is the theme's ``static/js/sw.js``; the build writes it to ``/sw.js``
after a line naming the build's version: a hash of the theme's static files and of the
conference pages and ``sessions.json`` files just written. A rebuild that changes any of
them changes the worker, whose activation deletes the caches of older versions. The worker
answers from the network first and from its cache when the network fails or is very slow
(4 s), so readers on a working network get the current pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic

WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"


def build_version(output: Path, theme_static: Path, written: set[str] | None = None) -> str:
    """A short hash of the theme's static files and every edition page and data file
    (those of ``written``, output paths relative to ``output``, when given)."""
    digest = hashlib.sha256()
    files = sorted(p for p in theme_static.rglob("*") if p.is_file())
    pages = sorted(output.glob("*/editions/**/*.html")) + sorted(
        output.glob("*/editions/*/sessions.json")
    )
    if written is not None:
        pages = [p for p in pages if p.relative_to(output).as_posix() in written]
    files += pages
    for path in files:
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_worker(output: Path, theme_static: Path, written: set[str] | None = None) -> str:
    """Write ``/sw.js`` (the theme's worker with this build's version); return the version.

    ``written``: the output paths the conference plugin wrote in this run (see
    :func:`build_version`)."""
    source = theme_static / "js" / WORKER
    if not source.is_file():
        return ""
    version = build_version(output, theme_static, written)
    write_atomic(
        output / WORKER, f'var VERSION = "{version}";\n' + source.read_text(encoding="utf-8")
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


def manifest(conference: Any, language: Any) -> str:
    """The web app manifest of one language tree (its home page starts the app); its
    ``short_name`` is the conference's ``short_name`` in that language, or the name
    shortened at a word boundary when the conference has none of its own."""
    name = conference.name.localized(language)
    own = conference.short_name.localized(language)
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


def write_manifests(output: Path, conference: Any, languages: Any) -> None:
    """``{lang}/manifest.webmanifest`` for every language tree."""
    for language in languages:
        write_atomic(output / language.path(MANIFEST), manifest(conference, language))
