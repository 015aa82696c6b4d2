"""``invoke dev``: build, serve on loopback, rebuild on every save, reload the open tab.

The writer's loop. One build at start, then one per batch of changes that ``watchfiles``
reports in the watched folders (content, data, theme, plugins, catalogs, settings). Each
build runs Pelican (``pelican.main``, as ``python -m pelican``) in a fork of a warm process
that has imported Pelican and the settings' plugins once (:data:`WARM_SCRIPT`; a saved
``.py`` file starts a new one, so an edited plugin or setting takes effect; without
``fork``, a fresh interpreter per build), with the caches on (:data:`CACHED_BUILD`, as
``invoke live`` builds), into a staging folder kept beside the output (``<output>.dev/``),
and search indexing deferred (``SEARCH_DEFER_INDEX``). A build that succeeds is mirrored
onto the served folder (:func:`plugins.core.mirror.mirror`: only files whose bytes changed
are replaced, each atomically), then every open tab is told to reload; Pagefind then
indexes the staging folder in the background and its bundle is mirrored in the same way.
A build that fails prints its located error lines (Pelican's own console lines, relayed)
and leaves the served folder as it was: the last good site stays up. When only Markdown
files were saved, a preview comes first (:func:`preview`, :mod:`plugins.core.devpreview`):
the last good build's process re-renders their pages, which are copied onto the served
folder, and the tabs reload (a ``preview`` event); the full build follows as above.

The server (:class:`DevServer`) is the standard library's threaded HTTP server on
loopback, serving the output folder as ``invoke serve`` does, plus two URLs of its own
under :data:`PREFIX`:

- ``/__dev__/events``: a server-sent-events stream (``text/event-stream``). On connecting
  a client gets ``hello`` (this server's run and build number), then ``preview`` when
  saved pages were re-rendered ahead of their build, and exactly one event at the end of
  each build: ``reload`` when it changed the site, ``unchanged`` when it did not,
  ``failed`` (the error lines, JSON) when it failed; ``indexed`` when search has caught
  up. A comment every :data:`KEEPALIVE` seconds keeps the connection open through idle
  times.
- ``/__dev__/reload.js``: the script that listens to it. The server adds
  ``<script src="/__dev__/reload.js" data-build="…" defer></script>`` to every HTML page
  *it sends* (before ``</body>``); the files on disk never have it, so ``output/`` stays
  what ``invoke build`` writes. The script reloads the page on ``preview`` and
  ``reload``, and on a ``hello`` from another run or build than the one the page was
  served from (the server was restarted, or a build finished before the stream connected
  or while it was down);
  when the connection is lost it keeps trying (``EventSource`` retries on its own; the
  script opens a new one if the browser gave up).

Server-sent events need nothing beyond ``http.server``: one long response per tab, written
by its own thread. A WebSocket library or livereload would add a dependency for a channel
that only ever goes from the server to the page.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

# The server and the builder are their own modules; their names stay importable from here.
from .devbuild import CACHED_BUILD, WARM_SCRIPT, Builder, Outcome, Warm
from .devhttp import (
    EVENTS_PATH,
    KEEPALIVE,
    PREFIX,
    RELOAD_JS,
    RETRY_MS,
    SCRIPT_PATH,
    SCRIPT_TAG,
    DevHandler,
    DevServer,
    Events,
    event_message,
    inject,
)
from .interrupts import interruptible

__all__ = [
    "CACHED_BUILD",
    "DEBOUNCE_MS",
    "EVENTS_PATH",
    "IGNORED",
    "KEEPALIVE",
    "PREFIX",
    "RELOAD_JS",
    "RETRY_MS",
    "SCRIPT_PATH",
    "SCRIPT_TAG",
    "STEP_MS",
    "WARM_SCRIPT",
    "Builder",
    "DevHandler",
    "DevServer",
    "Events",
    "Outcome",
    "Warm",
    "event_message",
    "inject",
    "main",
    "preview",
    "rebuild",
    "run_dev",
    "watch_filter",
]

#: watchfiles' grouping of changes: a batch ends after STEP_MS without a new change (or
#: DEBOUNCE_MS at most), so an editor's write, rename and chmod make one build.
DEBOUNCE_MS, STEP_MS = 1600, 50
#: Names in the watched folders that never start a build: editors' and our own temporary
#: files, and the planet's fetch lock (the same as ``invoke regenerate``'s).
IGNORED = (r"^\..*\.tmp$", r"^\.fetch\.lock$")


def watch_filter():
    """``watchfiles``' default filter, also ignoring :data:`IGNORED`."""
    from watchfiles import DefaultFilter

    return DefaultFilter(ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns, *IGNORED))


def rebuild(builder: Builder, events: Events, say: Callable[[str], None] = print) -> Outcome:
    """Build once and tell the open tabs: ``reload`` when the site changed, ``failed``
    (with the error lines) when the build failed."""
    outcome = builder.build()
    if not outcome.ok:
        say(
            f"Build failed ({outcome.seconds:.1f} s); still serving the last good site. "
            "Fix the lines above and save."
        )
        events.publish("failed", json.dumps({"lines": outcome.lines[-50:]}))
        return outcome
    if outcome.changed or outcome.removed:
        events.publish("reload")
        tabs = events.listeners
        say(
            f"Built in {outcome.seconds:.1f} s: {outcome.changed} file(s) written, "
            f"{outcome.removed} removed; {tabs} open tab(s) told to reload"
        )
    else:
        events.publish("unchanged")
        say(f"Built in {outcome.seconds:.1f} s: no file changed")
    builder.start_index(lambda: events.publish("indexed"))
    return outcome


def preview(
    builder: Builder, events: Events, paths: list[str], say: Callable[[str], None] = print
) -> bool:
    """Only Markdown files were saved: re-render their pages at once with the last good
    build's objects and tell the tabs to reload with a ``preview`` event (the full build
    follows, and ends with its own event); whether it did."""
    done = builder.preview(paths)
    if not done.written:
        say(f"Preview skipped ({done.skipped}); the full build follows")
        return False
    say(
        f"Previewed in {done.seconds:.2f} s: {len(done.written)} page(s) re-rendered "
        f"({done.written[0]}{', ...' if len(done.written) > 1 else ''}); the full build follows"
    )
    events.publish("preview")
    return True


def run_dev(
    root: Path,
    settings_file: Path,
    output: Path,
    paths: Iterable[Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    index: bool = True,
    warm: bool = hasattr(os, "fork"),
    stop: threading.Event | None = None,
    ready: Callable[[DevServer], None] | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``output``, build, then rebuild on every batch of changes under ``paths``
    until ``stop`` is set (or Ctrl-C). ``ready`` is called with the running server."""
    # watchfiles' Rust watcher (the object its ``watch()`` wraps, documented as its "Rust
    # backend direct usage") is started before the first build: a save made while that
    # build runs is kept and starts the next one, none is lost.
    from watchfiles import Change
    from watchfiles._rust_notify import RustNotify

    paths = [Path(p) for p in paths]
    accept = watch_filter()
    builder = Builder(root, settings_file, output, say=say, index=index, warm=warm)
    with (
        interruptible(),  # Ctrl-C stops it even when started with SIGINT ignored
        DevServer(output, host, port) as server,
        RustNotify([str(p) for p in paths], False, False, 300, True, False) as watcher,
    ):
        say(f"Serving {output} at {server.url} with live reload (Ctrl-C to stop)")
        if ready is not None:
            ready(server)
        try:
            rebuild(builder, server.events, say)
            say("Watching " + ", ".join(_shown(root, p) for p in paths))
            while True:
                raw = watcher.watch(DEBOUNCE_MS, STEP_MS, 0, stop)
                if raw == "signal":
                    raise KeyboardInterrupt
                if raw == "stop":
                    return
                if raw == "timeout":
                    continue
                kept = {path for change, path in raw if accept(Change(change), path)}
                names = sorted(_shown(root, Path(path)) for path in kept)
                if not names:
                    continue
                more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                say(f"Changed: {', '.join(names[:3])}{more}; rebuilding")
                if any(path.endswith(".py") for path in kept):
                    builder.code_changed()
                elif all(path.endswith(".md") and os.path.isfile(path) for path in kept):
                    preview(builder, server.events, sorted(kept), say)
                rebuild(builder, server.events, say)
        finally:
            builder.close()


def _shown(root: Path, path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(root.resolve()))
    return str(path)


def main(argv: list[str] | None = None) -> int:
    """``python -m plugins.core.devserver``: what ``invoke dev`` runs (benchmarks too)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--settings", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-index", action="store_true", help="no Pagefind after builds")
    parser.add_argument(
        "--cold", action="store_true", help="each build in a fresh interpreter (no warm process)"
    )
    parser.add_argument("watch", nargs="+", type=Path, help="folders and files to watch")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        run_dev(
            args.root,
            args.settings,
            args.output,
            args.watch,
            host=args.host,
            port=args.port,
            index=not args.no_index,
            warm=not args.cold,
            say=lambda line: print(line, flush=True),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
