"""Every generated HTML page of the sample site passes the Nu HTML checker with no error.

The checker runs once over the whole output (the ``vnu_messages`` fixture). Errors that come
from sanitized feed HTML (plugins/core/sanitize.py) are the plugin's to fix and are tested
apart, as an expected failure that turns red once the plugin is fixed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.slow

#: Errors caused by plugins/core/sanitize.py (clean_html), not by the templates.
SANITIZER_ERRORS = {
    # nh3's link_rel adds rel="nofollow ugc noopener" to every <a>, also to one whose href
    # was removed (a javascript: URL): rel is only allowed on an <a> with an href.
    "anchor without href keeps rel": re.compile(
        r"Element “a” is missing required attribute "
        r"“href”"
    ),
    # IFRAME_SET["sandbox"] combines allow-scripts and allow-same-origin, which the checker
    # rejects: together they let the framed page remove its own sandbox.
    "iframe sandbox allow-scripts + allow-same-origin": re.compile(
        r"Setting both “allow-scripts” and “allow-same-origin”"
    ),
}


def _is_sanitizer_error(message: dict) -> bool:
    return any(p.search(message.get("message", "")) for p in SANITIZER_ERRORS.values())


def _report(messages: list[dict], root) -> str:
    """Errors grouped by message, each with up to five pages and lines."""
    groups: dict[str, list[str]] = defaultdict(list)
    for m in messages:
        path = unquote(urlsplit(m.get("url", "")).path)
        where = path.removeprefix(str(root)).lstrip("/") or m.get("url", "?")
        groups[m.get("message", "?")].append(f"{where}:{m.get('lastLine', '?')}")
    lines = [f"{len(messages)} Nu checker error(s):"]
    for text, places in sorted(groups.items(), key=lambda item: -len(item[1])):
        more = f" (+{len(places) - 5} more)" if len(places) > 5 else ""
        lines.append(f"- {text}\n    {', '.join(places[:5])}{more}")
    return "\n".join(lines)


def test_every_page_was_checked(built_site):
    """The checker had pages to check (a build writing nothing must not pass)."""
    assert len(list(built_site.rglob("*.html"))) > 100


def test_templates_produce_valid_html(vnu_messages, built_site):
    """No Nu checker error on any page, apart from the sanitizer's (tested below)."""
    errors = [m for m in vnu_messages if not _is_sanitizer_error(m)]
    assert not errors, _report(errors, built_site)


def test_sanitized_feed_html_is_valid(vnu_messages, built_site):
    """Entry HTML that went through the sanitizer is valid HTML too."""
    errors = [m for m in vnu_messages if _is_sanitizer_error(m)]
    assert not errors, _report(errors, built_site)
