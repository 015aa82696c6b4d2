"""Images in sanitized HTML: which ones an entry shows, and serving them from local copies.

The planet and the roundup keep entries as published (``<img src="https://…">``);
``invoke fetch`` copies those images into the media archive (``data/media/``). A page
shows an image only from that copy, with its width and height, and turns every other
image or player into a link (:func:`~plugins.core.sanitize.offline_media`), so a page
never loads anything from another host.

Input is always output of :func:`~plugins.core.sanitize.clean_html`: nh3 writes each
attribute double-quoted and escaped, which is what the patterns below rely on (the same
contract as ``offline_media``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .sanitize import is_http_url, offline_media

_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"')


@dataclass(frozen=True)
class LocalImage:
    """A local copy of an image: its path from the output root, and its size."""

    path: str
    width: int
    height: int


def page_prefix(site_url: str) -> str:
    """What goes before an archived copy's path on a page whose ``SITEURL`` is
    ``site_url`` (``../..`` in development builds, an absolute URL when published)."""
    return site_url.rstrip("/") + "/" if site_url else "/"


def attached_images(media: Iterable[object] | None) -> str:
    """The pictures attached to a post (stored media references ``{url, medium, alt}``)
    as ``<img>`` elements, escaped, for code that treats a post's images as HTML: the
    media fetch (which keeps them) and the WARC export (which deposits them)."""
    found = []
    for medium in media or ():
        if isinstance(medium, dict) and medium.get("medium") == "image":
            url, alt = medium.get("url"), medium.get("alt")
            if isinstance(url, str):
                alt = html.escape(alt if isinstance(alt, str) else "", quote=True)
                found.append(f'<img src="{html.escape(url, quote=True)}" alt="{alt}">')
    return "".join(found)


def image_sources(cleaned: str) -> list[str]:
    """The ``src`` of every ``<img>`` of sanitized HTML, in order: the addresses
    :func:`localize_media` looks up (the render cache keys a page by their copies)."""
    return [_source(dict(_ATTR.findall(m.group(1)))) for m in _IMG.finditer(cleaned or "")]


def _source(attributes: dict[str, str]) -> str:
    return html.unescape(attributes.get("src", "")).strip()


def image_urls(cleaned: str) -> list[str]:
    """The absolute http(s) ``src`` of every ``<img>`` of sanitized HTML, in order, once."""
    return list(dict.fromkeys(src for src in image_sources(cleaned) if is_http_url(src)))


def localize_media(
    cleaned: str, find: Callable[[str], LocalImage | None], site_url: str = ""
) -> str:
    """Sanitized HTML with every archived image served from its local copy.

    ``find`` maps an image's original URL to its copy (or None); ``site_url`` is the
    page's ``SITEURL`` (relative, such as ``../..``, in development builds). An image
    that has a copy gets ``src`` under ``site_url``, its ``width`` and ``height`` (so the
    page does not shift while it loads), its ``alt`` (empty when the feed gave none) and
    lazy loading; every other image and player becomes a link, as before.
    """
    if not cleaned:
        return ""
    prefix = page_prefix(site_url)

    def local(match: re.Match) -> str:
        values = dict(_ATTR.findall(match.group(1)))
        copy = find(_source(values))
        if copy is None:
            return match.group(0)  # offline_media turns it into a link below
        parts = [
            f'src="{html.escape(prefix + copy.path, quote=True)}"',
            f'alt="{values.get("alt", "")}"',
        ]  # already escaped by nh3
        if "title" in values:
            parts.append(f'title="{values["title"]}"')
        parts += [
            f'width="{int(copy.width)}"',
            f'height="{int(copy.height)}"',
            'loading="lazy"',
            'decoding="async"',
            'data-local-media=""',
        ]
        return "<img " + " ".join(parts) + ">"

    localized = _IMG.sub(local, cleaned)
    # Images left with a remote src (and players) become links; local ones are kept.
    return _keep_local(offline_media, localized)


def _keep_local(convert: Callable[[str], str], text: str) -> str:
    """Run ``convert`` (which links every ``<img>``) on ``text`` except local images."""
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        if "data-local-media" not in match.group(1):
            return match.group(0)
        kept.append(match.group(0).replace(' data-local-media=""', ""))
        return f"\x00{len(kept) - 1}\x00"

    hidden = _IMG.sub(hide, text)
    converted = convert(hidden)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], converted)
