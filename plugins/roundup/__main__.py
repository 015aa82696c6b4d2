"""``python -m plugins.roundup archive|warc --edition ID``: an edition's archived copies.

``archive`` reads the planet store and content exactly as the build does (no network),
matches the edition's posts and writes each to ``content/editions/<ID>/archive/<key>.json``.
Files already there are kept: an archive only grows.

``warc`` writes those copies (the matched posts and the frozen ones) and their images from
the media archive into one WARC file (:mod:`.warc`).
"""

from __future__ import annotations

import argparse
import stat
import sys
from dataclasses import replace
from pathlib import Path

from plugins.core.atomic import write_atomic
from plugins.core.errors import ContentError, shown
from plugins.core.media import attached_images
from plugins.core.sanitize import clean_html
from plugins.core.siteconfig import site

from .archive import FOLDER, freeze, load_archive, post_key
from .matching import Matcher, edition_page_prefixes
from .settings import RoundupSettings
from .warc import CopyForWarc, warc_bytes

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m plugins.roundup")
    commands = parser.add_subparsers(dest="command", required=True)
    archive = commands.add_parser("archive", help="freeze an edition's matched posts")
    archive.add_argument("--edition", required=True, help="edition id (folder name)")
    archive.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    warc = commands.add_parser("warc", help="write an edition's archived copies as a WARC")
    warc.add_argument("--edition", required=True, help="edition id (folder name)")
    warc.add_argument("--output", default="", help="WARC file (default: exports/ID.warc.gz)")
    warc.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    args = parser.parse_args(argv)
    try:
        if args.command == "warc":
            return _warc(args.edition, Path(args.settings), args.output)
        return _archive(args.edition, Path(args.settings))
    except (ContentError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _archive(edition_id: str, settings_file: Path) -> int:
    edition, matched, _settings = _matched(edition_id, settings_file)
    folder = Path(edition.source_path).parent / FOLDER
    written, unchanged = freeze(matched, folder)
    print(
        f"archive-coverage: edition {edition_id}: {len(matched)} matched posts, "
        f"{len(written)} written, {len(unchanged)} unchanged, in {folder}"
    )
    return 0


def _warc(edition_id: str, settings_file: Path, output: str) -> int:
    from plugins.planet.api import load_media, project_root

    if output:
        _check_output(Path(output))  # before the work: a mistyped path costs nothing
    edition, matched, settings = _matched(edition_id, settings_file)
    copies: dict[str, CopyForWarc] = {}
    for entry in matched:  # as the build does: the planet's posts first, then the archive
        copy = _entry_copy(entry, entry.title)
        copies.setdefault(copy.key, copy)
    for post in load_archive(Path(edition.source_path).parent / FOLDER):
        copies.setdefault(
            post.key,
            CopyForWarc(
                post.key,
                post.link,
                post.title,
                post.author or post.feed_id,
                post.lang,
                post.date_value,
                post.first_seen_value,
                clean_html(post.content, post.link),
            ),
        )
    for post, title in _wall_posts(edition, settings):  # the micro-blog posts and pictures
        # the author is the post's account (or person), never its display name
        copy = _entry_copy(
            post.entry, title, attached_images(post.entry.media), post.author_in(None)
        )
        copies.setdefault(copy.key, copy)
    # dated in the edition's zone, as the site's archived copy pages date them
    zone = edition.timezone
    copies = {key: replace(c, date=c.date.astimezone(zone)) for key, c in copies.items()}
    root = project_root(settings)
    target = Path(output) if output else root / "exports" / f"{edition_id}.warc.gz"
    _check_output(target)
    skipped: list[str] = []
    data, posts, images = warc_bytes(
        edition_id, copies.values(), load_media(settings), target.name, skipped=skipped
    )
    write_atomic(target, data)
    for line in skipped:
        print(f"export-warc: {line}", file=sys.stderr)
    print(
        f"export-warc: edition {edition_id}: {posts} posts (archived copies and wall posts), "
        f"{images} images, "
        f"{len(data) / 1024:.0f} KB in {target}"
    )
    return 0


def _check_output(target: Path) -> None:
    """Refuse to replace anything but a regular file (the rename would replace a device
    node, a FIFO, a folder's link or a symlink itself just as well)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kinds = {
            stat.S_ISLNK: "a symlink",
            stat.S_ISDIR: "a folder",
            stat.S_ISCHR: "a character device",
            stat.S_ISBLK: "a block device",
            stat.S_ISFIFO: "a FIFO",
            stat.S_ISSOCK: "a socket",
        }
        kind = next((name for test, name in kinds.items() if test(mode)), "not a file")
        raise ValueError(
            f"--output {shown(str(target))} is {kind}; expected a regular file (replaced) "
            "or a new path"
        )


def _entry_copy(entry, title: str, pictures: str = "", author: str | None = None) -> CopyForWarc:
    """What the WARC records of a planet entry (a blog post or a wall post)."""
    return CopyForWarc(
        post_key(entry.link, entry.feed_id, entry.id),
        entry.link,
        title,
        author or entry.author_in(None),
        entry.lang,
        entry.date,
        entry.first_seen,
        (entry.html or entry.content or "") + pictures,
    )


def _wall_posts(edition, settings) -> list:
    """The posts of the edition's wall (through the wall plugin's public API, when the
    project has that plugin)."""
    try:
        from plugins.wall.api import wall_posts
    except ImportError:
        return []
    return wall_posts(edition, settings)


def _matched(edition_id: str, settings_file: Path):
    """(edition, its matched planet entries, the settings), read as the build reads them."""
    from pelican.settings import read_settings as read_pelican_settings

    from plugins.conference.api import load_edition_index, load_people
    from plugins.planet.api import load_planet

    settings = read_pelican_settings(str(settings_file))
    facts = site(settings)
    editions = load_edition_index(settings)
    if edition_id not in editions:
        known = ", ".join(sorted(editions)) or "(none)"
        raise ValueError(f"unknown edition {edition_id!r}; expected one of: {known}")
    edition = editions[edition_id]
    config = RoundupSettings.read(settings)
    segments = [language.segment for language in facts.languages]
    matcher = Matcher(
        edition,
        edition_page_prefixes(facts.site_url, segments, edition_id),
        config.days_before,
        config.days_after,
    )
    planet = load_planet(settings, load_people(settings))
    entries = [e for feed in sorted(planet.records) for e in planet.entries_for(feed)]
    matched = [e for e in entries if matcher.matches(e)]
    return edition, matched, settings


if __name__ == "__main__":
    sys.exit(main())
