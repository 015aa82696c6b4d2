"""``invoke screenshots``: the theme's main pages in each language, on a phone and a
desktop, photographed from a fresh build served on loopback (maintainer tooling)."""

from __future__ import annotations

import os
from pathlib import Path

from invoke import task

from .common import OUTPUT, ROOT, SETTINGS
from .common import default_segment as _default_segment
from .common import pelican as _pelican
from .common import site_languages as _site_languages
from .loopback import serve_quietly

# --- search and screenshots tasks ---
# The search index is built by every build (plugins/search); `invoke screenshots` shows the
# theme: home, edition, schedule and a session in each language, on a phone and a desktop.

SCREENSHOTS = ROOT / "docs" / "screenshots"
#: What is photographed of the newest edition (``{edition}``) and its first session
#: (``{session}``), in each language; a site without them gets the home page only.
SCREENSHOT_PAGES = {
    "home": "index.html",
    "edition": "editions/{edition}/index.html",
    "schedule": "editions/{edition}/schedule.html",
    "session": "editions/{edition}/sessions/{session}.html",
    "schedule-filtered": "editions/{edition}/schedule.html?type=talk",
}
#: pages photographed in the default language (Chinese) on a phone only: how the Chinese
#: trees read (list punctuation, pinyin order of names, line breaking of long titles)
SCREENSHOT_PHONE_PAGES = {
    "roundup": "editions/{edition}/roundup.html",
    "people": "people/index.html",
}


def screenshot_subject(settings_file: Path, site: Path) -> tuple[str | None, str | None, str]:
    """The newest edition, its first session and the browser's clock in the pictures:
    10:00 on that edition's first day in its zone, so the schedule marks what is on now and
    the edition page shows its now/next strip (for the sample: 2009, micro-power and
    2009-11-14T02:00:00Z). The session is read from the built ``site``."""
    import datetime as dt
    import json

    from pelican.settings import read_settings

    from plugins.conference.api import load_edition_index
    from plugins.core.siteconfig import site as site_of

    settings = read_settings(str(settings_file))
    editions = load_edition_index(settings)
    if not editions:
        return None, None, "2000-01-01T10:00:00Z"
    newest = max(editions.values(), key=lambda edition: edition.start)
    ten = dt.datetime.combine(newest.start, dt.time(10), tzinfo=newest.timezone)
    clock = ten.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    segment = site_of(settings).default.segment
    listing = site / segment / "editions" / newest.id / "sessions.json"
    sessions = (
        json.loads(listing.read_text(encoding="utf-8"))["sessions"] if listing.is_file() else []
    )
    return newest.id, (sessions[0]["id"] if sessions else None), clock


def _screenshot_pages(pages: dict[str, str], site: Path, edition, session) -> dict[str, str]:
    """``pages`` of the subject that the built ``site`` has (a roundup is optional)."""
    chosen = {}
    for name, pattern in pages.items():
        if ("{edition}" in pattern and not edition) or ("{session}" in pattern and not session):
            continue
        path = pattern.format(edition=edition, session=session)
        if any((site / segment / path.split("?")[0]).is_file() for segment in ("", *_segments())):
            chosen[name] = path
    return chosen


def _segments() -> list[str]:
    return [lang.segment for lang in _site_languages()]


# name: (width, viewport height, largest height of the picture)
SCREENSHOT_SIZES = {"phone": (390, 844, 2400), "desktop": (1280, 900, 1800)}


@task(
    help={
        "use_output": "photograph output/ as it is instead of a fresh build",
        "dest": "folder of the PNGs (default docs/screenshots/)",
        "large": "a frab XML schedule (FOSDEM 2021 from ../shared/corpora) to import "
        "into a scratch site and photograph as schedule-large-*.png too",
    }
)
def screenshots(c, use_output=False, dest=str(SCREENSHOTS), large=""):
    """Build the site, serve it on loopback and write PNGs of its main pages."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        site = OUTPUT if use_output else Path(folder)
        if not use_output:
            _pelican("-s", str(SETTINGS), "-o", str(site), "--fatal", "warnings")
        segments = _segments()
        edition, session, clock = screenshot_subject(SETTINGS, site)
        pages = _screenshot_pages(SCREENSHOT_PAGES, site, edition, session)
        phone_pages = _screenshot_pages(SCREENSHOT_PHONE_PAGES, site, edition, session)
        with serve_quietly(site) as base:
            shots = [
                (f"{page}-{segment}-{size}.png", f"{base}/{segment}/{path}", size)
                for page, path in pages.items()
                for segment in segments
                for size in SCREENSHOT_SIZES
            ]
            default = _default_segment()
            shots += [
                (f"{page}-{default}-phone.png", f"{base}/{default}/{path}", "phone")
                for page, path in phone_pages.items()
            ]
            Path(dest).mkdir(parents=True, exist_ok=True)
            _capture(shots, Path(dest), clock)
        if large:
            shots += _large_schedule_shots(Path(large), Path(folder) / "large", Path(dest))
    for name, _, _ in shots:
        print(f"{Path(dest) / name}  {(Path(dest) / name).stat().st_size // 1024} KB")


LARGE_SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
FEED_ALL_ATOM = None
"""


def _large_schedule_shots(source: Path, work: Path, dest: Path) -> list:
    """Import ``source`` (frab XML, Europe/Brussels) into a one-language scratch site,
    build it and photograph its schedule: ``schedule-large-{phone,desktop}.png``."""
    from plugins.conference.importer.cli import main as import_main

    content = work / "content"
    content.mkdir(parents=True)
    (content / "conference.yaml").write_text(
        "name: Large Conference\nlanguages: [en]\ndefault_language: en\n"
        "site_url: https://conf.example.org\ntimezone: UTC\n",
        encoding="utf-8",
    )
    if import_main(
        [
            str(source),
            "--edition",
            "large",
            "--timezone",
            "Europe/Brussels",
            "--content",
            str(content),
        ]
    ):
        raise SystemExit(f"could not import {source}")
    settings = work / "settings.py"
    settings.write_text(
        LARGE_SETTINGS.format(root=str(ROOT), content=str(content)), encoding="utf-8"
    )
    _pelican("-s", str(settings), "-o", str(work / "out"), "--fatal", "warnings", "-q")
    with serve_quietly(work / "out") as base:
        shots = [
            (f"schedule-large-{size}.png", f"{base}/en/editions/large/schedule.html", size)
            for size in SCREENSHOT_SIZES
        ]
        _capture(shots, dest, screenshot_subject(settings, work / "out")[2])
    return shots


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _capture(shots, dest: Path, clock: str) -> None:
    """Photograph each (file name, URL, size) with the browser's clock at ``clock`` (ISO
    8601 UTC): Playwright if installed, else chromium (its own clock)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None:
        for name, url, size in shots:
            _chromium_screenshot(url, dest / name, *SCREENSHOT_SIZES[size])
            _shrink(dest / name)
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS[1:])
        try:
            for name, url, size in shots:
                width, height, cap = SCREENSHOT_SIZES[size]
                page = browser.new_page(
                    viewport={"width": width, "height": height},
                    color_scheme="light",
                    service_workers="block",
                )
                page.clock.set_fixed_time(clock)
                page.goto(url, wait_until="networkidle")
                full = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(
                    path=str(dest / name),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(full, cap)},
                )
                page.close()
                _shrink(dest / name)
        finally:
            browser.close()


def _chromium_screenshot(url: str, path: Path, width: int, height: int, cap: int) -> None:
    """Without Playwright: chromium's own --screenshot, of the first screen only."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={path}",
                f"--window-size={width},{height}",
                url,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _shrink(path: Path) -> None:
    """Quantize a screenshot to 256 colours (a tenth of the bytes, the same look)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)
