"""``python -m plugins.roundup archive --edition ID``: freeze an edition's matched posts.

Reads the planet store and content exactly as the build does (no network), matches the
edition's posts and writes each to ``content/editions/<ID>/archive/<key>.json``. Files
already there are kept: an archive only grows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.core.errors import ContentError
from plugins.core.siteconfig import site

from .archive import FOLDER, freeze
from .matching import Matcher, edition_page_prefixes
from .settings import RoundupSettings

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m plugins.roundup")
    commands = parser.add_subparsers(dest="command", required=True)
    archive = commands.add_parser("archive", help="freeze an edition's matched posts")
    archive.add_argument("--edition", required=True, help="edition id (folder name)")
    archive.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    args = parser.parse_args(argv)
    try:
        return _archive(args.edition, Path(args.settings))
    except (ContentError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _archive(edition_id: str, settings_file: Path) -> int:
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
    matcher = Matcher(edition, edition_page_prefixes(facts.site_url, segments, edition_id),
                      config.days_before, config.days_after)
    planet = load_planet(settings, load_people(settings))
    entries = [e for feed in sorted(planet.records) for e in planet.entries_for(feed)]
    matched = [e for e in entries if matcher.matches(e)]
    folder = Path(edition.source_path).parent / FOLDER
    written, unchanged = freeze(matched, folder)
    print(f"archive-coverage: edition {edition_id}: {len(matched)} matched posts, "
          f"{len(written)} written, {len(unchanged)} unchanged, in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
