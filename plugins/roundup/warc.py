"""``invoke export-warc --edition ID``: an edition's archived copies and their images as
one WARC file, for depositing with a web archive (Internet Archive, a national library).

The file (WARC 1.1, gzip-compressed per record, written with ``warcio``) holds:

- a ``warcinfo`` record saying what the file is and how it was made;
- one ``resource`` record per archived copy the roundup lists (the planet posts that
  match the edition and the frozen copies in ``content/editions/ID/archive/``): a small
  HTML document with the title, author, date and the sanitized content, its images at
  their original URLs; ``WARC-Target-URI`` is the post's original URL and ``WARC-Date``
  the time the aggregator first saw it;
- one ``resource`` record per post of the edition's wall (the micro-blog posts it shows,
  never a hidden one), the same small document with its attached pictures;
- one ``resource`` record per image of those copies and posts held by the media archive:
  ``WARC-Target-URI`` its original URL, ``WARC-Date`` when ``invoke fetch`` downloaded
  it, the bytes as stored (re-encoded without metadata).

They are ``resource`` records, not ``response`` records: the site keeps what it
aggregated, not the servers' HTTP exchanges, and a WARC must not claim responses it does
not have. Record ids are UUIDv5 of the record's URI and date, so exporting the same
archive twice gives the same records (only the ``warcinfo`` date differs).

Every header value comes from the store, the archive or the media index, all untrusted,
and ``warcio`` writes header values as they are: a line break in a stored link would add
header lines of its own. So a header is built only from a validated value
(:func:`header_uri`, :func:`header_type`): a copy whose link is not a clean http(s) URL
is recorded under its ``urn:blogcon:archive:`` name instead, an image with an unclean URL
or type is left out, and each is reported.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from warcio.warcwriter import WARCWriter

from plugins.core.errors import shown
from plugins.core.media import image_urls
from plugins.core.sanitize import is_http_url

#: Namespace of our WARC record ids.
_RECORD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://blogcon.invalid/warc/record")
SOFTWARE = "blogcon-site roundup export-warc (warcio)"
#: A media type as the media archive stores them (``image/jpeg``), nothing more
_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9][a-z0-9.+-]{0,60}$")


def header_value(text: object) -> str | None:
    """``text`` if it can be a WARC header value: a string without control characters,
    line or paragraph separators or other white space (none of our values has any)."""
    if not isinstance(text, str) or not text:
        return None
    if any(unicodedata.category(ch)[0] in "CZ" for ch in text):
        return None
    return text


def header_uri(uri: object) -> str | None:
    """``uri`` if it is an http(s) URL fit for a header (:func:`header_value`)."""
    value = header_value(uri)
    return value if value and is_http_url(value) else None


def header_type(content_type: object) -> str | None:
    """``content_type`` if it is a plain ``type/subtype`` (the media archive's)."""
    value = header_value(content_type)
    return value if value and _MEDIA_TYPE.match(value) else None


@dataclass(frozen=True)
class CopyForWarc:
    """One archived copy: what the WARC records about it (HTML is sanitized)."""

    key: str
    link: str | None
    title: str
    author: str
    lang: str | None
    #: when it was published, in the edition's zone (as the archived copy page dates it)
    date: datetime
    first_seen: datetime
    html: str


def warc_bytes(
    edition_id: str,
    copies: Iterable[CopyForWarc],
    media: Any,
    filename: str,
    now: datetime | None = None,
    skipped: list[str] | None = None,
) -> tuple[bytes, int, int]:
    """The WARC file of ``copies`` and their images found in ``media`` (a
    ``MediaLibrary``); returns (bytes, copies written, images written). Values unfit for a
    header are reported in ``skipped`` (one line each) when it is given."""
    skipped = [] if skipped is None else skipped
    if header_value(filename) is None:
        raise ValueError(f"{shown(filename)}: expected a file name without control characters")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    now = now or datetime.now(UTC)
    info = {
        "software": SOFTWARE,
        "format": "WARC File Format 1.1",
        "description": (
            f"Edition {edition_id}: archived copies of participants' posts (sanitized HTML "
            "as first seen by the site's aggregator; WARC-Date = first seen) and their "
            "images (re-encoded without metadata; WARC-Date = fetched)."
        ),
        "isPartOf": f"edition {edition_id}",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    copies = sorted(copies, key=lambda c: (c.first_seen, c.key))
    images: dict[str, None] = {}
    written_copies = 0
    for copy in copies:
        uri = header_uri(copy.link)
        if uri is None:
            name = header_value(f"urn:blogcon:archive:{edition_id}:{copy.key}")
            if name is None:
                skipped.append(f"copy {shown(copy.key)}: neither a clean link nor key, left out")
                continue
            if copy.link:
                skipped.append(f"link {shown(copy.link)}: not a clean http(s) URL, recorded by key")
            uri = name
        written_copies += 1
        _resource(
            writer,
            uri,
            copy.first_seen,
            "text/html; charset=utf-8",
            _document(copy).encode("utf-8"),
        )
        for url in image_urls(copy.html):
            if url in media.records:
                images.setdefault(url, None)
    written = 0
    for url in images:
        record = media.records[url]
        content_type = header_type(record.content_type)
        if header_uri(url) is None or content_type is None:
            skipped.append(f"image {shown(url)} ({shown(record.content_type)}): left out")
            continue
        fetched = datetime.fromisoformat(record.fetched.replace("Z", "+00:00"))
        _resource(writer, url, fetched, content_type, media.file(url).read_bytes())
        written += 1
    return out.getvalue(), written_copies, written


def _resource(
    writer: WARCWriter, uri: str, date: datetime, content_type: str, payload: bytes
) -> None:
    stamp = date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    record_id = uuid.uuid5(_RECORD_NAMESPACE, f"{uri}\x00{stamp}")
    record = writer.create_warc_record(
        uri,
        "resource",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type=content_type,
        warc_headers_dict={"WARC-Date": stamp, "WARC-Record-ID": f"<urn:uuid:{record_id}>"},
    )
    writer.write_record(record)


def _document(copy: CopyForWarc) -> str:
    """A standalone HTML document for an archived copy; every text from the feed is
    escaped, the content is the sanitized HTML with images at their original URLs."""

    def e(text: str | None) -> str:
        return html.escape(text or "", quote=True)

    lang = f' lang="{e(copy.lang)}"' if copy.lang else ""
    canonical = f'<link rel="canonical" href="{e(copy.link)}">' if copy.link else ""
    published = copy.date.isoformat(timespec="seconds")  # in the edition's zone
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8">'
        f"<title>{e(copy.title)}</title>{canonical}</head>\n<body><article>"
        f"<h1>{e(copy.title)}</h1>\n<p>{e(copy.author)} · "
        f'<time datetime="{published}">{published}</time></p>\n'
        f"{copy.html}\n</article></body></html>\n"
    )
