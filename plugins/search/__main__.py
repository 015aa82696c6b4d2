"""Index a built site with Pagefind: ``python -m plugins.search OUTPUT [--settings FILE]``.

What the plugin's ``finalized`` handler does, for a build made with
``SEARCH_DEFER_INDEX = True``: ``invoke regenerate`` runs it after each rebuild, so the
pages are served as soon as they are written and the index follows a few seconds later,
and ``invoke build`` once Pelican's process has ended, so Pelican's memory and Pagefind's
are never held at once. The index copy is made in a forked child (OpenCC's dictionaries
leave with it).
Exit status 0 when the index was written, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from plugins.core.settings import SettingError

from .index import run_pagefind
from .runs import Stopped
from .settings import SearchSettings


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, index the output; the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m plugins.search", description=__doc__.splitlines()[0]
    )
    parser.add_argument("output", help="the built site's folder")
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="Pelican settings file whose SEARCH_* settings apply",
    )
    parser.add_argument(
        "--cache-path",
        help="folder of the kept shards (default: the settings' CACHE_PATH); a new, empty "
        "one indexes every shard",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from pelican.settings import read_settings as read_pelican_settings

    try:
        settings = read_pelican_settings(args.settings)
        config = SearchSettings.read(settings)
        if not config.enabled or "plugins.search" not in settings.get("PLUGINS", ()):
            print("search: the search plugin is off in these settings; nothing to index")
            return 0
        cache = args.cache_path or settings.get("CACHE_PATH")
        indexed = run_pagefind(Path(args.output), config, cache, apart=True)
        return 0 if indexed is not None else 1
    except SettingError as exc:
        print(f"{args.settings}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Stopped:  # SIGTERM: the runs are killed, the temporary folders removed
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)  # and it ends as terminated
