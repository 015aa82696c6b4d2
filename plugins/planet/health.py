"""Feed health as organizers read it: one row per feed, from the store only.

The state file is committed and may be edited by hand, so each field is checked on the way
in (text as bounded plain text, counts as integers, stamps as ISO dates): a tampered file
shows blanks, never crashes the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugins.core.sanitize import plain_text

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
            url=_text(record.url) or "",
            moved_to=_text(record.moved_to),
            status=_count(record.status) or None,
            error=_text(record.error),
            consecutive_failures=_count(record.consecutive_failures),
            last_attempt=_stamp(record.last_attempt),
            last_success=_stamp(record.last_success),
            next_fetch=_stamp(record.next_fetch),
            entry_count=len(record.entries) if isinstance(record.entries, list) else 0,
            title=_text(record.title),
        )


def _text(value: Any) -> str | None:
    return plain_text(value)[:2000] or None if isinstance(value, str) else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _stamp(value: Any) -> str | None:
    return value if isinstance(value, str) and parse_iso(value) is not None else None
