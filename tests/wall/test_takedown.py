"""A takedown is complete: a post with a picture, taken down after it was fetched and its
picture archived, is in no output (pages, feeds, JSON Feed, sessions.json, search index,
sitemap, share cards, WARC, ``output/media/``), and ``planet-purge`` removes it and its
picture from ``data/`` (store, media files and index), keeping pictures still shown."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from plugins.planet.__main__ import _media_sources
from plugins.planet.mediafetch import run_media_fetch
from plugins.planet.sources import load_sources
from plugins.roundup.__main__ import main as roundup_main
from plugins.wall.__main__ import main as wall_main
from tests.conftest import ROOT
from tests.planet.test_media import jpeg_with_gps, png

from .conftest import MODERATION, POSTS, add_stream, mastodon_tag_rss
from .test_wall import FEED_ID, _fetch


def _texts(folder: Path) -> list[tuple[Path, bytes]]:
    """Every file under ``folder``, gzip (Pagefind's index, the WARC) decompressed."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            found.append((path, data))
    return found


def _settings_file(site, tmp_path) -> Path:
    """The project's settings pointed at the fixture site, for the commands."""
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(site.content)!r}\n"
    )
    return settings_file


def _warc(site, tmp_path, name: str) -> tuple[dict[str, bytes], bytes]:
    """The edition's WARC: its records by URI, and the whole file decompressed."""
    settings_file = _settings_file(site, tmp_path)
    target = tmp_path / name
    args = ["warc", "--edition", "2009", "--settings", str(settings_file), "--output", str(target)]
    assert roundup_main(args) == 0
    with target.open("rb") as stream:
        records = {
            record.rec_headers.get_header("WARC-Target-URI") or "": record.content_stream().read()
            for record in ArchiveIterator(stream)
        }
    return records, gzip.decompress(target.read_bytes())


def test_a_takedown_reaches_every_output_and_the_media_archive(site, tmp_path, mastodon, capsys):
    hall, tools = mastodon.url("/media/hall.jpg"), mastodon.url("/media/tools.png")
    hall_bytes, tools_bytes = jpeg_with_gps(size=(320, 210)), png(size=(40, 30), noise=True)
    mastodon.add("/media/hall.jpg", body=hall_bytes, headers={"Content-Type": "image/jpeg"})
    mastodon.add("/media/tools.png", body=tools_bytes, headers={"Content-Type": "image/png"})
    posts = [
        (*post[:4], [(hall if "hall" in m[0] else tools, *m[1:]) for m in post[4]])
        for post in POSTS
    ]
    mastodon.routes["/tags/cnbc09.rss"].body = mastodon_tag_rss(posts)
    # 1. fetched and archived before anyone asked for a takedown
    add_stream(site, mastodon.url("/tags/cnbc09.rss"), moderation=False)
    settings = _fetch(site, tmp_path, mastodon)
    sources = [s for s in load_sources(site.root, settings) if s.id == FEED_ID]
    summary = run_media_fetch(site.root, settings, _media_sources(site.root, settings, sources))
    assert summary.stored == 2
    media = site.root / "data/media"
    index = json.loads((media / "index.json").read_text(encoding="utf-8"))
    taken = index["images"][tools]["sha256"]
    kept = index["images"][hall]["sha256"]
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    assert list((output / "media").rglob(f"{taken}.png"))  # published while it was shown

    # 2. the takedown (dave's post, with the picture), built into the same output
    site.write("editions/2009/moderation.yaml", MODERATION)
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"])
    assert (output / "pagefind").is_dir() and (output / "sitemap.xml").is_file()
    assert (output / "en/editions/2009/sessions.json").is_file()
    # (share cards, when a CJK font is installed, are scanned with every other file)
    assert (output / "planet/feed.json").is_file() and (output / "en/feed.json").is_file()
    digest = hashlib.sha256(tools_bytes).hexdigest()

    def assert_absent(texts):
        for path, data in texts:
            for mark in (b"TAKENDOWN", b"@dave/5", tools.encode(), taken.encode()):
                assert mark not in data, (str(path), mark)
            assert hashlib.sha256(data).hexdigest() not in (taken, digest), str(path)

    assert_absent(_texts(output))
    assert list((output / "media").rglob(f"{kept}.jpg"))  # the shown picture is still there
    warc, raw = _warc(site, tmp_path, "before.warc.gz")
    assert hall in warc and tools not in warc and b"micro power" in raw
    assert_absent([(Path("before.warc.gz"), raw)])

    # 3. planet-purge: the post and its picture leave data/, the shown picture stays
    capsys.readouterr()
    settings_file = _settings_file(site, tmp_path)
    args = ["purge", "--edition", "2009", "--root", str(site.root), "--settings"]
    assert wall_main([*args, str(settings_file)]) == 0
    out = capsys.readouterr().out
    assert f"purged {FEED_ID}: https://mastodon.test/@dave/5 (takedown)" in out
    assert f"purged picture {tools} (data/media/{taken[:2]}/{taken}.png)" in out
    assert "4 entries and 1 picture purged from data/" in out
    assert_absent(_texts(site.root / "data"))
    index = json.loads((media / "index.json").read_text(encoding="utf-8"))
    assert list(index["images"]) == [hall]
    assert (media / kept[:2] / f"{kept}.jpg").is_file()
    assert not (media / taken[:2] / f"{taken}.png").exists()
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    assert_absent(_texts(output))
    assert list((output / "media").rglob(f"{kept}.jpg"))
    warc, raw = _warc(site, tmp_path, "after.warc.gz")
    assert hall in warc and tools not in warc
    assert_absent([(Path("after.warc.gz"), raw)])


def test_the_purge_keeps_a_picture_a_shown_post_also_uses(site, tmp_path, mastodon, capsys):
    """The taken-down post's picture is also another shown post's picture: under the same
    URL (its record stays), and under another URL (same file: the file stays)."""
    same = png(size=(24, 24), noise=True)
    other = png(size=(20, 20), noise=True)
    for path, body in (("/m/a.png", same), ("/m/a-copy.png", same), ("/m/b.png", other)):
        mastodon.add(path, body=body, headers={"Content-Type": "image/png"})
    a, a_copy, b = (mastodon.url(p) for p in ("/m/a.png", "/m/a-copy.png", "/m/b.png"))
    pictures = {
        "1": [(a_copy, "image/png", "copy")],  # alice: shown, the same file as a.png
        "2": [(b, "image/png", "shared")],  # bob: shown, the same URL as dave's second
        "5": [(a, "image/png", "taken"), (b, "image/png", "shared")],  # dave: taken down
    }
    posts = [(*post[:4], pictures.get(post[1], [])) for post in POSTS]
    mastodon.routes["/tags/cnbc09.rss"].body = mastodon_tag_rss(posts)
    add_stream(site, mastodon.url("/tags/cnbc09.rss"), moderation=False)
    settings = _fetch(site, tmp_path, mastodon)
    sources = [s for s in load_sources(site.root, settings) if s.id == FEED_ID]
    run_media_fetch(site.root, settings, _media_sources(site.root, settings, sources))
    media = site.root / "data/media"
    index = json.loads((media / "index.json").read_text(encoding="utf-8"))
    assert sorted(index["images"]) == sorted([a, a_copy, b])
    site.write("editions/2009/moderation.yaml", MODERATION)
    output = site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    published = {p.name for p in (output / "media").rglob("*.png")}
    assert published == {f"{index['images'][u]['sha256']}.png" for u in (a_copy, b)}
    wall = (output / "en/editions/2009/wall.html").read_text(encoding="utf-8")
    # alice's picture is served from the file the taken-down picture shared with it
    assert f"media/{index['images'][a_copy]['sha256'][:2]}/" in wall and a not in wall

    settings_file = _settings_file(site, tmp_path)
    args = ["purge", "--edition", "2009", "--root", str(site.root), "--settings"]
    capsys.readouterr()
    assert wall_main([*args, str(settings_file)]) == 0
    out = capsys.readouterr().out
    assert f"purged picture {a}\n" in out  # its record only: the file is a_copy's too
    assert f"kept picture {b} (still shown elsewhere)" in out
    index = json.loads((media / "index.json").read_text(encoding="utf-8"))
    assert sorted(index["images"]) == sorted([a_copy, b])
    for url in (a_copy, b):
        sha = index["images"][url]["sha256"]
        assert (media / sha[:2] / f"{sha}.png").is_file()
