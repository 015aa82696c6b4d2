"""Fetch the bytes of a schedule (file path or http(s) URL) and parse them by format."""

from __future__ import annotations

import json
from pathlib import Path

from .model import SourceError, SourceSchedule
from .read_json import read_json
from .read_xml import read_xml

TIMEOUT = 30.0


def load_bytes(source: str) -> bytes:
    """Read ``source``; raises SourceError with a reason on any failure."""
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            response = httpx.get(source, timeout=TIMEOUT, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise SourceError(f"could not be downloaded ({exc})") from None
        return response.content
    path = Path(source)
    if not path.is_file():
        raise SourceError("no such file; expected a schedule file path or an http(s) URL")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"could not be read ({exc.strerror})") from None


def parse(data: bytes) -> tuple[SourceSchedule, str, object]:
    """Detect the format and parse; returns (schedule, "json" or "xml", raw document)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(
                f"is not valid JSON ({exc}); expected a frab/pretalx schedule.json"
            ) from None
        return read_json(document), "json", document
    if head == b"<":
        return read_xml(data), "xml", data
    raise SourceError(
        "is neither JSON nor XML; expected a frab/pretalx schedule (schedule.json or schedule.xml)"
    )
