"""Fetch the bytes of a schedule (file path or http(s) URL) and parse them by format."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .limits import MAX_SOURCE_BYTES, check_limits, check_size
from .model import SourceError, SourceSchedule
from .read_json import read_json
from .read_xml import read_xml

TIMEOUT = 30.0


def load_bytes(source: str) -> bytes:
    """Read ``source``; raises SourceError with a reason on any failure."""
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            with httpx.stream("GET", source, timeout=TIMEOUT, follow_redirects=True) as response:
                response.raise_for_status()
                return _capped(response.iter_bytes())
        except httpx.HTTPError as exc:
            raise SourceError(f"could not be downloaded ({exc})") from None
    path = Path(source)
    if not path.is_file():
        raise SourceError("no such file; expected a schedule file path or an http(s) URL")
    try:
        with path.open("rb") as file:
            return _capped(iter(lambda: file.read(1 << 20), b""))
    except OSError as exc:
        raise SourceError(f"could not be read ({exc.strerror})") from None


def _capped(chunks: Iterable[bytes]) -> bytes:
    """The chunks joined; stops reading as soon as they pass :data:`.limits.MAX_SOURCE_BYTES`
    (a lying ``Content-Length``, a compressed bomb, a growing file)."""
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > MAX_SOURCE_BYTES:
            check_size(len(data))
    return bytes(data)


def parse(data: bytes) -> tuple[SourceSchedule, str, object]:
    """Detect the format and parse; returns (schedule, "json" or "xml", raw document).
    Raises SourceError when it is not a schedule, or exceeds a cap (:mod:`.limits`)."""
    check_size(len(data))
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(
                f"is not valid JSON ({exc}); expected a frab/pretalx schedule.json"
            ) from None
        return checked(read_json(document)), "json", document
    if head == b"<":
        return checked(read_xml(data)), "xml", data
    raise SourceError(
        "is neither JSON nor XML; expected a frab/pretalx schedule (schedule.json or schedule.xml)"
    )


def checked(schedule: SourceSchedule) -> SourceSchedule:
    """``schedule`` when it is within the caps of :mod:`.limits`; else SourceError."""
    check_limits(schedule)
    return schedule
