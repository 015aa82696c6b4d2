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
"""

from __future__ import annotations

import html
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from warcio.warcwriter import WARCWriter

from plugins.core.media import image_urls

#: Namespace of our WARC record ids.
_RECORD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://blogcon.invalid/warc/record")
SOFTWARE = "blogcon-site roundup export-warc (warcio)"


@dataclass(frozen=True)
class CopyForWarc:
    """One archived copy: what the WARC records about it (HTML is sanitized)."""

    key: str
    link: str | None
    title: str
    author: str
    lang: str | None
    date: datetime
    first_seen: datetime
    html: str


def warc_bytes(
    edition_id: str,
    copies: Iterable[CopyForWarc],
    media: Any,
    filename: str,
    now: datetime | None = None,
) -> tuple[bytes, int, int]:
    """The WARC file of ``copies`` and their images found in ``media`` (a
    ``MediaLibrary``); returns (bytes, copies written, images written)."""
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
    for copy in copies:
        uri = copy.link or f"urn:blogcon:archive:{edition_id}:{copy.key}"
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
    for url in images:
        record = media.records[url]
        fetched = datetime.fromisoformat(record.fetched.replace("Z", "+00:00"))
        _resource(writer, url, fetched, record.content_type, media.file(url).read_bytes())
    return out.getvalue(), len(copies), len(images)


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
    published = copy.date.astimezone(UTC).isoformat(timespec="seconds")
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8">'
        f"<title>{e(copy.title)}</title>{canonical}</head>\n<body><article>"
        f"<h1>{e(copy.title)}</h1>\n<p>{e(copy.author)} · "
        f'<time datetime="{published}">{published}</time></p>\n'
        f"{copy.html}\n</article></body></html>\n"
    )
