"""What ``invoke screenshots`` photographs is read from the site, not written in shots.py."""

from __future__ import annotations

from tools import shots


def test_the_sample_is_photographed_at_its_2009_keynote(built_site):
    # the newest edition, its first session, 10:00 on its first day in Asia/Shanghai
    subject = shots.screenshot_subject(shots.SETTINGS, built_site)
    assert subject == ("2009", "micro-power", "2009-11-14T02:00:00Z")
    pages = shots._screenshot_pages(shots.SCREENSHOT_PAGES, built_site, *subject[:2])
    assert pages["session"] == "editions/2009/sessions/micro-power.html"
    assert pages.keys() == shots.SCREENSHOT_PAGES.keys()
    phone = shots._screenshot_pages(shots.SCREENSHOT_PHONE_PAGES, built_site, *subject[:2])
    assert phone == {"roundup": "editions/2009/roundup.html", "people": "people/index.html"}
