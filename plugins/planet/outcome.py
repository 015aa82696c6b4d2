"""What a fetch run reports: one outcome per feed, and the run's summary."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FeedOutcome:
    """What happened to one feed in one run."""

    id: str
    kind: str  # "fetched", "not_modified", "failed" or "deferred" (not requested: see caching)
    new_entries: int = 0
    error: str | None = None
    moved: tuple[str, str] | None = None  # (old URL, new URL) after a permanent redirect
    bozo: str | None = None


@dataclass
class Summary:
    """The result of a fetch run, for the one-screen report and for tests."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    elapsed: float = 0.0

    def count(self, kind: str) -> int:
        """How many feeds ended as ``kind``."""
        return sum(outcome.kind == kind for outcome in self.outcomes)

    @property
    def fetched(self) -> int:
        """Feeds downloaded and parsed."""
        return self.count("fetched")

    @property
    def not_modified(self) -> int:
        """Feeds that answered 304 (or local files unchanged)."""
        return self.count("not_modified")

    @property
    def deferred(self) -> int:
        """Feeds not requested because their server asked to wait (fresh, Retry-After)."""
        return self.count("deferred")

    @property
    def failed(self) -> list[FeedOutcome]:
        """Outcomes of the feeds that failed."""
        return [outcome for outcome in self.outcomes if outcome.kind == "failed"]

    @property
    def moved(self) -> list[FeedOutcome]:
        """Outcomes of the feeds that moved permanently."""
        return [outcome for outcome in self.outcomes if outcome.moved]

    @property
    def new_entries(self) -> int:
        """Entries stored for the first time in this run."""
        return sum(outcome.new_entries for outcome in self.outcomes)
