"""Which Pagefind runs go at once: the expected peak memory of each run, and a schedule
whose memory stays within what running them one after the other needs anyway.

Run one after the other, the runs of an indexing peak at the largest run's memory (the
Chinese one: 630 MiB on the 1,000-post bench site, against about 100 MiB for English or
French). So by default (``SEARCH_INDEX_JOBS = None``) runs go at once only while the sum
of their expected peaks, and the index-copy child's, stays within the largest of them:
the small runs together beside the copies of the large ones, the largest alone. No more
runs than cores at once. A run's expected peak is the peak measured at its last run
(kept in the search cache, :class:`PeakRecord`), else an :func:`estimate` from its pages.
With a number, ``SEARCH_INDEX_JOBS`` caps the count only, as it always did.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plugins.core.atomic import write_atomic

from .shards import Page

MIB = 2**20
#: Estimates from a run's pages, fitted (least squares) on the sample site, the FOSDEM
#: bench site and the 1,000-post bench site (docs/benchmarks.md, "Runs at once"): a fixed
#: part, a part per page and per byte of the pages from ``data-pagefind-body`` on: within
#: 10 MiB of each of the nine measured peaks but one (the FOSDEM site's Chinese run,
#: 16 MiB above it). A language Pagefind segments into words loads the segmenter's
#: dictionary before its first page and holds each page's words until it writes the
#: index: its non-ASCII bytes (Chinese, and the other script's sentences the index copy
#: adds) cost 21 times an ASCII byte.
FIXED = 12 * MIB
PER_PAGE = 0.036 * MIB
PER_BYTE = 7.8
SEGMENTED_FIXED = 56 * MIB
SEGMENTED_PER_WIDE_BYTE = 168.0
#: The index-copy child with nothing measured yet: OpenCC's dictionaries and the pages
#: it parses, beside what it shares with the process it was forked from.
COPIER_EXTRA = 48 * MIB
#: Languages whose pages Pagefind's extended build segments into words.
_SEGMENTED = ("zh", "ja")


@dataclass(frozen=True)
class Run:
    """One Pagefind run to schedule: its name (``<language>-<shard>``) and expected peak
    memory in bytes."""

    name: str
    peak: int


def order(runs: Iterable[Run]) -> list[Run]:
    """The order in which runs get their index copies and start: the smallest expected
    peak first, so the runs that may go together go while the largest's copy is made."""
    return sorted(runs, key=lambda run: (run.peak, run.name))


def admit(
    ready: Sequence[Run],
    running: Iterable[Run],
    *,
    budget: int | None,
    cap: int,
    copier: int = 0,
) -> list[Run]:
    """The runs of ``ready`` (in order: those whose copies are made) that start now beside
    ``running`` and the copy child (its expected peak ``copier``, 0 once it has ended).

    At most ``cap`` runs at once. With a ``budget`` (bytes), the sum of the expected peaks
    stays within it, except for a run that starts alone (no other run, no copy child):
    it would run alone in any order. Runs start in order: when one must wait, so do the
    ones after it. Pure: the caller starts what it returns.
    """
    started: list[Run] = []
    running = list(running)
    load = sum(run.peak for run in running) + copier
    count = len(running)
    for run in ready:
        if count >= cap:
            break
        alone = count == 0 and copier == 0
        if budget is not None and not alone and load + run.peak > budget:
            break
        started.append(run)
        load += run.peak
        count += 1
    return started


def budget(runs: Iterable[Run], copier: int = 0) -> int:
    """The memory one run after the other needs anyway: the largest expected peak of
    the runs and of the copy child (which ran alone before them)."""
    return max([copier, *(run.peak for run in runs)])


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def segmented(group: str) -> bool:
    """Whether Pagefind segments a language's text into words (its dictionary's cost)."""
    return group.split("-")[0] in _SEGMENTED


def estimate(group: str, pages: Sequence[Page]) -> int:
    """The expected peak (bytes) of a run over ``pages`` of the language ``group``."""
    size = sum(page.size for page in pages)
    if not segmented(group):
        return int(FIXED + PER_PAGE * len(pages) + PER_BYTE * size)
    wide = sum(page.wide for page in pages)
    rest = PER_PAGE * len(pages) + PER_BYTE * (size - wide)
    return int(SEGMENTED_FIXED + rest + SEGMENTED_PER_WIDE_BYTE * wide)


def high_water() -> int:
    """This process's peak resident memory so far (bytes): the floor of a child's
    ``ru_maxrss`` (Linux counts the memory a child started from, see :class:`PeakRecord`).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource  # not on Windows; the sum is then only what was recorded

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class PeakRecord:
    """Peaks measured at the last runs, by run name, in ``folder/peaks.json`` (the search
    cache; None: nothing kept). A record that does not read (cut short, edited, another
    format) is ignored: the runs are estimated, and measured again.

    A child's ``ru_maxrss`` is the larger of its own peak and the peak of the process it
    was started from (Linux carries the parent's high-water mark across ``vfork`` and
    ``exec``), so a measurement at or under the parent's :func:`high_water` says only
    "at most that" and is not recorded.
    """

    FORMAT = 1
    NAME = "peaks.json"

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / self.NAME if folder is not None else None
        self.peaks: dict[str, int] = self._read()
        self.measured: dict[str, int] = {}

    def _read(self) -> dict[str, int]:
        if self.path is None:
            return {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("format") != self.FORMAT:
            return {}
        peaks = stored.get("peaks")
        if not isinstance(peaks, dict):
            return {}
        return {
            name: peak
            for name, peak in peaks.items()
            if isinstance(name, str) and type(peak) is int and peak > 0
        }

    def get(self, name: str) -> int | None:
        """The peak (bytes) measured at ``name``'s last run, or None."""
        return self.peaks.get(name)

    def measure(self, name: str, maxrss: int, floor: int) -> None:
        """Note ``name``'s ``ru_maxrss`` (bytes), if above ``floor`` (the parent's
        high-water mark when it started)."""
        if maxrss > floor:
            self.measured[name] = maxrss

    def save(self) -> None:
        """Write the record with this indexing's measurements (renamed into place)."""
        if self.path is None or not self.measured:
            return
        self.peaks.update(self.measured)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": self.FORMAT, "peaks": dict(sorted(self.peaks.items()))})
        write_atomic(self.path, text, durable=False)
