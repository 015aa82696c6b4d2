"""Public API of the conference plugin for code that runs outside a Pelican build.

``invoke fetch`` (planet) and the schedule importer read people and editions through
these functions instead of parsing ``content/`` themselves.
"""

from __future__ import annotations

from pathlib import Path

from plugins.core.siteconfig import CONFERENCE_FILE, load_language_set

from .loader import load_editions
from .loader import load_people as _load_people
from .model import Edition, Person


def load_people(content_dir: str | Path) -> dict[str, Person]:
    """Every person of the site, by id. Raises ContentError on invalid files."""
    content_dir = Path(content_dir)
    languages = load_language_set(content_dir / CONFERENCE_FILE)
    return _load_people(content_dir / "people", languages)


def load_edition_index(content_dir: str | Path) -> dict[str, Edition]:
    """Every edition (without sessions), by id. Raises ContentError on invalid files."""
    content_dir = Path(content_dir)
    languages = load_language_set(content_dir / CONFERENCE_FILE)
    people = _load_people(content_dir / "people", languages)
    return load_editions(content_dir / "editions", people, languages)
