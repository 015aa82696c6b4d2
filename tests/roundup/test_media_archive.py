"""Images end to end: fetch → media archive → build → WARC.

A fixture site aggregates a feed whose posts show images served by a loopback server (one
good photo, one that disappears, one SVG with a script); the posts are archived; the
build must serve every image from the site's own copy, with width and height, and the
exported WARC must hold every archived copy and every archived image of the edition.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from plugins.planet.fetch import run_fetch
from plugins.planet.mediacheck import sniff
from plugins.planet.mediafetch import MediaSource, run_media_fetch, sources_from_store
from plugins.planet.sources import load_sources
from plugins.planet.store import Store
from plugins.roundup.__main__ import main as roundup_main
from plugins.roundup.api import archived_documents
from tests.conftest import ROOT
from tests.planet.conftest import FeedServer
from tests.planet.test_media import SVG, jpeg_with_gps

FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Alice</title><link>https://alice.example.org/</link><language>zh-cn</language>
<item><title>第一天：微动力</title>
  <link>https://alice.example.org/2009/11/day1.html</link>
  <guid>https://alice.example.org/2009/11/day1.html</guid>
  <pubDate>Sat, 14 Nov 2009 23:10:00 +0800</pubDate>
  <description><![CDATA[<p>在测试年会听了主题演讲。</p>
  <p><img src="{base}/hall.jpg" alt="会场"></p>
  <p><img src="{base}/evil.svg" alt="evil"></p>]]></description></item>
<item><title>ＣＮＢＣ０９ notes</title>
  <link>https://alice.example.org/2009/11/notes.html</link>
  <guid>https://alice.example.org/2009/11/notes.html</guid>
  <pubDate>Mon, 16 Nov 2009 10:00:00 +0800</pubDate>
  <description><![CDATA[<p>#cnbc09 Same photo, other address: <img src="{base}/copy/hall.jpg"></p>
  <p><img src="{base}/gone.jpg" alt="a photo that is gone"></p>]]></description></item>
</channel></rss>
"""


class Images(HTMLParser):
    """Every <img> of a page, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def images_of(text: str) -> list[dict[str, str | None]]:
    parser = Images()
    parser.feed(text)
    return parser.found


@pytest.fixture
def media_site(site, tmp_path):
    server = FeedServer()
    server.thread.start()
    photo = jpeg_with_gps(size=(120, 80))
    server.add("/hall.jpg", body=photo, headers={"Content-Type": "image/jpeg"})
    server.add("/copy/hall.jpg", body=photo, headers={"Content-Type": "image/jpeg"})
    server.add("/evil.svg", body=SVG, headers={"Content-Type": "image/svg+xml"})
    site.write(
        "editions/2009/edition.yaml",
        site.path("editions/2009/edition.yaml").read_text()
        + "keywords: [测试年会]\nhashtags: ['#cnbc09']\n",
    )
    site.write(
        "people/alice.yaml",
        site.path("people/alice.yaml").read_text() + "feed: feeds/alice.xml\naggregate: true\n",
    )
    (site.root / "feeds").mkdir()
    (site.root / "feeds/alice.xml").write_text(FEED.format(base=server.base), encoding="utf-8")
    settings = site.settings(
        PLANET_NEW_FEED_DAYS=None, PLANET_ALLOWED_NETWORKS=["127.0.0.0/8"], PLANET_TIMEOUT=2.0
    )
    assert not run_fetch(site.root, settings).failed
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"PATH = {str(site.content)!r}\n"
        "PLANET_NEW_FEED_DAYS = None\n"
    )
    assert roundup_main(["archive", "--edition", "2009", "--settings", str(settings_file)]) == 0
    feeds = load_sources(site.root, settings)
    sources = sources_from_store(Store(site.root / "data/planet"), feeds) + [
        MediaSource(name, documents) for name, documents in archived_documents(site.content)
    ]
    summary = run_media_fetch(site.root, settings, sources)
    assert (summary.stored, summary.deduplicated, len(summary.refused)) == (1, 1, 1)
    site.settings_file = settings_file
    site.server = server
    yield site
    server.httpd.shutdown()
    server.httpd.server_close()


def test_pages_show_only_local_copies_with_their_size(media_site):
    output = media_site.build(PLANET_NEW_FEED_DAYS=None)
    index = json.loads((media_site.root / "data/media/index.json").read_text())
    record = index["images"][media_site.server.url("/hall.jpg")]
    pages = sorted(output.glob("*/planet/**/*.html")) + sorted(
        output.glob("*/editions/2009/archive/*.html")
    )
    assert len(pages) >= 4
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for image in images_of(text):
            src = image["src"] or ""
            assert not re.match(r"(?i)^(https?:)?//", src), f"{page}: remote image {src}"
            target = (page.parent / src).resolve()
            assert target.is_relative_to(output.resolve()) and target.is_file(), src
            assert target.name == f"{record['sha256']}.jpg"
            assert (image["width"], image["height"]) == ("120", "80")
            assert image["alt"] is not None
            shown += 1
        # a photo never archived, and the SVG, are links to click, never loaded
        assert "evil.svg" not in text or 'class="remote-image"' in text
        if "gone.jpg" in text:
            assert re.search(r'<a class="remote-image" href="[^"]+/gone\.jpg"', text)
    assert shown >= 4  # both posts, on the planet and in their archived copies
    served = [p for p in (output / "media").rglob("*") if p.is_file()]
    assert len(served) == 1 and sniff(served[0].read_bytes()) == "JPEG"
    assert not Image.open(served[0]).getexif().get_ifd(0x8825)  # no GPS position


def test_archived_copies_keep_their_images_without_the_store(media_site):
    shutil.rmtree(media_site.root / "data/planet")
    output = media_site.build(PLANET_NEW_FEED_DAYS=None)
    copies = sorted((output / "en/editions/2009/archive").glob("*.html"))
    assert len(copies) == 2
    found = [image for page in copies for image in images_of(page.read_text())]
    assert len(found) == 2 and all(i["src"].startswith("../../../../media/") for i in found)


def test_a_tampered_media_file_is_not_served(media_site, caplog):
    [stored] = [p for p in (media_site.root / "data/media").rglob("*.jpg")]
    stored.write_bytes(SVG)
    output = media_site.build(PLANET_NEW_FEED_DAYS=None)
    assert not (output / "media").exists() or not list((output / "media").rglob("*.*"))
    page = (output / "en/planet/index.html").read_text()
    assert images_of(page) == [] and 'class="remote-image"' in page
    assert "does not match its name" in caplog.text


def test_warc_holds_every_archived_copy_and_image(media_site, tmp_path, capsys):
    target = tmp_path / "2009.warc.gz"
    assert (
        roundup_main(
            [
                "warc",
                "--edition",
                "2009",
                "--settings",
                str(media_site.settings_file),
                "--output",
                str(target),
            ]
        )
        == 0
    )
    assert "2 posts (archived copies and wall posts), 2 images" in capsys.readouterr().out
    records = {}
    with target.open("rb") as stream:
        for record in ArchiveIterator(stream):
            headers = record.rec_headers
            records[headers.get_header("WARC-Target-URI")] = (
                record.rec_type,
                headers.get_header("WARC-Date"),
                headers.get_header("Content-Type"),
                record.content_stream().read(),
            )
    info = [value for key, value in records.items() if value[0] == "warcinfo"]
    assert len(info) == 1 and b"edition 2009" in info[0][3]
    archived = sorted((media_site.content / "editions/2009/archive").glob("*.json"))
    for path in archived:
        post = json.loads(path.read_text())
        kind, date, content_type, body = records[post["link"]]
        assert kind == "resource" and content_type == "text/html; charset=utf-8"
        assert date == post["first_seen"].replace("+00:00", "Z")
        assert post["title"].encode() in body
        # dated in the edition's zone, like the archived copy page
        local = datetime.fromisoformat(post["date"]).astimezone(ZoneInfo("Asia/Shanghai"))
        assert f'datetime="{local.isoformat(timespec="seconds")}"'.encode() in body
    index = json.loads((media_site.root / "data/media/index.json").read_text())
    assert len(index["images"]) == 2  # one picture under two URLs
    for url, entry in index["images"].items():
        kind, date, content_type, body = records[url]
        assert (kind, content_type, date) == ("resource", "image/jpeg", entry["fetched"])
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert not Image.open(io.BytesIO(body)).getexif()
    # nothing else: the copies, their images and the warcinfo record
    assert len(records) == len(archived) + len(index["images"]) + 1


def test_warc_unknown_edition_is_a_clear_error(media_site, capsys, tmp_path):
    assert (
        roundup_main(
            [
                "warc",
                "--edition",
                "2099",
                "--settings",
                str(media_site.settings_file),
                "--output",
                str(tmp_path / "x.warc.gz"),
            ]
        )
        == 1
    )
    assert "unknown edition '2099'" in capsys.readouterr().err
    assert not (tmp_path / "x.warc.gz").exists()
