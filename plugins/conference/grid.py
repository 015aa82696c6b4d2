"""Lay out an edition's schedule as a grid: rows by start time, columns by room.

Each day holds the sessions that *start* on that local date, so a session that runs past
midnight stays on the evening it began and its cell reaches into the next morning's rows
(the time labels say ``+1`` for those). The grid is not proportional to time: there is one
row per distinct start time of the day (as pretalx does since proportional grids left
large programmes mostly empty), and a session's cell reaches down to the first start time
at or after its end, so parallel sessions of any length line up and a five-minute talk
takes one row like a one-hour one (rows are as high as their sessions need, or one line
high on a busy day: :data:`COMPACT_ROWS`). Sessions longer than :data:`LONG_SESSION` (an
info desk open all day, a hackroom) are left out of the rows and listed once above the
day's grid (``GridDay.long``): in the rows they would only stretch every cell beside them.
The theme
places cells with CSS grid and turns the grid into a list on narrow screens; cells are
emitted in time order, so the list reads in order too.

A session in several rooms (a plenary, a break: ``Room: all`` or a list) spans their
columns. Where its rooms are not side by side it gets one cell per run of adjacent
columns; the cells after the first are marked ``continued`` (the list view and assistive
technology show the session once).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from babel import dates

#: sessions longer than half a conference day are shown above the grid, not in its rows
LONG_SESSION = timedelta(hours=6)
#: a day with more start times than this has a compact grid: rows one line high (the
#: theme's ``grid-compact``), so a FOSDEM day (86 start times) fits without empty screens
COMPACT_ROWS = 24


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
    #: sessions longer than LONG_SESSION, by start time: listed once above the grid
    long: list[Any] = field(default_factory=list)

    @property
    def compact(self) -> bool:
        """Many start times: the theme draws each row one line high (``grid-compact``)."""
        return len(self.times) > COMPACT_ROWS

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


def is_long(session: Any) -> bool:
    """A session longer than :data:`LONG_SESSION` (kept out of the grid's rows)."""
    return session.end - session.start > LONG_SESSION


def schedule_grid(edition: Any) -> list[GridDay]:
    """The grid of every day with sessions, in day order."""
    room_order = {room_id: index for index, room_id in enumerate(edition.rooms)}
    days = []
    for day, all_sessions in edition.days():
        long = sorted((s for s in all_sessions if is_long(s)), key=lambda s: s.start)
        sessions = [s for s in all_sessions if not is_long(s)]
        rooms = sorted(
            {r.id for s in sessions for r in s.rooms}, key=lambda r: room_order.get(r, 0)
        )
        column_of = {room_id: index + 2 for index, room_id in enumerate(rooms)}
        starts = sorted({s.start for s in sessions})
        row_of = {moment: index + 2 for index, moment in enumerate(starts)}
        last_line = len(starts) + 2
        grid = GridDay(day, [edition.rooms[r] for r in rooms], rows=len(starts) + 1, long=long)
        grid.times = [TimeMark(t, row_of[t], t.date() > day) for t in starts]
        for session in sorted(sessions, key=lambda s: (s.start, column_of[s.room.id])):
            columns = sorted(column_of[room.id] for room in session.rooms)
            row_end = _row_after(starts, session.end, last_line)
            for index, (first, last) in enumerate(_runs(columns)):
                grid.cells.append(
                    Cell(
                        session=session,
                        row_start=row_of[session.start],
                        row_end=row_end,
                        column=first,
                        ends_next_day=session.end.date() > day,
                        column_end=last + 1,
                        continued=index > 0,
                    )
                )
        days.append(grid)
    return days


def _row_after(starts: list[datetime], end: datetime, last_line: int) -> int:
    """The grid line of the first start time at or after ``end`` (the grid's last line
    when no session starts after it): where a cell ending at ``end`` stops."""
    index = bisect_left(starts, end)
    return index + 2 if index < len(starts) else last_line


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


def zone_label(moment: datetime, locale: Any) -> str:
    """The short name of the zone in force at ``moment`` for ``locale`` from CLDR (Babel):
    its abbreviation where the locale has one (``PST``), else the localized GMT format
    (``GMT+01:00``, ``UTC+01:00`` in French), written after every time the schedule shows."""
    short = dates.format_datetime(moment, "z", tzinfo=moment.tzinfo, locale=locale)
    if any(ch.isalpha() for ch in short):
        return short
    return dates.get_timezone_gmt(moment, "long", locale=locale)
