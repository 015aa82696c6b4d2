"""``/planet/feed.atom`` and ``feed.json`` (feedgenerator, through the site's one feed
writer :func:`plugins.core.feeds.write_feed`) and ``/planet/participants.opml``
(ElementTree).

Every text goes through :func:`~.sanitize.strip_controls` first, so a control character
in a stored title can never make the XML ill-formed; the serializers escape the rest.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from plugins.core.feeds import AtomFeed, JsonFeed
from plugins.core.sanitize import is_http_url, strip_controls

from .model import Planet, PlanetEntry


def atom_feed(
    entries: Iterable[PlanetEntry],
    title: str,
    site_url: str | None,
    default_tag: str | None,
    path: str = "planet/feed.atom",
    home: str = "",
) -> AtomFeed:
    """An Atom 1.0 feed of ``entries`` (already newest first and limited), at ``path`` in
    the output, its alternate link the page at ``home`` (both relative to the site);
    written by :func:`plugins.core.feeds.write_feed` (or its ``writeString``)."""
    base = site_url.rstrip("/") if site_url and is_http_url(site_url) else None
    feed_url = f"{base}/{path}" if base else None
    feed = AtomFeed(
        title=strip_controls(title),
        link=f"{base}/{home}" if base else "",
        description="",
        language=default_tag,
        feed_url=feed_url,
        feed_guid=feed_url or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, title)}",
    )
    for entry in entries:
        feed.add_item(
            title=strip_controls(entry.title or entry.link or entry.id),
            # an entry without a safe link of its own points to the planet page (Atom
            # readers follow <link href>; an empty one would be this feed's own address)
            link=entry.link or (f"{base}/{home}" if base else ""),
            description=None,
            content=strip_controls(entry.content) if entry.content else None,
            author_name=strip_controls(entry.author_in(default_tag)),
            pubdate=entry.date,
            updateddate=entry.date,
            unique_id=entry.atom_id,
            item_lang=entry.lang,
        )
    return feed


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


def json_feed(
    entries: Iterable[PlanetEntry],
    title: str,
    site_url: str | None,
    default_tag: str | None,
    path: str = "planet/feed.json",
    home: str = "",
) -> JsonFeed:
    """The same entries as :func:`atom_feed`, as JSON Feed 1.1, with the same ids."""
    base = site_url.rstrip("/") if site_url and is_http_url(site_url) else ""
    feed = JsonFeed(
        title=title,
        link=f"{base}/{home}" if base else "",
        feed_url=f"{base}/{path}" if base else "",
        description="",
        language=default_tag,
    )
    for entry in entries:
        feed.add_item(
            title=entry.title or entry.link or entry.id,
            link=entry.link or "",
            unique_id=entry.atom_id,
            description=None,
            content=entry.content or None,
            pubdate=entry.date,
            author_name=entry.author_in(default_tag),
            item_lang=entry.lang,
        )
    return feed
