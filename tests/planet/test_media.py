"""The media archive's fetch: hostile images from a loopback server never reach
``data/media/``; kept images carry no metadata; duplicates share a file; caps hold."""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import zlib

import pytest
from PIL import Image

from plugins.core.settings import SettingError
from plugins.planet.fetch import run_fetch
from plugins.planet.mediacheck import MediaRefused, clean_image, sniff
from plugins.planet.mediafetch import MediaSource, _local_copy, run_media_fetch, sources_from_store
from plugins.planet.mediastore import MediaStore
from plugins.planet.settings import PlanetSettings
from plugins.planet.sources import FeedSource
from plugins.planet.store import Store

GPS = {1: "N", 2: (24.0, 47.0, 1.0), 3: "E", 4: (112.0, 22.0, 59.0)}
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/>'
    b"</svg>"
)


def jpeg_with_gps(color=(10, 120, 200), size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "SampleCam"
    exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"shot at home")
    return out.getvalue()


def png(size=(32, 32), mode="RGB", noise=False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new(mode, size)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@functools.cache
def bomb(side: int = 8000) -> bytes:
    """A decompression bomb: a PNG of a few KB whose pixels (1 bit each, all black)
    take ``side`` x ``side`` pixels once decoded. Written chunk by chunk, since
    having Pillow encode it takes seconds."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = (b"\0" + b"\0" * (side // 8)) * side  # filter byte + packed bits, per row
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def media_settings(settings, tmp_path) -> dict:
    return {
        **settings,
        "PLANET_MEDIA_PATH": str(tmp_path / "media"),
        "PLANET_MEDIA_MAX_BYTES": 256 * 1024,
    }


@pytest.fixture
def hostile(server):
    """A server with one good photo (twice, under two URLs) and every kind of bad one."""
    photo = jpeg_with_gps()
    routes = {
        "/photo.jpg": (photo, "image/jpeg"),
        "/same-photo.jpeg": (photo, "image/jpeg; charset=binary"),
        "/png-as-html.png": (png(), "text/html"),
        "/html-as-jpeg.jpg": (b"<html><script>alert(1)</script></html>", "image/jpeg"),
        "/huge.png": (png((320, 320), noise=True), "image/png"),
        "/bomb.png": (bomb(), "image/png"),  # over PLANET_MEDIA_MAX_PIXELS
        "/big-bomb.png": (bomb(20000), "image/png"),  # over Pillow's own limit too
        "/evil.svg": (SVG, "image/svg+xml"),
        "/svg-as-png.png": (SVG, "image/png"),
        "/truncated.jpg": (photo[: len(photo) // 2], "image/jpeg"),
    }
    for path, (body, kind) in routes.items():
        server.add(path, body=body, headers={"Content-Type": kind})
    images = "".join(f'<p><img src="{server.url(path)}" alt="{path}"></p>' for path in routes)
    images += f'<p><img src="{server.url("/gone.jpg")}" alt="gone"></p>'  # a 404
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pix</title>'
        "<link>https://pix.example.org/</link><item><guid>p1</guid><title>Photos</title>"
        "<link>https://pix.example.org/p1</link><pubDate>Sat, 14 Nov 2009 10:00:00 +0800"
        f"</pubDate><description><![CDATA[{images}]]></description></item></channel></rss>"
    )
    server.add("/feed.xml", body=feed.encode(), headers={"Content-Type": "application/rss+xml"})
    server.photo = photo
    return server


def fetch_all(tmp_path, settings, server, force=False):
    feeds = [FeedSource("pix", server.url("/feed.xml"))]
    summary = run_fetch(tmp_path, settings, sources=feeds)
    assert not summary.failed
    sources = sources_from_store(Store(settings["PLANET_STORE_PATH"]), feeds)
    return run_media_fetch(tmp_path, settings, sources, force=force)


def stored_files(settings) -> list:
    folder = MediaStore(settings["PLANET_MEDIA_PATH"]).folder
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "index.json")


def test_hostile_media_never_reach_the_archive(tmp_path, media_settings, hostile):
    summary = fetch_all(tmp_path, media_settings, hostile)
    index = json.loads((tmp_path / "media/index.json").read_text())
    assert sorted(index["images"]) == [hostile.url("/photo.jpg"), hostile.url("/same-photo.jpeg")]
    refused = {url.rsplit("/", 1)[1]: entry["reason"] for url, entry in index["refused"].items()}
    assert "not a raster image" in refused["png-as-html.png"]
    assert "magic bytes" in refused["html-as-jpeg.jpg"]
    assert "too large" in refused["huge.png"]
    assert "decompression bomb" in refused["bomb.png"]
    assert "PLANET_MEDIA_MAX_PIXELS" in refused["bomb.png"]
    assert "decompression bomb" in refused["big-bomb.png"]
    assert "not a raster image" in refused["evil.svg"]
    assert "magic bytes" in refused["svg-as-png.png"]
    assert "not a readable JPEG" in refused["truncated.jpg"]
    assert [url for url, _ in summary.failed] == [hostile.url("/gone.jpg")]
    files = stored_files(media_settings)
    assert len(files) == 1  # two URLs, one picture: one file
    data = files[0].read_bytes()
    assert sniff(data) == "JPEG" and b"<svg" not in data and b"<script" not in data


def test_stored_images_carry_no_gps_or_other_metadata(tmp_path, media_settings, hostile):
    assert Image.open(io.BytesIO(hostile.photo)).getexif().get_ifd(0x8825)  # it had GPS
    fetch_all(tmp_path, media_settings, hostile)
    [path] = stored_files(media_settings)
    data = path.read_bytes()
    image = Image.open(path)
    assert dict(image.getexif()) == {} and not image.getexif().get_ifd(0x8825)
    assert b"Exif\x00\x00" not in data and b"shot at home" not in data
    assert "exif" not in image.info and "comment" not in image.info
    record = json.loads((tmp_path / "media/index.json").read_text())["images"][
        hostile.url("/photo.jpg")
    ]
    assert (record["width"], record["height"]) == (64, 48) == image.size
    assert record["bytes"] == len(data) and path.name == f"{record['sha256']}.jpg"
    assert path.parent.name == record["sha256"][:2]


def test_duplicates_share_a_file_and_known_images_are_not_asked_again(
    tmp_path, media_settings, hostile
):
    first = fetch_all(tmp_path, media_settings, hostile)
    assert (first.stored, first.deduplicated) == (1, 1)
    hits = len(hostile.hits)
    again = fetch_all(tmp_path, media_settings, hostile)
    assert (again.stored, again.deduplicated, again.known) == (0, 0, 10)
    asked = [path for path, _ in hostile.hits[hits:] if path != "/feed.xml"]
    assert asked == ["/gone.jpg"]  # a network failure is tried again; a refusal is not
    forced = fetch_all(tmp_path, media_settings, hostile, force=True)
    assert len(forced.refused) == 8 and len(stored_files(media_settings)) == 1


def test_archive_files_are_written_with_the_usual_mode(
    tmp_path, media_settings, hostile, umask_022
):
    fetch_all(tmp_path, media_settings, hostile)
    for path in [*stored_files(media_settings), tmp_path / "media/index.json"]:
        assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("cap", ["PLANET_MEDIA_FEED_MAX_BYTES", "PLANET_MEDIA_TOTAL_MAX_BYTES"])
def test_caps_per_feed_and_in_total(tmp_path, media_settings, hostile, cap):
    summary = fetch_all(tmp_path, {**media_settings, cap: 100}, hostile)
    assert summary.stored == 0 and summary.capped >= 1
    assert stored_files(media_settings) == []


def test_loopback_images_are_refused_by_the_network_guard(tmp_path, media_settings, hostile):
    feeds = [FeedSource("pix", hostile.url("/feed.xml"))]
    run_fetch(tmp_path, media_settings, sources=feeds)  # the feed itself is allowed here
    guarded = {**media_settings, "PLANET_ALLOWED_NETWORKS": []}
    sources = sources_from_store(Store(media_settings["PLANET_STORE_PATH"]), feeds)
    hits = len(hostile.hits)
    summary = run_media_fetch(tmp_path, guarded, sources)
    assert summary.stored == 0 and len(summary.failed) == 11
    assert all("refused address" in reason for _, reason in summary.failed)
    assert len(hostile.hits) == hits and stored_files(media_settings) == []


def test_local_feed_images_are_read_inside_the_project_only(tmp_path, media_settings):
    copy = tmp_path / "feeds/media/127.0.0.1/a/photo.jpg"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(jpeg_with_gps())
    (tmp_path / "secret.jpg").write_bytes(jpeg_with_gps((200, 0, 0)))
    documents = (
        '<img src="http://127.0.0.1:9/a/photo.jpg">'
        '<img src="http://127.0.0.1:9/%2e%2e/%2e%2e/%2e%2e/secret.jpg">',
    )
    # No network allowed: the copy beside the feed is read; the escape is not, and its
    # download (the fallback for an image without a copy) is refused by the guard.
    guarded = {**media_settings, "PLANET_ALLOWED_NETWORKS": []}
    summary = run_media_fetch(tmp_path, guarded, [MediaSource("blog", documents, "feeds/media")])
    index = json.loads((tmp_path / "media/index.json").read_text())
    assert list(index["images"]) == ["http://127.0.0.1:9/a/photo.jpg"]
    assert summary.stored == 1 and len(summary.failed) == 1
    assert "refused address" in summary.failed[0][1]
    assert _local_copy("feeds/media", "https://h.example/../x.jpg") is None
    assert _local_copy("feeds/media", "https://h.example/%2e%2e/x.jpg") is None
    assert _local_copy("m", "https://h.example/a/x.jpg") == "m/h.example/a/x.jpg"


def test_animation_keeps_its_frames_and_loses_its_comment():
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=80,
        comment=b"where I live",
        loop=0,
    )
    clean = clean_image(out.getvalue(), "image/gif", 10_000)
    image = Image.open(io.BytesIO(clean.data))
    assert image.n_frames == 3 and "comment" not in image.info
    with pytest.raises(MediaRefused, match="decompression bomb"):
        clean_image(out.getvalue(), "image/gif", 1000)  # 3 frames of 400 pixels


def test_media_settings_are_validated():
    assert PlanetSettings.read({}).media_max_bytes == 5 * 1024 * 1024
    with pytest.raises(SettingError, match="PLANET_MEDIA_ENABLED"):
        PlanetSettings.read({"PLANET_MEDIA_ENABLED": "yes"})
    with pytest.raises(SettingError, match="PLANET_MEDIA_MAX_PIXELS"):
        PlanetSettings.read({"PLANET_MEDIA_MAX_PIXELS": 0})


def test_video_posters_are_archived_as_images_and_players_dropped(tmp_path, media_settings, server):
    from plugins.core.media import image_urls
    from plugins.core.sanitize import clean_html

    cleaned = clean_html(
        '<video poster="p.jpg" src="v.mp4" autoplay><source src="v.webm">'
        "<p>Your reader cannot play it.</p></video>",
        "https://b.example/a/",
    )
    assert cleaned == (
        '<img src="https://b.example/a/p.jpg" alt=""><p>Your reader cannot play it.</p>'
    )
    hostile = clean_html(
        '<video poster="javascript:alert(1)">a</video><video><video '
        'poster="data:image/png;base64,AAAA">b</video></video>'
    )
    assert "<video" not in hostile and "javascript" not in hostile and "data:" not in hostile
    assert image_urls(hostile) == []

    server.add("/poster.png", body=png((40, 30)), headers={"Content-Type": "image/png"})
    documents = (f'<video poster="{server.url("/poster.png")}" src="/clip.mp4"></video>',)
    summary = run_media_fetch(tmp_path, media_settings, [MediaSource("clips", documents)])
    index = json.loads((tmp_path / "media/index.json").read_text())
    assert summary.stored == 1
    assert index["images"][server.url("/poster.png")]["width"] == 40
    assert [path for path, _ in server.hits] == ["/poster.png"]  # never the video itself


def test_an_image_whose_file_was_deleted_is_fetched_again(tmp_path, media_settings, hostile):
    fetch_all(tmp_path, media_settings, hostile)
    for path in stored_files(media_settings):
        path.unlink()
    again = fetch_all(tmp_path, media_settings, hostile)
    assert again.stored == 1 and len(stored_files(media_settings)) == 1


def test_pages_show_the_local_copy_or_a_link():
    from plugins.core.media import LocalImage, localize_media
    from plugins.core.sanitize import clean_html

    cleaned = clean_html(
        '<p><img src="https://a.example/x.jpg" title="T &quot;q&quot;">'
        '<img src="https://b.example/y.png" alt="gone"></p>'
    )
    copies = {"https://a.example/x.jpg": LocalImage("media/ab/abc.jpg", 640, 420)}
    shown = localize_media(cleaned, copies.get, "../..")
    assert (
        '<img src="../../media/ab/abc.jpg" alt="" title="T &quot;q&quot;" width="640" '
        'height="420" loading="lazy" decoding="async">'
    ) in shown
    assert '<a class="remote-image" href="https://b.example/y.png"' in shown
    assert shown.count("<img") == 1  # the image without a copy is only a link
    assert 'src="/media/ab/abc.jpg"' in localize_media(cleaned, copies.get, "")
    assert "data-local-media" not in shown and "\x00" not in shown
