"""The Content-Security-Policy and headers of deploy/ hold on every page type in every
language: the built sample site is served with the headers deploy/policy.toml gives each
file (the CSP checked equal to the shipped nginx file's), and every page records its
``securitypolicyviolation`` events; the harness fails the test on any console error (a
blocked resource is one). The service worker runs (allowed here), search runs Pagefind's
WebAssembly, and the clock is inside the 2009 edition so now & next are drawn."""

from __future__ import annotations

import re

import pytest

from deploy.generate import HERE, load
from tests.browser.conftest import _QuietHandler
from tests.browser.harness import Traffic, open_context, serving
from tests.site.sample import LANGUAGES

pytestmark = pytest.mark.browser

DURING = "2009-11-14T02:00:00Z"  # the 2009 edition's first morning (Asia/Shanghai)
RECORD = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = e.sourceFile + ":" + e.lineNumber;
  window.__csp.push([e.violatedDirective, e.blockedURI, where].join(" "));
});
"""
# one page of every type, under each language's tree
PAGES = [
    "index.html",
    "about.html",
    "editions/index.html",
    "editions/2009/index.html",
    "editions/2009/schedule.html",
    "editions/2009/sessions/*.html",
    "editions/2009/roundup.html",
    "editions/2009/wall.html",
    "editions/2009/wall/*.html",
    "editions/2009/archive/*.html",
    "editions/2008/index.html",
    "people/*.html",
    "planet/index.html",
    "posts/*.html",
    "tags/*.html",
]
SEARCH = {"zh-hans": "胶卷", "en": "film", "fr": "pellicules"}


class _Handler(_QuietHandler):
    """The sample site with every header the shipped configurations send."""

    policy = load()

    def end_headers(self):
        for name, value in self.policy.expected(self.path.split("?")[0]).items():
            if name != "Content-Type":
                self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path):
        media = self.policy.media_type(str(path))
        return media.value if media else "application/octet-stream"


@pytest.fixture(scope="module")
def served(built_site):
    with serving(built_site, _Handler) as url:
        yield url


def test_shipped_csp_is_the_tables():
    nginx = (HERE / "nginx" / "conference.conf").read_text(encoding="utf-8")
    shipped = set(re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', nginx))
    assert shipped == {load().headers["Content-Security-Policy"]}


def _pages(site, lang: str) -> list[str]:
    found = []
    for pattern in PAGES:
        match = sorted((site / lang).glob(pattern))
        assert match, f"{lang}/{pattern}: no such page in the sample site"
        found.append(match[0].relative_to(site).as_posix())
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_violates_the_csp(browser, built_site, served, page_traffic, lang):
    context = open_context(browser, page_traffic, service_workers="allow")
    try:
        page = context.new_page()
        page.add_init_script(RECORD)
        page.clock.set_fixed_time(DURING)
        violations: set[str] = set()

        def check(path):
            response = page.goto(f"{served}/{path}", wait_until="load")
            assert response is not None and response.ok, path
            assert (
                response.headers["content-security-policy"]
                == load().headers["Content-Security-Policy"]
            )
            violations.update(f"{path}: {v}" for v in page.evaluate("window.__csp"))

        for path in _pages(built_site, lang):
            check(path)
        # the worker took control of the origin, under the same policy
        page.goto(f"{served}/{lang}/editions/2009/schedule.html", wait_until="load")
        assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
        violations.update(page.evaluate("window.__csp"))
        # search: Pagefind's script, worker and WebAssembly
        check(f"{lang}/search.html?q={SEARCH[lang]}")
        page.locator("main a[href*='/posts/']").first.wait_for()
        violations.update(page.evaluate("window.__csp"))
        # the root chooser, its script sending an English reader on to /en/
        page.goto(f"{served}/index.html")
        page.wait_for_url(re.compile(r"/en/index\.html$"))
        violations.update(page.evaluate("window.__csp"))
        assert not violations, "\n".join(sorted(violations))
    finally:
        context.close()


def test_an_inline_script_is_a_recorded_violation(browser, served):
    """The recording above works: an inline script added to a page is blocked and recorded
    (its console error goes to a traffic log of its own, not this test's)."""
    context = open_context(browser, Traffic())
    try:
        page = context.new_page()
        page.add_init_script(RECORD)
        page.goto(f"{served}/en/index.html", wait_until="load")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__ran = true'; document.head.appendChild(s); }"
        )
        page.wait_for_function("window.__csp.length > 0")
        assert page.evaluate("window.__ran") is None
        assert page.evaluate("window.__csp")[0].startswith("script-src-elem inline")
    finally:
        context.close()
