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


def manifest(conference: Any, language: Any) -> str:
    """The web app manifest of one language tree (its home page starts the app)."""
    name = conference.name.localized(language)
    return json.dumps(
        {
            "name": name,
            "short_name": name if len(name) <= 12 else name[:12].rstrip(),
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
