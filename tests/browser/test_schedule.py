"""The schedule grid: no horizontal page overflow on a phone, rooms as columns on a desktop.

Selectors come from themes/ruyi/templates/schedule.html: each day is an ``ol.schedule-grid``
(a CSS grid from 48rem up) whose ``li.grid-room`` cells head the room columns and whose
``li.grid-session`` cells sit in their room's column.
"""

from __future__ import annotations

import itertools

import pytest

from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.browser

SCHEDULES = ["editions/2009/schedule.html", "editions/2008/schedule.html"]

# For each day's grid: its display, its column tracks, the room header boxes, and for each
# session whether its box lies within the columns of the room headers it shares grid
# columns with.
_GRID_LAYOUT = """() => [...document.querySelectorAll('.schedule-grid')].map(grid => {
  const style = getComputedStyle(grid);
  const box = el => { const r = el.getBoundingClientRect();
                      return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const rooms = [...grid.querySelectorAll('.grid-room')];
  const columnOf = el => getComputedStyle(el).gridColumnStart;
  const headers = Object.fromEntries(rooms.map(r => [columnOf(r), box(r)]));
  // a session in several rooms spans from its first room's column to its last one's
  const lastOf = el => String(parseInt(getComputedStyle(el).gridColumnEnd) - 1);
  const sessions = [...grid.querySelectorAll('.grid-session')].map(s => {
    const b = box(s), h = headers[columnOf(s)], l = headers[lastOf(s)] || h;
    return {title: s.innerText.split('\\n')[0], inColumn: !!h &&
            b.x >= h.x - 1 && b.x + b.w <= l.x + l.w + 1 && b.y >= h.y + h.h - 1};
  });
  return {display: style.display,
          tracks: style.gridTemplateColumns.split(' ').filter(Boolean).length,
          declaredRooms: parseInt(style.getPropertyValue('--rooms')) || 0,
          rooms: rooms.map(box), sessions};
})"""

_OVERFLOW = """() => ({scrollWidth: document.documentElement.scrollWidth,
                      innerWidth: window.innerWidth})"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("schedule", SCHEDULES)
def test_no_horizontal_overflow_at_360px(page, visit, lang, schedule):
    page.set_viewport_size({"width": 360, "height": 740})
    visit(f"{lang}/{schedule}")
    sizes = page.evaluate(_OVERFLOW)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes
    sessions = page.locator(".grid-session")
    assert sessions.count() > 0
    assert sessions.first.is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rooms_are_columns_at_1280px(page, visit, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    visit(f"{lang}/editions/2009/schedule.html")
    days = page.evaluate(_GRID_LAYOUT)
    assert days, "no .schedule-grid on the page"
    for day in days:
        rooms = day["rooms"]
        assert day["display"] == "grid", day
        assert len(rooms) == day["declaredRooms"] > 1, day
        assert day["tracks"] == len(rooms) + 1, day  # a time column, then one per room
        # Room headers side by side: one row, left to right, not overlapping, all visible.
        assert max(r["y"] for r in rooms) - min(r["y"] for r in rooms) < 2, rooms
        assert all(r["w"] > 0 and r["h"] > 0 for r in rooms), rooms
        for left, right in itertools.pairwise(rooms):
            assert left["x"] + left["w"] <= right["x"] + 1, rooms
        outside = [s["title"] for s in day["sessions"] if not s["inColumn"]]
        assert day["sessions"] and not outside, f"sessions outside their room column: {outside}"
    sizes = page.evaluate(_OVERFLOW)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_session_in_the_first_screen_of_a_phone(page, visit, lang):
    page.set_viewport_size({"width": 360, "height": 740})
    visit(f"{lang}/editions/2009/schedule.html")
    box = page.locator(".grid-session").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
