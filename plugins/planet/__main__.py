"""Command line: ``python -m plugins.planet fetch|status`` (what ``invoke`` calls).

``fetch`` downloads every aggregated feed into the store and prints a summary;
``status`` prints the feed health table from the store, without touching the network.
``fetch`` exits 1 when any feed failed (after fetching every other one), with one line
per failure naming the file and line that configure the feed.
``fetch`` then copies the images of stored entries and archived copies into the media
archive (:mod:`.mediafetch`); ``media`` does only that.
Settings come from ``pelicanconf.py`` (``--settings``), read the way Pelican reads them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from rich.console import Console
from rich.logging import RichHandler

from plugins.core.errors import ContentError
from plugins.core.errors import summary as problems_summary
from plugins.core.settings import SettingError
from plugins.core.siteconfig import read_settings_file
from plugins.core.text import printable

from .console import (
    failure_lines,
    print_media_summary,
    print_summary,
    progress_bar,
    shown,
    status_table,
    verdict,
)
from .fetch import run_fetch
from .health import FeedHealth
from .lock import LockError
from .mediafetch import MediaSource, run_media_fetch
from .mediapurge import project_sources
from .mediawants import collect_wants
from .outcome import Summary
from .settings import PlanetSettings
from .sources import UnknownSource, load_sources, select_sources
from .store import Store


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m plugins.planet")
    parser.add_argument("command", choices=["fetch", "status", "media"])
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--only", nargs="*", metavar="PERSON", help="fetch only these people")
    parser.add_argument(
        "--force",
        action="store_true",
        help="also fetch feeds whose server asked to wait (Cache-Control, Retry-After)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every feed")
    args = parser.parse_args(argv)

    console = Console(stderr=False)
    handler = RichHandler(console=Console(stderr=True), show_path=False)  # markup off
    handler.addFilter(_PlainMessages())
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(message)s",
        handlers=[handler],
    )
    root = Path(args.root).resolve()
    settings = read_settings_file(root / args.settings)
    try:
        PlanetSettings.read(settings)  # a bad setting: one line naming it, no traceback
    except SettingError as exc:
        print(exc.problem().format(root), file=sys.stderr)
        return 2
    if args.command == "status":
        store = Store(PlanetSettings.read(settings).store_dir(root))
        console.print(status_table(FeedHealth.of(r) for r in store.load_all()))
        return 0
    try:
        sources = load_sources(root, settings)
    except ContentError as exc:  # a people or edition file the build would refuse too
        for problem in exc.problems:
            print(printable(problem.format(root)), file=sys.stderr)
        print(f"{problems_summary(exc.problems)}: nothing fetched", file=sys.stderr)
        return 1
    if args.only:
        try:
            sources = select_sources(sources, args.only)
        except UnknownSource as exc:  # one unwrapped line: ids must stay greppable
            Console(stderr=True).print(
                f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True
            )
            return 2
    try:
        summary = None
        if args.command == "fetch":
            with progress_bar(console, len(sources)) as advance:
                summary = run_fetch(
                    root, settings, sources=sources, on_done=advance, force=args.force
                )
            print_summary(console, summary)
        media = run_media_fetch(
            root, settings, _media_sources(root, settings, sources), force=args.force
        )
    except LockError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {shown(exc)}", highlight=False)
        return 2
    except ValueError as exc:  # an unreadable media index: never overwritten
        Console(stderr=True).print(f"[bold red]error:[/] {shown(exc)}", highlight=False)
        return 2
    print_media_summary(console, media)
    return _verdict(summary, sources, root) if summary is not None else 0


def _verdict(summary: Summary, sources: list, root: Path) -> int:
    """Every failed feed as a located line, then the counts; 1 when any feed failed.

    A failing feed never stops the others (every feed is fetched, as ``make
    --keep-going`` would, and the images after them), so the store gets all it can; the
    exit status then says whether it got everything."""
    errors = Console(stderr=True, soft_wrap=True, highlight=False, markup=False)
    for line in failure_lines(summary, sources, root):
        errors.print(line)
    if summary.failed:
        errors.print(verdict(summary))
        return 1
    print(verdict(summary))
    return 0


def _media_sources(root: Path, settings: dict, sources: list) -> list[MediaSource]:
    """The feeds' entries a page shows, then the documents the other plugins hand over
    (every edition's archived copies). A content error that keeps a plugin from deciding
    (a broken moderation file) is printed with what it leaves out, and the rest is
    fetched."""
    wants = collect_wants(root, settings, sources)
    for problem in wants.problems:
        print(printable(problem.format(root)), file=sys.stderr)
    if wants.problems:
        print(f"warning: {wants.consequence or 'some pictures are not fetched'}", file=sys.stderr)
    return project_sources(root, settings, sources, None, wants)


class _PlainMessages(logging.Filter):
    """Remove control characters from every message the command logs: a message may
    quote a server or a feed (its reason phrase, a URL), and rich prints escape
    sequences as they are. rich markup is already off in the log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = printable(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


if __name__ == "__main__":
    sys.exit(main())
