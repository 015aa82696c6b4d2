"""Which feeds to fetch: one :class:`FeedSource` per consenting person with a feed.

``invoke fetch`` runs outside Pelican, so it reads people through the conference plugin's
public API (:func:`plugins.conference.api.load_people`); :func:`sources_from_people` is the
one adapter between a Person and what the fetcher needs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from plugins.core.errors import Problem

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
    #: a stream's time window (aware datetimes, end excluded): entries dated outside it
    #: are not stored; None for a participant's feed (everything is kept)
    window: tuple[datetime, datetime] | None = None
    #: the key that names the feed in ``origin`` (``feed``; ``streams[0].url`` for a
    #: stream) and its line, when known (a person file's is looked up on a failure)
    key: str = "feed"
    line: int | None = None

    def problem(self, message: str) -> Problem | None:
        """``message`` located where the feed is configured: the person file and the line
        of its ``feed`` key, or the stream's ``url`` line in ``edition.yaml``; None when
        the source has no file (a test's)."""
        if not self.origin:
            return None
        line = self.line if self.line is not None else _key_line(self.origin, self.key)
        return Problem(str(self.origin), message, self.key, line)


def _key_line(path: str, key: str) -> int | None:
    """Line of a top-level ``key`` in a YAML file (read again only for an error)."""
    from plugins.core.yamlio import load_yaml_mapping

    try:
        data = load_yaml_mapping(Path(path))
    except Exception:  # the location is a courtesy; the failure stands
        return None
    return data.key_lines.get(key)


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


def sources_from_editions(editions: Mapping[str, Any]) -> list[FeedSource]:
    """The micro-blog streams of every edition (``streams`` in ``edition.yaml``): each a
    feed of the store named ``stream.<edition>.<stream>``, with its window in the
    edition's zone (from the first day's midnight to the midnight after the last)."""
    sources = []
    for edition_id in sorted(editions):
        edition = editions[edition_id]
        zone = edition.timezone
        for stream in getattr(edition, "streams", []):
            window = None
            if stream.start and stream.end:
                window = (
                    datetime.combine(stream.start, time(), zone),
                    datetime.combine(stream.end + timedelta(days=1), time(), zone),
                )
            sources.append(
                FeedSource(
                    stream.feed_id,
                    stream.url,
                    stream.encoding,
                    stream.source_path,
                    window,
                    key=stream.where or "streams",
                    line=stream.line,
                )
            )
    return sources


def edition_stream_ids(sources: list[FeedSource], edition_id: str) -> list[str]:
    """Ids of the stream feeds of one edition among ``sources``."""
    return [s.id for s in sources if s.id.startswith(f"stream.{edition_id}.")]


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
            f"'aggregate: true' and a 'feed', or stream.<edition>.<stream id> for an "
            f"edition's stream); valid ids: {', '.join(valid) or 'none'}"
        )
    return [source for source in sources if source.id in set(only)]


def load_sources(project_root: str | Path, settings: Mapping[str, Any]) -> list[FeedSource]:
    """Read the people files and the editions (``CONFERENCE_PEOPLE_PATH`` and
    ``CONFERENCE_EDITIONS_PATH`` under Pelican's ``PATH``, taken from ``project_root`` when
    relative) and return the feeds to fetch: the participants' and the editions' streams."""
    from plugins.conference.api import load_edition_index, load_people  # public API

    content = Path(settings.get("PATH") or "content")
    if not content.is_absolute():
        content = Path(project_root) / content
    site_settings = {**settings, "PATH": str(content)}
    return sources_from_people(load_people(site_settings)) + sources_from_editions(
        load_edition_index(site_settings)
    )
