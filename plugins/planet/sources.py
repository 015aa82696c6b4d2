"""Which feeds to fetch: one :class:`FeedSource` per consenting person with a feed.

``invoke fetch`` runs outside Pelican, so it reads people through the conference plugin's
public API (:func:`plugins.conference.api.load_people`); :func:`sources_from_people` is the
one adapter between a Person and what the fetcher needs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedSource:
    """One feed to fetch: the person id (also the store file name), the configured URL or
    project-relative path, the charset override from the people file, and that file's
    path (``origin``, to locate errors in it)."""

    id: str
    url: str
    encoding: str | None = None
    origin: str | None = None


def sources_from_people(people: Mapping[str, Any]) -> list[FeedSource]:
    """Feeds of people with ``aggregate: true`` and a ``feed``, sorted by person id."""
    sources = []
    for person_id in sorted(people):
        person = people[person_id]
        feed = getattr(person, "feed", None)
        if getattr(person, "aggregate", False) and feed:
            encoding = getattr(person, "encoding", None)
            origin = getattr(person, "source_path", None)
            sources.append(FeedSource(person_id, str(feed), encoding, origin))
    return sources


def aggregated_ids(people: Mapping[str, Any]) -> set[str]:
    """Ids of the people whose feed may be shown (consent given, feed configured)."""
    return {source.id for source in sources_from_people(people)}


class UnknownSource(ValueError):
    """``--only`` named an id that is not an aggregated feed."""


def select_sources(sources: list[FeedSource], only: list[str]) -> list[FeedSource]:
    """The sources whose person id is in ``only``; an id that is not an aggregated feed
    (unknown, ``aggregate: false`` or no ``feed``) raises :class:`UnknownSource`, which
    lists the valid ids, rather than fetching nothing and succeeding."""
    valid = [source.id for source in sources]
    missing = [person_id for person_id in dict.fromkeys(only) if person_id not in valid]
    if missing:
        names = ", ".join(missing)
        raise UnknownSource(
            f"not an aggregated feed: {names} (an id is a people file name with "
            f"'aggregate: true' and a 'feed'); valid ids: {', '.join(valid) or 'none'}")
    return [source for source in sources if source.id in set(only)]


def load_sources(project_root: str | Path, settings: Mapping[str, Any]) -> list[FeedSource]:
    """Read the people files (``CONFERENCE_PEOPLE_PATH`` under Pelican's ``PATH``, taken
    from ``project_root`` when relative) and return the feeds to fetch."""
    from plugins.conference.api import load_people  # the conference plugin's public API

    content = Path(settings.get("PATH") or "content")
    if not content.is_absolute():
        content = Path(project_root) / content
    return sources_from_people(load_people({**settings, "PATH": str(content)}))
