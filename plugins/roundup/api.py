"""Public API of the roundup plugin for code outside it (its answer to the planet's media
fetch, the WARC export)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from plugins.planet.api import MediaWants

from .archive import FOLDER, load_archive

__all__ = ["archived_documents", "media_wants"]


def media_wants(root: Path, *, settings: Mapping[str, Any], feeds: list) -> MediaWants | None:
    """The roundup's answer to the media archive (:data:`plugins.planet.api.media_wanted`):
    the editions' archived copies, whose images ``invoke fetch`` keeps."""
    content = Path(settings.get("PATH") or "content")
    documents = archived_documents(content if content.is_absolute() else root / content)
    return MediaWants(documents=tuple(documents)) if documents else None


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
