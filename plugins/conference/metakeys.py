"""The metadata keys each kind of Markdown file may use (see docs/content.md).

A key outside its kind's set is a mistake (``Speaker`` for ``Speakers``, ``Editon``) that
would otherwise be ignored silently. A site adds its own keys, for its templates or other
plugins, with the ``CONFERENCE_EXTRA_METADATA`` setting.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Any

from plugins.core.siteconfig import SiteSettings

from .settings import ConferenceSettings

_COMMON = {"title", "lang", "summary"}
KEYS: dict[str, frozenset[str]] = {
    "post": frozenset(
        _COMMON
        | {
            "date",
            "modified",
            "authors",
            "edition",
            "tags",
            "slug",
            "status",
            "save_as",
            "url",
            "template",
        }
    ),
    "page": frozenset(
        _COMMON | {"date", "modified", "slug", "status", "save_as", "url", "template"}
    ),
    "session": frozenset(
        _COMMON
        | {
            "session",
            "start",
            "end",
            "room",
            "type",
            "track",
            "speakers",
            "slides",
            "video",
            "audio",
            "language",
            "image",
        }
    ),
    "roundup introduction": frozenset(_COMMON),
}


def allowed_keys(kind: str, settings: dict[str, Any]) -> frozenset[str]:
    """Lower-case keys allowed in a ``kind`` file: its own and CONFERENCE_EXTRA_METADATA."""
    return KEYS[kind] | ConferenceSettings.read(settings).extra_metadata


def kind_of(source_path: str, settings: dict[str, Any]) -> str | None:
    """``post``, ``page``, ``session``, ``roundup introduction`` or None (not checked)."""
    try:
        relative = PurePath(os.path.relpath(source_path, settings["PATH"]))
    except ValueError:
        return None
    editions = PurePath(SiteSettings.read(settings).editions_path)
    if relative.is_relative_to(editions):
        parts = relative.relative_to(editions).parts
        if len(parts) == 3 and parts[1] == "sessions":
            return "session"
        if len(parts) == 2 and parts[1].startswith("roundup."):
            return "roundup introduction"
    for kind, setting in (("page", "PAGE_PATHS"), ("post", "ARTICLE_PATHS")):
        for folder in settings.get(setting) or []:
            if not folder or relative.is_relative_to(folder):
                return kind
    return None
