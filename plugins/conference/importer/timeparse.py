"""Lenient date, time and duration parsing for schedule files."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_DURATION = re.compile(r"^\s*(\d{1,3}):(\d{2})(?::(\d{2}))?\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def parse_date(value: object) -> date | None:
    """``2021-02-06`` (a longer ISO date-time is cut to its date), else None."""
    text = str(value or "").strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 date-time, with or without offset (``Z`` accepted), else None."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_clock(value: object) -> time | None:
    """``09:30`` or ``09:30:00``, else None."""
    match = _CLOCK.match(str(value or ""))
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def parse_minutes(value: object) -> int | None:
    """Minutes in ``HH:MM`` or ``HH:MM:SS`` (seconds are rounded up), else None."""
    match = _DURATION.match(str(value or ""))
    if not match:
        return None
    return int(match[1]) * 60 + int(match[2]) + (1 if match[3] and int(match[3]) else 0)


def start_on_day(
    day_date: date | None, clock: time | None, day_start: datetime | None
) -> datetime | None:
    """An event's start from its day and clock time.

    Schedules list an event after midnight under the evening's day: a clock time earlier
    than the day's own start belongs to the next calendar day.
    """
    if day_date is None or clock is None:
        return None
    moment = datetime.combine(day_date, clock)
    if day_start is not None and clock < day_start.time():
        moment += timedelta(days=1)
    return moment
