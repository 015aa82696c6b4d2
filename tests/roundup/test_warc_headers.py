"""A WARC header is built only from validated values: a line break in a stored link or an
archived image's type never adds header lines to a record."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from plugins.roundup.warc import CopyForWarc, header_uri, header_value, warc_bytes

WHEN = datetime(2009, 11, 14, 2, 0, tzinfo=UTC)


@dataclass
class Record:
    fetched: str
    content_type: str


class Media:
    """The little of a MediaLibrary that the WARC writer uses."""

    def __init__(self, folder: Path, images: dict[str, str]):
        self.folder = folder
        self.records = {url: Record("2009-11-15T00:00:00Z", kind) for url, kind in images.items()}

    def file(self, url: str) -> Path:
        path = self.folder / f"{abs(hash(url))}.jpg"
        path.write_bytes(b"\xff\xd8\xff image bytes")
        return path


def copy(link: str, html: str = "<p>Text</p>", key: str = "k1") -> CopyForWarc:
    return CopyForWarc(key, link, "A post", "Alice", "en", WHEN, WHEN, html)


def records(data: bytes) -> list[dict[str, str]]:
    return [dict(record.rec_headers.headers) for record in ArchiveIterator(io.BytesIO(data))]


@pytest.mark.parametrize(
    "value, ok",
    [
        ("https://a.example/2009/11/day1.html", True),
        ("https://a.example/中文/第一天.html", True),
        ("https://a.example/x\r\nX-Evil: 1", False),
        ("https://a.example/x\nX-Evil: 1", False),
        ("https://a.example/x\u2028X-Evil: 1", False),
        ("https://a.example/x\x85X", False),
        ("https://a.example/x y", False),
        ("javascript:alert(1)", False),
        ("", False),
        (None, False),
    ],
)
def test_header_uris(value, ok):
    assert header_uri(value) == (value if ok else None)


def test_a_line_break_in_a_link_adds_no_header(tmp_path):
    image = "https://a.example/hall.jpg"
    evil_image = "https://a.example/evil.jpg\r\nX-Evil-Image: 1"
    bad_type = "https://a.example/type.jpg"
    html = f'<p><img src="{image}"><img src="{bad_type}"></p>'
    media = Media(tmp_path, {image: "image/jpeg", bad_type: "image/jpeg\r\nX-Evil-Type: 1"})
    media.records[evil_image] = Record("2009-11-15T00:00:00Z", "image/jpeg")
    skipped: list[str] = []
    data, posts, images = warc_bytes(
        "2009",
        [
            copy("https://a.example/x\r\nX-Evil: 1", html),
            copy("https://a.example/ok", key="k2"),
            copy("", key="k3\r\nX-Evil-Key: 1"),
        ],
        media,
        "2009.warc.gz",
        skipped=skipped,
    )
    found = records(data)
    names = {name for headers in found for name in headers}
    assert not [name for name in names if name.startswith("X-")], names
    uris = [headers.get("WARC-Target-URI") for headers in found]
    assert "urn:blogcon:archive:2009:k1" in uris and "https://a.example/ok" in uris
    assert image in uris and bad_type not in uris
    assert (posts, images) == (2, 1)
    assert len(skipped) == 3 and all("\n" not in line and "\r" not in line for line in skipped)
    assert skipped[0].startswith("link 'https://a.example/x\\r\\nX-Evil: 1'")
    assert skipped[1].startswith("copy 'k3\\r\\nX-Evil-Key: 1': neither a clean link nor key")
    assert skipped[2].startswith(f"image {image.replace('hall', 'type')!r}")


def test_a_file_name_with_a_line_break_is_refused(tmp_path):
    with pytest.raises(ValueError, match="expected a file name without control characters"):
        warc_bytes("2009", [], Media(tmp_path, {}), "x\r\nX-Evil: 1.warc.gz")
    assert header_value("2009.warc.gz") == "2009.warc.gz"


def export(output: Path | str) -> int:
    from plugins.roundup.__main__ import main

    return main(["warc", "--edition", "2009", "--output", str(output)])


@pytest.mark.parametrize("kind", ["device", "fifo", "folder", "symlink"])
def test_output_replaces_only_a_regular_file(tmp_path, capsys, kind):
    target = tmp_path / "out.warc.gz"
    kept = tmp_path / "kept.txt"
    kept.write_text("kept\n", encoding="utf-8")
    if kind == "device":
        target = Path("/dev/null")
        if not target.is_char_device():
            pytest.skip("no /dev/null character device here")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(kept)
    before = target.lstat()
    assert export(target) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "expected a regular file (replaced) or a new path" in err
    assert f"is a {'character device' if kind == 'device' else kind.replace('fifo', 'FIFO')}" in err
    after = target.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert kept.read_text("utf-8") == "kept\n"


def test_output_replaces_a_regular_file(tmp_path, capsys):
    target = tmp_path / "old.warc.gz"
    target.write_bytes(b"old")
    assert export(target) == 0
    assert target.read_bytes()[:2] == b"\x1f\x8b"  # gzip: the WARC
