"""Write ``sitemap.xml`` (an index of several when large) and ``robots.txt``."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlsplit

from plugins.core import siteconfig
from plugins.core.atomic import write_atomic
from plugins.core.errors import ContentError, Problem
from plugins.core.yamlio import load_yaml_mapping

from .scan import HeadCache, PageHead, head_record, read_head
from .settings import SitemapSettings

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: kept sitemap files are valid only for the code that wrote them
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def page_url(site_url: str, relative: str) -> str:
    """The public URL of an output file (``en/index.html`` -> ``https://…/en/index.html``)."""
    return f"{site_url}/{quote(relative)}"


def listed_pages(
    output: Path, site_url: str, known: HeadCache | None = None
) -> list[tuple[str, PageHead]]:
    """Every page that is its own canonical and may be indexed, with its head, by URL.
    ``known`` gives the heads of files unchanged since the last build."""
    pages = []
    for relative in html_files(output):
        path = output / relative
        head = known.head(relative, path) if known is not None else read_head(path)
        url = page_url(site_url, relative)
        if head.noindex or (head.canonical and head.canonical != url):
            continue
        if not head.canonical and not head.alternates:
            continue  # a page without language metadata (the language chooser redirect)
        pages.append((url, head))
    return pages


def html_files(output: Path) -> list[str]:
    """The ``*.html`` files under ``output`` as relative POSIX paths, in the order of
    ``sorted(output.rglob("*.html"))`` (path parts compared in turn), made from
    ``os.walk``'s names: the Path objects of 4,500 pages and their sorting were a third
    of a rebuild's sitemap."""
    found = []
    for folder, _folders, files in os.walk(output):
        base = os.path.relpath(folder, output)
        prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
        found += [prefix + name for name in files if name.endswith(".html")]
    return sorted(found, key=lambda relative: relative.split("/"))


# Elements are built with their prefixes written out (``xhtml:link``) and the namespaces
# declared on the root, which is how the protocol's examples spell them; ElementTree's
# namespace handling would invent ``ns0:`` prefixes for the default namespace.
def _urlset(pages: list[tuple[str, PageHead]]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for url, head in pages:
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = url
        if head.modified:
            ET.SubElement(entry, "lastmod").text = head.modified
        # Google's convention: each URL lists every language version, itself included.
        for hreflang, href in head.alternates.items():
            ET.SubElement(
                entry, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href}
            )
    return _document(root)


def _index(urls: list[str]) -> bytes:
    root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for url in urls:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = url
    return _document(root)


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, "utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def write_sitemap(pelican) -> None:
    """``finalized`` handler: write the sitemap(s) and robots.txt into the output folder."""
    config = SitemapSettings.read(pelican.settings)
    output = Path(pelican.output_path)
    if not config.site_url:
        logger.info("sitemap: no site_url, so no sitemap.xml or robots.txt")
        return
    sitemap_url = ""
    if config.save_as:
        known = HeadCache.of(pelican.settings, output)
        pages = listed_pages(output, config.site_url, known)
        if known is None:
            _write_sitemaps(output, config, pages)
        else:
            # the same pages with the same heads, and the same settings: the last build's
            # files (as it left them) are what this build would write
            digest = _digest(config, pages)
            if not known.sitemaps_unchanged(digest):
                known.record_sitemaps(digest, _write_sitemaps(output, config, pages))
            known.save()
        sitemap_url = page_url(config.site_url, config.save_as)
        logger.info("sitemap: %d pages in %s", len(pages), config.save_as)
    if config.robots_save_as:
        _warn_sub_path(pelican.settings, config, sitemap_url)
        lines = ["User-agent: *", "Allow: /"]
        if sitemap_url:
            lines += ["", f"Sitemap: {sitemap_url}"]
        write_atomic(output / config.robots_save_as, "\n".join(lines) + "\n")


def _write_sitemaps(
    output: Path, config: SitemapSettings, pages: list[tuple[str, PageHead]]
) -> list[str]:
    """Write ``sitemap.xml`` (an index and its parts when large); the names written."""
    chunks = [pages[i : i + config.max_urls] for i in range(0, len(pages), config.max_urls)]
    if len(chunks) <= 1:
        write_atomic(output / config.save_as, _urlset(pages))
        return [config.save_as]
    stem, _, suffix = config.save_as.rpartition(".")
    names = [f"{stem}-{number}.{suffix}" for number in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks, strict=True):
        write_atomic(output / name, _urlset(chunk))
    write_atomic(
        output / config.save_as, _index([page_url(config.site_url, name) for name in names])
    )
    return [*names, config.save_as]


def _digest(config: SitemapSettings, pages: list[tuple[str, PageHead]]) -> str:
    """What the sitemap files are made of: the settings and each listed page's head."""
    made_of = [_CODE, config.save_as, config.max_urls, config.site_url]
    made_of += [[url, head_record(head)] for url, head in pages]
    text = json.dumps(made_of, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _warn_sub_path(settings, config: SitemapSettings, sitemap_url: str) -> None:
    """A located warning when the site lives below its host's root (``/conf/``): crawlers
    read only ``/robots.txt`` at the root, so the one written here is never read.

    The organizer then puts the ``Sitemap:`` line into the host's own robots.txt and sets
    ``SITEMAP_ROBOTS_SAVE_AS = ""``, which ends the warning (README, "Publishing").
    """
    parts = urlsplit(config.site_url)
    if parts.path.strip("/") == "":
        return
    root_robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
    rules = f"the line 'Sitemap: {sitemap_url}' in" if sitemap_url else "your rules in"
    message = (
        f"{config.site_url} has a path, so robots.txt is written under {parts.path}/, where "
        f"crawlers never look; expected a site at its host's root, or {rules} the host's own "
        f'{root_robots} and SITEMAP_ROBOTS_SAVE_AS = "" in the settings'
    )
    try:
        facts = siteconfig.site(settings)
    except ContentError:
        facts = None
    if facts is not None and facts.site_url == config.site_url:
        line = load_yaml_mapping(facts.conference_file).line_of("site_url")
        where = Problem(str(facts.conference_file), message, "site_url", line).format()
    else:
        where = f"settings: [SITEURL] {message}"
    logger.warning("sitemap: %s", where)
