"""The times of a session: local wall-clock times in its edition's zone, checked.

``Start`` and ``End`` are written ``YYYY-MM-DD HH:MM`` in the edition's time zone, or with
the zone's UTC offset (``09:30+08:00``). A time the clocks skip or repeat is refused by
:func:`plugins.core.timezones.local_time`; times are compared as instants.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from plugins.core.errors import shown
from plugins.core.timezones import local_time

from .model import Edition

_OFFSET_SPACE = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")
_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def read_time(located: Any, key: str, edition: Edition) -> datetime | None:
    """``key`` (``start`` or ``end``) of a session file as an aware time, or None after
    recording why not on ``located`` (a file's problem recorder)."""
    value = located.get(key)
    if value is None:
        located.fail(
            key,
            f"missing required key {shown(key.capitalize())} "
            "(local time YYYY-MM-DD HH:MM in the edition's time zone)",
            line=1,
        )
        return None
    written = _parse_time(value)
    if written is None:
        located.fail(
            key,
            f"{key.capitalize()} {shown(value)} is not a time; expected YYYY-MM-DD HH:MM "
            f"(local time in {edition.timezone.key})",
        )
        return None
    try:
        return local_time(written, edition.timezone)
    except ValueError as exc:  # the clocks change: it does not exist, or happens twice
        located.fail(key, f"{key.capitalize()} {shown(value)} {exc}")
        return None


def _parse_time(value: str) -> datetime | None:
    """A naive wall-clock time, or an aware one when written with its UTC offset."""
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    try:  # ISO 8601 with an offset; a space before it is common (``09:30 +08:00``)
        written = datetime.fromisoformat(_OFFSET_SPACE.sub(r"\1", value))
    except ValueError:
        return None
    return written if written.tzinfo is not None else None


def check_times(located: Any, edition: Edition, start: datetime, end: datetime) -> None:
    """End after Start, at most a day long, on one of the edition's days."""
    if end.astimezone(UTC) <= start.astimezone(UTC):  # instants: 01:30+02:00 < 01:10+01:00
        located.fail("end", f"End {end:%Y-%m-%d %H:%M} is not after Start {start:%Y-%m-%d %H:%M}")
    elif end.astimezone(UTC) - start.astimezone(UTC) > timedelta(hours=24):
        located.fail("end", "a session may last at most 24 hours")
    if edition.start > edition.end:
        return  # edition.yaml's own problem (end before start): no day is right
    if not edition.start <= start.date() <= edition.end:
        located.fail(
            "start",
            f"Start {start:%Y-%m-%d %H:%M} is outside edition {edition.id!r} "
            f"({edition.start} to {edition.end}); expected a time on one of its days",
        )
