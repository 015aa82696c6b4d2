"""Browser fixtures: the sample site served on loopback and one headless Chromium per session.

- ``built_site``: the sample site, built once per session (tests/site/sample.py).
- ``site_url``: a threaded ``http.server`` on 127.0.0.1, port 0, serving it; stopped at the
  end of the session.
- ``browser``: Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) driven by
  Playwright's sync API. Playwright never downloads a browser here.
- ``page``: a new browser context and page per test. Every request it makes is recorded
  (``page.on("request")``) in ``page_traffic``; requests to any host
  but the local server are aborted, so the tests stay offline, and reported: a test whose
  pages requested another host, logged a console error or raised an uncaught exception
  fails (``pytest_runtest_call`` below).
"""

from __future__ import annotations

import os
import shutil
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from tests.browser.harness import Traffic, open_context, serving
from tests.site.sample import require_tool, sample_output

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory) -> Path:
    """The sample site, built once per session into a temporary folder."""
    return sample_output(request, tmp_path_factory)


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class's attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".atom": "application/atom+xml",
        ".rss": "application/rss+xml",
        ".ics": "text/calendar",
        ".opml": "text/x-opml",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (``http://127.0.0.1:<port>``) of the sample site served on loopback."""
    with serving(built_site, _QuietHandler) as url:
        yield url


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests.

    Package scope, not session: Playwright's sync API keeps an asyncio loop running in the
    main thread while it is started, which would break every later test that runs a loop
    of its own (the planet's fetch). It stops when tests/browser is done.
    """
    executable = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    require_tool(executable is not None, f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "Playwright", "pip install --no-deps -r requirements/test.lock")
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")  # Chromium refuses to start its sandbox as root
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def page_traffic() -> Traffic:
    """What this test's pages requested and logged."""
    return Traffic()


@pytest.fixture
def page(browser, page_traffic):
    """A new page (in its own context) for one test."""
    context = open_context(browser, page_traffic)
    page = context.new_page()
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test whose pages asked another host for anything or logged a console error.

    Checked here, in the test's call phase rather than in a fixture's teardown, so the
    failure is the test's own (and ``xfail`` applies to it)."""
    result = yield
    traffic = item.funcargs.get("page_traffic")
    if traffic is not None:
        problems = traffic.problems()
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)
    return result


@pytest.fixture
def visit(page, site_url):
    """Open a site path (``en/index.html``) and wait for it to load; returns the response."""

    def visit(path: str, **options):
        response = page.goto(f"{site_url}/{path.lstrip('/')}", wait_until="load", **options)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    return visit
