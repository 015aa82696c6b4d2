"""Lay out an edition's schedule as a grid: rows by time slot, columns by room.

Each day holds the sessions that *start* on that local date, so a session that runs past
midnight stays on the evening it began and its cell reaches into the next morning's rows
(the time labels say ``+1`` for those). Rows are the intervals between consecutive start
and end times of the day's sessions, so parallel sessions of any length line up without a
fixed slot size. The theme places cells with CSS grid and turns the grid into a list on
narrow screens; cells are emitted in time order, so the list reads in order too.

A session in several rooms (a plenary, a break: ``Room: all`` or a list) spans their
columns. Where its rooms are not side by side it gets one cell per run of adjacent
columns; the cells after the first are marked ``continued`` (the list view and assistive
technology show the session once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Cell:
    """One session placed on the grid (1-based CSS grid lines, header row included)."""

    session: Any
    row_start: int
    row_end: int
    column: int
    ends_next_day: bool
    #: the grid line after its last column (``column + 1`` for one room)
    column_end: int = 0
    #: a further run of the same session's columns (shown once in the list view)
    continued: bool = False

    @property
    def span(self) -> int:
        """How many room columns the cell covers."""
        return max(self.column_end - self.column, 1)


@dataclass(frozen=True)
class TimeMark:
    """A time label at the top of one row."""

    time: datetime
    row: int
    next_day: bool


@dataclass
class GridDay:
    """One day of the schedule."""

    date: date
    rooms: list[Any]
    times: list[TimeMark] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    rows: int = 0

    @property
    def columns(self) -> int:
        """Number of room columns."""
        return len(self.rooms)

    def slots(self) -> list[tuple[TimeMark, list[Cell]]]:
        """Each time label with the cells that start in its row: the list view on narrow
        screens reads as sessions grouped under the time they start (the grid places
        every item by its row and column, so this order changes nothing there)."""
        starting: dict[int, list[Cell]] = {}
        for cell in self.cells:
            starting.setdefault(cell.row_start, []).append(cell)
        return [(mark, starting.get(mark.row, [])) for mark in self.times]


def schedule_grid(edition: Any) -> list[GridDay]:
    """The grid of every day with sessions, in day order."""
    room_order = {room_id: index for index, room_id in enumerate(edition.rooms)}
    days = []
    for day, sessions in edition.days():
        rooms = sorted(
            {r.id for s in sessions for r in s.rooms}, key=lambda r: room_order.get(r, 0)
        )
        column_of = {room_id: index + 2 for index, room_id in enumerate(rooms)}
        bounds = sorted({s.start for s in sessions} | {s.end for s in sessions})
        row_of = {moment: index + 2 for index, moment in enumerate(bounds)}
        grid = GridDay(day, [edition.rooms[r] for r in rooms], rows=len(bounds))
        grid.times = [TimeMark(t, row_of[t], t.date() > day) for t in bounds[:-1]]
        for session in sorted(sessions, key=lambda s: (s.start, column_of[s.room.id])):
            columns = sorted(column_of[room.id] for room in session.rooms)
            for index, (first, last) in enumerate(_runs(columns)):
                grid.cells.append(
                    Cell(
                        session=session,
                        row_start=row_of[session.start],
                        row_end=row_of[session.end],
                        column=first,
                        ends_next_day=session.end.date() > day,
                        column_end=last + 1,
                        continued=index > 0,
                    )
                )
        days.append(grid)
    return days


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Sorted column numbers as (first, last) runs of adjacent ones: 2,3,5 -> (2,3),(5,5)."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and column == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


def utc_offset(moment: datetime) -> str:
    """``+08:00`` for a zone-aware time (the offset in force at that moment)."""
    offset = moment.utcoffset()
    if offset is None:
        return "+00:00"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_offsets(edition: Any) -> list[str]:
    """Distinct UTC offsets in force during the edition's sessions (two across a DST change)."""
    seen: list[str] = []
    for session in edition.sessions:
        offset = utc_offset(session.start)
        if offset not in seen:
            seen.append(offset)
    return seen
