"""The schedule grid's rows follow the sessions' start times (plugins/conference/grid.py):
not proportional to time, and sessions longer than half a day are listed above the grid."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from plugins.conference.grid import schedule_grid
from plugins.conference.model import Room

ZONE = ZoneInfo("Europe/Brussels")
ROOMS = {name: Room(name, name) for name in ("a", "b", "desk")}


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 2, 6, hour, minute, tzinfo=ZONE)


def _session(name, room, start, end):
    return SimpleNamespace(id=name, rooms=[ROOMS[room]], room=ROOMS[room], start=start, end=end)


def _grid(*sessions):
    edition = SimpleNamespace(rooms=ROOMS, days=lambda: [(_at(0).date(), list(sessions))])
    (day,) = schedule_grid(edition)
    return day


def test_one_row_per_start_time_whatever_the_lengths():
    day = _grid(
        _session("hour", "a", _at(10), _at(11)),
        _session("five", "b", _at(10), _at(10, 5)),
        _session("next", "b", _at(10, 30), _at(11)),
        _session("late", "a", _at(14), _at(14, 20)),
    )
    assert [m.time for m in day.times] == [_at(10), _at(10, 30), _at(14)]
    rows = {c.session.id: (c.row_start, c.row_end) for c in day.cells}
    # a five-minute talk takes one row, the hour two (to the next start after its end),
    # and the gap from 11:00 to 14:00 takes no row at all
    assert rows == {"hour": (2, 4), "five": (2, 3), "next": (3, 4), "late": (4, 5)}
    assert day.rows == 4  # three start rows and the closing line
    assert [c.session.id for c in day.cells] == ["hour", "five", "next", "late"]


def test_sessions_longer_than_half_a_day_are_listed_above_the_grid():
    desk = _session("desk", "desk", _at(9), _at(18))
    workshop = _session("workshop", "b", _at(9), _at(13))  # half a day stays in the grid
    talk = _session("talk", "a", _at(11), _at(11, 30))
    day = _grid(talk, desk, workshop)
    assert day.long == [desk]
    assert {c.session.id for c in day.cells} == {"talk", "workshop"}
    assert [room.id for room in day.rooms] == ["a", "b"]  # the desk's room has no column
    assert [m.time for m in day.times] == [_at(9), _at(11)]


def test_zone_label_is_an_abbreviation_or_a_gmt_offset():
    from babel import dates

    from plugins.conference.grid import zone_label

    winter = datetime(2021, 2, 6, 11, tzinfo=ZoneInfo("America/Los_Angeles"))
    # English has an abbreviation for Pacific time: used as CLDR gives it
    assert zone_label(winter, "en") == dates.format_datetime(winter, "z", locale="en")
    assert any(ch.isalpha() for ch in zone_label(winter, "en"))
    # where the language has none (Brussels in English), the localized GMT format, not +0100
    label = zone_label(_at(11), "en")
    assert label == dates.get_timezone_gmt(_at(11), "long", locale="en")
    assert "01" in label and any(ch.isalpha() for ch in label)


def test_a_busy_day_has_a_compact_grid():
    from datetime import timedelta

    from plugins.conference.grid import COMPACT_ROWS

    def talks(count):
        five = timedelta(minutes=5)
        return [
            _session(f"t{i}", "ab"[i % 2], _at(8) + i * five, _at(8) + (i + 1) * five)
            for i in range(count)
        ]

    assert not _grid(*talks(COMPACT_ROWS)).compact
    assert _grid(*talks(COMPACT_ROWS + 1)).compact
