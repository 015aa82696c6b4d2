"""Public API of the roundup plugin for code outside it (the planet's media fetch, the
WARC export)."""

from __future__ import annotations

from pathlib import Path

from .archive import FOLDER, load_archive

__all__ = ["archived_documents"]


def archived_documents(content: str | Path) -> list[tuple[str, tuple[str, ...]]]:
    """``("archive:<edition>", (html, ...))`` for each edition with archived copies under
    ``content/editions/``: the HTML whose images ``invoke fetch`` keeps. Every file is
    checked as the build checks it (:func:`.archive.load_archive`)."""
    editions = Path(content) / "editions"
    found = []
    for folder in sorted(editions.glob(f"*/{FOLDER}")) if editions.is_dir() else []:
        posts = load_archive(folder)
        if posts:
            found.append((f"archive:{folder.parent.name}", tuple(p.content for p in posts)))
    return found
