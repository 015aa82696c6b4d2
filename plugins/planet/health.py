"""Feed health as organizers read it: one row per feed, from the store only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .policy import parse_iso
from .store import FeedRecord

#: Consecutive failed fetches after which a feed is reported "dead" rather than "failing".
DEAD_AFTER = 5


@dataclass(frozen=True)
class FeedHealth:
    """One feed's state: ``new`` (never fetched), ``ok``, ``failing`` or ``dead``."""

    id: str
    url: str
    moved_to: str | None
    status: int | None
    error: str | None
    consecutive_failures: int
    last_attempt: str | None
    last_success: str | None
    next_fetch: str | None  # not asked again before (the server's freshness or Retry-After)
    entry_count: int
    title: str | None

    def moment(self, name: str) -> datetime | None:
        """The stamp ``name`` (``last_attempt``, ``last_success``, ``next_fetch``) as a UTC
        datetime, for templates to format with Babel; None when there is none."""
        return parse_iso(getattr(self, name))

    @property
    def state(self) -> str:
        if self.last_attempt is None:
            return "new"
        if self.consecutive_failures >= DEAD_AFTER:
            return "dead"
        return "failing" if self.consecutive_failures else "ok"

    @classmethod
    def of(cls, record: FeedRecord) -> FeedHealth:
        """The health row of a stored feed."""
        return cls(
            id=record.id,
            url=record.url,
            moved_to=record.moved_to,
            status=record.status,
            error=record.error,
            consecutive_failures=record.consecutive_failures,
            last_attempt=record.last_attempt,
            last_success=record.last_success,
            next_fetch=record.next_fetch,
            entry_count=len(record.entries),
            title=record.title,
        )
