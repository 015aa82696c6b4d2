"""Command line: ``python -m plugins.wall purge|live`` (what ``invoke planet-purge`` and
``invoke live`` call). Settings come from ``pelicanconf.py`` (``--settings``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.core.errors import ContentError, summary
from plugins.core.siteconfig import read_settings_file
from plugins.core.text import one_line, printable


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m plugins.wall")
    parser.add_argument("command", choices=["purge", "live"])
    parser.add_argument("--edition", required=True, help="edition id, e.g. 2009")
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--dry-run", action="store_true", help="purge: say what, remove nothing")
    parser.add_argument("--every", default="5m", help="live: time between rounds (90s, 5m, 1h)")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="live: build with publishconf.py (and rsync to --dest)",
    )
    parser.add_argument("--publish-settings", default="publishconf.py")
    parser.add_argument("--dest", default="", help="live --publish: rsync destination")
    parser.add_argument("--rounds", type=int, default=0, help="live: stop after N rounds")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    settings_file = root / args.settings
    if args.command == "purge":
        return _purge(root, settings_file, args.edition, args.dry_run)
    from .live import LiveError, check_dest, interval, require_rsync, run_live

    try:
        every = interval(args.every)
        check_dest(args.dest)
        if args.publish and args.dest:
            require_rsync()
        return run_live(
            root,
            settings_file,
            args.edition,
            every,
            publish_settings=root / args.publish_settings if args.publish else None,
            dest=args.dest,
            rounds=args.rounds or None,
        )
    except LiveError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except ContentError as exc:  # the edition's files cannot be read: one line each
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        print(summary(exc.problems), file=sys.stderr)
        return 1


def _purge(root: Path, settings_file: Path, edition: str, dry_run: bool) -> int:
    from plugins.core.errors import ContentError, display_path
    from plugins.planet.api import LockError

    from .purge import UnknownEdition, purge_edition

    try:
        done = purge_edition(root, read_settings_file(settings_file), edition, dry_run=dry_run)
    except (UnknownEdition, LockError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(printable(problem.format(root)), file=sys.stderr)
        return 2
    verb = "would purge" if dry_run else "purged"
    for feed_id, entry_id, link in done.entries.removed:
        reason = done.reasons.get(entry_id, "")
        print(f"{verb} {feed_id}: {one_line(link or entry_id)} ({printable(reason)})")
    for url, path in done.media.removed:
        where = f" ({display_path(path, root)})" if path else ""
        print(f"{verb} picture {one_line(url)}{where}")
    for url in done.media.kept:
        print(f"kept picture {one_line(url)} (still shown elsewhere)")
    count, pictures = len(done.entries.removed), len(done.media.removed)
    state = "would be purged" if dry_run else "purged"
    print(
        f"{count} {'entry' if count == 1 else 'entries'} and {pictures} "
        f"{'picture' if pictures == 1 else 'pictures'} {state} from data/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
