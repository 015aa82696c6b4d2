"""Every internal link and anchor of the built sample site resolves.

An internal reference is an ``href``/``src`` (and ``og:url``/``og:image``) that is relative,
root-relative, or absolute under the site's public address (``site_url``: canonical and
hreflang links). It must name an existing file (a folder means its ``index.html``), and its
``#fragment``, if any, an ``id`` (or ``<a name>``) in that page.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.site.sample import site_url

pytestmark = pytest.mark.slow

#: Attributes that reference another resource, by element.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "form": ("action",),
}
META_URLS = {"og:url", "og:image", "twitter:image"}


class _Page(HTMLParser):
    """Collects the ids and outgoing references of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (element, url)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                self.refs.append((tag, values[attribute].strip()))
        if tag == "meta" and values.get("property", values.get("name")) in META_URLS:
            self.refs.append(("meta", (values.get("content") or "").strip()))

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _target(root: Path, page: Path, url: str, public: str) -> tuple[Path, str] | None:
    """The file and fragment an internal URL points to; None for an external URL."""
    if public and (url == public or url.startswith(public + "/")):
        url = url[len(public) :] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    base = "/" + page.relative_to(root).as_posix()
    path = unquote(urlsplit(urljoin(base, parts.path)).path) if parts.path else base
    target = root / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def _broken(root: Path) -> dict[str, list[str]]:
    public = site_url()
    broken: dict[str, list[str]] = defaultdict(list)
    for page in sorted(root.rglob("*.html")):
        for element, url in _parse(page).refs:
            if not url:
                broken["empty URL"].append(f"{page.relative_to(root)} <{element}>")
                continue
            found = _target(root, page, url, public)
            if found is None:
                continue
            target, fragment = found
            where = f"{page.relative_to(root)} <{element}> {url}"
            if not target.is_file():
                broken["missing file"].append(where)
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken["missing anchor"].append(where)
    return broken


def test_internal_links_and_anchors_resolve(built_site):
    broken = _broken(built_site)
    report = [
        f"{kind} ({len(items)}):\n  " + "\n  ".join(items[:30]) for kind, items in broken.items()
    ]
    assert not broken, "\n".join(report)


def test_link_checker_sees_links(built_site):
    """Guard against a checker that silently finds nothing to check."""
    page = built_site / "en" / "editions" / "2009" / "schedule.html"
    refs = [url for _, url in _parse(page).refs]
    assert any(url.endswith("sessions/micro-power.html") for url in refs), refs[:20]
    assert _target(built_site, page, "sessions/micro-power.html#x", "")[1] == "x"
