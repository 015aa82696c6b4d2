"""Nothing moves once painted: no layout shift while the pages' scripts run (Lighthouse's
CLS, a quarter of its performance score).

The schedule page's tools are shown by schedule.js after the first paint; the theme keeps
their room from the start where scripts run (``@media (scripting: enabled)``), so the grid
below them stays where it was painted. Checked at a phone's width, where the tools sit
above the first day's sessions.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import open_context

pytestmark = pytest.mark.browser

PHONE = {"width": 412, "height": 823}

# Every layout shift the page records from its start (buffered), as Lighthouse counts them.
_OBSERVE = """window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize(
    "path",
    [
        "zh-hans/editions/2009/schedule.html",
        "en/editions/2009/schedule.html",
        "fr/editions/2009/index.html",
        "en/editions/2009/sessions/micro-power.html",
    ],
)
def test_no_layout_shift_while_scripts_run(browser, page_traffic, site_url, path):
    context = open_context(browser, page_traffic, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(_OBSERVE)
        page.goto(f"{site_url}/{path}", wait_until="load")
        if "schedule" in path:
            expect(page.locator(".schedule-tools")).to_be_visible()  # schedule.js ran
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        assert sum(shifts) == 0, shifts
    finally:
        context.close()
