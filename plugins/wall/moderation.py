"""Who and what may appear on a wall: moderation rules and consent, in one decision.

A post is hidden when ``moderation.yaml`` names its id, its URL (compared as the planet
compares links: scheme, ``www.``, trailing slash and ``utm_*`` do not matter) or its
author's handle, and when its author is a person of the site who has not consented
(``aggregate: false``): by the handle in their ``accounts``, or because the stream is
their account (``person`` of the stream). Hidden posts never reach a page, a feed or the
search index; they stay in the store until ``invoke planet-purge``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from plugins.planet.api import normalize_link


@dataclass(frozen=True)
class Verdict:
    """Why a post is hidden: ``spam``, ``abuse``, ``takedown``, ... or ``consent``."""

    reason: str
    rule: str  # where the rule is written (file:line), or the person file


class Visibility:
    """Decides, for one edition, whether a stored post may be shown."""

    def __init__(
        self, moderation: Any, people: Mapping[str, Any], streams: Mapping[str, Any]
    ) -> None:
        self.by_id: dict[str, Any] = {}
        self.by_link: dict[str, Any] = {}
        self.by_handle: dict[str, Any] = {}
        for rule in getattr(moderation, "rules", None) or []:
            if rule.kind == "id":
                self.by_id[rule.value] = rule
            elif rule.kind == "url" and (key := normalize_link(rule.value)):
                self.by_link[key] = rule
            elif rule.kind == "handle":
                self.by_handle[rule.value] = rule
        self.people = people
        self.owner: dict[str, Any] = {}  # handle -> person
        for person in people.values():
            for handle in getattr(person, "accounts", []) or []:
                self.owner[handle] = person
        self.streams = streams  # feed id -> Stream

    def verdict(
        self, feed_id: str, entry_id: str, link: str | None, handle: str | None
    ) -> Verdict | None:
        """None when the post may be shown, else why not."""
        for rule in (
            self.by_id.get(entry_id),
            self.by_link.get(normalize_link(link) or ""),
            self.by_handle.get(handle or ""),
        ):
            if rule is not None:
                return Verdict(rule.reason, rule.where)
        person = self.person_of(feed_id, handle)
        if person is not None and not getattr(person, "aggregate", False):
            return Verdict("consent", getattr(person, "source_path", ""))
        return None

    def person_of(self, feed_id: str, handle: str | None) -> Any:
        """The person a post is by: the owner of its handle, else of its account stream."""
        if handle and handle in self.owner:
            return self.owner[handle]
        stream = self.streams.get(feed_id)
        if stream is not None and stream.person_id and (not handle or stream.kind == "account"):
            return self.people.get(stream.person_id)
        return None
