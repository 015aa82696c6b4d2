"""Public API of the conference plugin for code that runs outside a Pelican build.

``invoke fetch`` (planet), the roundup's archive task and the schedule importer read
people and editions through these functions instead of parsing ``content/`` themselves.
``settings`` is Pelican's settings, or any mapping with ``PATH`` (and, when the site moves
them, the ``CONFERENCE_*`` paths): the folders come from
:func:`plugins.core.siteconfig.site`, as in the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plugins.core.siteconfig import site

from .loader import load_editions
from .loader import load_people as _load_people
from .model import Edition, Person
from .stages import conference_generator_finalized

__all__ = ["conference_generator_finalized", "load_edition_index", "load_people"]


def load_people(settings: Mapping[str, Any]) -> dict[str, Person]:
    """Every person of the site, by id. Raises ContentError on invalid files."""
    facts = site(settings)
    return _load_people(facts.people_path, facts.languages)


def load_edition_index(settings: Mapping[str, Any]) -> dict[str, Edition]:
    """Every edition (without sessions), by id. Raises ContentError on invalid files."""
    facts = site(settings)
    people = _load_people(facts.people_path, facts.languages)
    return load_editions(facts.editions_path, people, facts.languages)
