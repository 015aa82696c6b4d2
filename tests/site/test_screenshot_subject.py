"""What ``invoke screenshots`` photographs is read from the site, not written in tasks.py."""

from __future__ import annotations

import tasks


def test_the_sample_is_photographed_at_its_2009_keynote(built_site):
    # the newest edition, its first session, 10:00 on its first day in Asia/Shanghai
    subject = tasks.screenshot_subject(tasks.SETTINGS, built_site)
    assert subject == ("2009", "micro-power", "2009-11-14T02:00:00Z")
    pages = tasks._screenshot_pages(tasks.SCREENSHOT_PAGES, built_site, *subject[:2])
    assert pages["session"] == "editions/2009/sessions/micro-power.html"
    assert pages.keys() == tasks.SCREENSHOT_PAGES.keys()
    phone = tasks._screenshot_pages(tasks.SCREENSHOT_PHONE_PAGES, built_site, *subject[:2])
    assert phone == {"roundup": "editions/2009/roundup.html", "people": "people/index.html"}
