"""``/planet/feed.atom`` and ``/planet/participants.opml``, serialized with ElementTree.

Every text goes through :func:`~.sanitize.strip_controls` first, so a control character
in a stored title can never make the XML ill-formed; ElementTree escapes the rest.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime

from plugins.core.sanitize import is_http_url, strip_controls

from .model import Planet, PlanetEntry
from .policy import iso

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def atom_feed(
    entries: Iterable[PlanetEntry], title: str, site_url: str | None, default_tag: str | None,
    path: str = "planet/feed.atom", home: str = "",
) -> bytes:
    """An Atom 1.0 document of ``entries`` (already newest first and limited), at ``path``
    in the output, its alternate link the page at ``home`` (both relative to the site)."""
    entries = list(entries)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(_a("feed"))
    if default_tag:
        feed.set(XML_LANG, default_tag)
    base = site_url.rstrip("/") if site_url and is_http_url(site_url) else None
    feed_url = f"{base}/{path}" if base else None
    _text(feed, "id", feed_url or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, title)}")
    _text(feed, "title", title)
    newest = max((e.date for e in entries), default=datetime(1970, 1, 1, tzinfo=UTC))
    _text(feed, "updated", iso(newest))
    if feed_url:
        ET.SubElement(feed, _a("link"), rel="self", href=feed_url)
        ET.SubElement(feed, _a("link"), rel="alternate", href=f"{base}/{home}")
    _text(feed, "generator", "blogcon planet")
    for entry in entries:
        feed.append(_atom_entry(entry, default_tag))
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _atom_entry(entry: PlanetEntry, default_tag: str | None) -> ET.Element:
    element = ET.Element(_a("entry"))
    if entry.lang:
        element.set(XML_LANG, entry.lang)
    _text(element, "id", entry.atom_id)
    _text(element, "title", entry.title or entry.link or entry.id, type="text")
    if entry.link:
        ET.SubElement(element, _a("link"), rel="alternate", type="text/html", href=entry.link)
    _text(element, "updated", entry.date_iso)
    _text(element, "published", entry.date_iso)
    author = ET.SubElement(element, _a("author"))
    _text(author, "name", entry.author_in(default_tag))
    if entry.content:
        _text(element, "content", entry.content, type="html")
    return element


def opml(planet: Planet, title: str, default_tag: str | None) -> bytes:
    """OPML 2.0 listing every aggregated feed that has a public http(s) address."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = strip_controls(title)
    body = ET.SubElement(root, "body")
    for feed_id in sorted(planet.records):
        url = planet.feed_url(feed_id)
        if not url:
            continue
        record = planet.records[feed_id]
        person = planet.people.get(feed_id)
        name = _name(person, default_tag) or record.title or feed_id
        attributes = {
            "type": "rss",
            "text": strip_controls(name),
            "title": strip_controls(name),
            "xmlUrl": url,
        }
        blog = getattr(person, "blog", None) or record.link
        if blog and is_http_url(blog):
            attributes["htmlUrl"] = blog
        ET.SubElement(body, "outline", attributes)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _name(person, tag: str | None) -> str | None:
    if person is None or not tag:
        return None
    try:
        return person.name_in(tag)
    except (AttributeError, KeyError, ValueError):
        return None


def _a(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, value: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _a(name), attributes)
    element.text = strip_controls(value)
    return element


def json_feed(entries: Iterable[PlanetEntry], title: str, site_url: str | None,
              default_tag: str | None, path: str = "planet/feed.json", home: str = "") -> bytes:
    """The same entries as :func:`atom_feed`, as JSON Feed 1.1, with the same ids."""
    from io import StringIO

    from plugins.core.feeds import JsonFeed

    base = site_url.rstrip("/") if site_url and is_http_url(site_url) else ""
    feed = JsonFeed(title=title, link=f"{base}/{home}" if base else "",
                    feed_url=f"{base}/{path}" if base else "", description="",
                    language=default_tag)
    for entry in entries:
        feed.add_item(title=entry.title or entry.link or entry.id, link=entry.link or "",
                      unique_id=entry.atom_id, description=None,
                      content=entry.content or None, pubdate=entry.date,
                      author_name=entry.author_in(default_tag), item_lang=entry.lang)
    buffer = StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue().encode("utf-8")
