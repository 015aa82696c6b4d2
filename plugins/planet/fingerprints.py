"""What the render cache (:mod:`plugins.core.buildcache`) knows of the planet.

The store (``data/planet/``) and the media archive are not in the site digest: every
fetch round changes them (a participant's new post, a new post on a wall's stream, a
picture copied), and a digest change re-renders every cacheable page. The two cacheable
pages that show the planet are keyed by what they show instead:

- a person's page (its subject's fingerprint, :func:`person_entries`) by the newest
  entries of their feed, as ``person.html`` lists them (``planet.recent_for``);
- a session's page by its speakers' and its roundup's posts (the conference plugin's
  fingerprint of a session takes their values);

and an entry (:func:`entry`) by every field, plus, for each picture its HTML shows, the
media archive's copy as the page would serve it (none when the archive has none or the
picture is withheld), so a picture archived or taken down since re-renders the page.
Pages that list the planet (its listings, the walls, the roundups) are always written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from plugins.core import buildcache, keys
from plugins.core.media import image_sources

from .generator import media_finder
from .model import PlanetEntry


def _context(fp: buildcache.Fingerprinter, what: str) -> dict:
    if fp.context is None:  # keyed outside a build: nothing to look the planet up in
        raise buildcache.Uncacheable(what)
    return fp.context


def entry(value: PlanetEntry, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """An entry: its fields and the copies of the pictures its HTML shows."""
    find = media_finder(_context(fp, "PlanetEntry"))
    sources = image_sources(value.html)
    sources += [
        m["url"] for m in value.media if isinstance(m, dict) and isinstance(m.get("url"), str)
    ]
    return [
        "planet entry",
        [fp.value(getattr(value, field.name)) for field in dataclasses.fields(value)],
        [[source, fp.value(find(source))] for source in sources],
    ]


def person_entries(value: Any, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """A person's page lists the newest entries of their feed (a link to them, none)."""
    if not top:
        return None
    planet = _context(fp, "a person's planet entries").get(keys.PLANET)
    if planet is None:
        return []
    return [fp.value(e) for e in planet.recent_for(value.id)]


def install() -> None:
    """Register the fingerprints (idempotent)."""
    from plugins.conference.api import Person

    buildcache.register(PlanetEntry, entry)
    buildcache.extend(Person, person_entries)
