"""axe-core finds no serious or critical accessibility violation on any page type.

Every page type is checked in one language (the languages rotate, so each tree is covered),
the home and session pages in all three. axe-core comes bundled with axe-playwright-python
and is injected into the page from disk: no request leaves the machine.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site.sample import LANGUAGES, SEARCH_PLUGIN

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

PAGES = {
    **{f"home-{lang}": f"{lang}/index.html" for lang in LANGUAGES},
    **{f"session-{lang}": f"{lang}/editions/2009/sessions/micro-power.html" for lang in LANGUAGES},
    "editions": "fr/editions/index.html",
    "edition": "zh-hans/editions/2009/index.html",
    "schedule": "en/editions/2009/schedule.html",
    "person": "fr/people/huyong.html",
    "person-with-planet": "en/people/marie-dubois.html",
    "people": "zh-hans/people/index.html",
    "posts": "en/posts/index.html",
    "post": "zh-hans/posts/lianzhou-impressions.html",
    "about": "fr/about.html",
    "planet": "zh-hans/planet/index.html",
    "roundup": "en/editions/2009/roundup.html",
    "wall": "fr/editions/2009/wall.html",
    "wall-filtered": "zh-hans/editions/2009/wall/lang-en.html",
    "archived-copy": "fr/editions/2009/archive/{first_archive}",
    "tags": "en/tags/index.html",
    "tag": "zh-hans/tags/lianzhou.html",
    "search": "en/search.html",
}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def _describe(violation: dict) -> str:
    targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"][:3]]
    more = f" (+{len(violation['nodes']) - 3} more)" if len(violation["nodes"]) > 3 else ""
    return (
        f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
        f"    {'; '.join(targets)}{more}\n    {violation.get('helpUrl', '')}"
    )


#: axe options: violations only.
OPTIONS = {"resultTypes": ["violations"]}


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_serious_or_critical_violation(page, visit, axe, built_site, path):
    if path.endswith("search.html"):
        if not SEARCH_PLUGIN.is_dir():
            pytest.skip("the search plugin (plugins/search) is not there yet")
        assert (built_site / path).is_file(), f"the search plugin wrote no {path}"
    if "{first_archive}" in path:
        folder = built_site / path.rsplit("/", 1)[0]
        path = path.format(first_archive=sorted(folder.glob("*.html"))[0].name)
    visit(path)
    results = axe.run(page, options=OPTIONS)
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING]
    assert not violations, f"{path}:\n" + "\n".join(map(_describe, violations))


def test_feed_pages_have_no_untitled_frames(page, visit, axe):
    """Players embedded in feed entries are shown as links, so no frame lacks a title."""
    visit(PAGES["planet"])
    results = axe.run(page, options={"runOnly": ["frame-title"], **OPTIONS})
    violations = results.response["violations"]
    assert not violations, "\n".join(map(_describe, violations))
