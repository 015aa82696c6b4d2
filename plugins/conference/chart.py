"""The participants-per-year chart of the editions archive, laid out at build time.

The theme draws it as inline SVG (no JavaScript): one horizontal bar per edition, its year
and its count written as text beside the bar, so the chart reads without colour and
without the bars. This module only computes the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_WIDTH = 56
BAR_WIDTH = 220
VALUE_GAP = 6
WIDTH = LABEL_WIDTH + BAR_WIDTH + 64


@dataclass(frozen=True)
class Bar:
    """One edition's bar; coordinates are in SVG user units."""

    edition: Any
    count: int
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class Chart:
    """Bars in year order, with the viewBox size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def participants_chart(editions: list[Any]) -> Chart | None:
    """Bars for editions with a participant count (oldest first), or None without any."""
    counted = sorted((e for e in editions if e.participant_count), key=lambda e: e.start)
    if not counted:
        return None
    top = max(e.participant_count for e in counted)
    bars = []
    for index, edition in enumerate(counted):
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        width = round(BAR_WIDTH * edition.participant_count / top, 1)
        bars.append(
            Bar(
                edition=edition,
                count=edition.participant_count,
                y=y,
                width=max(width, 1.0),
                text_y=index * ROW_HEIGHT + ROW_HEIGHT / 2,
                value_x=LABEL_WIDTH + max(width, 1.0) + VALUE_GAP,
            )
        )
    return Chart(bars, WIDTH, len(bars) * ROW_HEIGHT, LABEL_WIDTH, BAR_HEIGHT)
