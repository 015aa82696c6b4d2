"""Tasks for the conference site: ``invoke --list`` shows them all.

Everything runs offline except ``invoke fetch`` (feeds) and ``invoke import-schedule`` with
an http(s) source: the build itself never touches the network.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

# the maintainer's and translators' tasks live in tools/; imported here, so that
# `invoke lock`, `invoke screenshots`, `invoke i18n-update`... keep their names
from tools.common import HOST, OUTPUT, PORT, PUBLISH_SETTINGS, ROOT, SETTINGS, BackgroundIndex
from tools.common import pelican as _pelican
from tools.common import run_module as _module
from tools.common import search_command as _search_command
from tools.common import search_index as _index
from tools.deps import lock, test_latest  # noqa: F401 - tasks, listed by invoke
from tools.dev import deploy_config, lighthouse, test  # noqa: F401
from tools.i18n import i18n_compile, i18n_extract, i18n_status, i18n_update  # noqa: F401
from tools.schedules import import_schedule, unimport_schedule  # noqa: F401
from tools.shots import screenshots  # noqa: F401


@task
def clean(c):
    """Remove the generated site (output/) and the build caches (cache/)."""
    for folder in (OUTPUT, ROOT / "cache"):
        if folder.exists():
            shutil.rmtree(folder)


@task
def build(c):
    """Build the site into output/ with development settings, failing on any warning.

    The search index is made once Pelican's process has ended (``SEARCH_DEFER_INDEX``,
    then ``python -m plugins.search``), so their memory is never held at once."""
    _pelican("-s", str(SETTINGS), "--fatal", "warnings", "-e", "SEARCH_DEFER_INDEX=true")
    _index(OUTPUT, SETTINGS)


@task(pre=[clean], post=[build])
def rebuild(c):
    """Clean, then build."""


@task
def regenerate(c):
    """Rebuild on every change to content, theme, plugins, translations, data/ or settings.

    Each build runs in a fresh process, so edited plugins and settings take effect;
    warnings are shown but do not stop the loop (``build`` is the strict one).
    """
    import watchfiles

    paths = watched_paths()
    print("Watching " + ", ".join(_shown(path) for path in paths) + " (Ctrl-C to stop)")
    # Pages first; the search index follows in the background (SEARCH_DEFER_INDEX), and
    # a run still going when the next change comes is stopped: its pages are stale.
    command = shlex.join(
        [sys.executable, "-m", "pelican", "-s", str(SETTINGS), "-e", "SEARCH_DEFER_INDEX=true"]
    )
    indexer = BackgroundIndex(_search_command(OUTPUT, SETTINGS))

    def build() -> None:
        indexer.stop()
        if c.run(command, warn=True, pty=False).ok:
            indexer.start()

    try:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
            _regenerate(paths, build, watchfiles.watch)
    finally:
        indexer.stop()


@task(help={"port": "port on 127.0.0.1 (default 8000, or SITE_PORT)"})
def dev(c, port=PORT):
    """Serve the site on loopback, rebuild on every save and reload the open tab.

    Caches on; a broken save prints its located lines and keeps the last good site."""
    from plugins.core.devserver import run_dev

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        run_dev(ROOT, SETTINGS, OUTPUT, watched_paths(), host=HOST, port=int(port))


def watched_paths(settings_file: Path = SETTINGS) -> list[Path]:
    """What ``regenerate`` watches: the settings file, the content (``PATH``), the theme
    (``THEME``), the ``CONFERENCE_*`` files and folders when outside it, ``plugins/``, the
    UI catalogs (``LANGUAGES_CATALOG_PATH``) and ``data/`` (the planet store and archived
    media the build reads), those that exist.

    Pelican's own ``-r`` watches only the settings, content and theme, and rebuilds in
    the same process, where an edited plugin module is never imported again.
    """
    from pelican.settings import read_settings

    from plugins.core.siteconfig import site

    settings = read_settings(str(settings_file))
    facts = site(settings)
    candidates = [
        Path(settings_file),
        Path(settings["PATH"]),
        Path(settings["THEME"]),
        facts.conference_file,
        facts.editions_path,
        facts.people_path,
        ROOT / "plugins",
        Path(settings.get("LANGUAGES_CATALOG_PATH", "translations")),
        ROOT / "data",
        Path(settings.get("PLANET_STORE_PATH", "data/planet")),
    ]
    found: list[Path] = []
    for path in (p if p.is_absolute() else ROOT / p for p in candidates):
        path = path.resolve()
        if path.exists() and not any(path == f or f in path.parents for f in found):
            found = [f for f in found if path not in f.parents] + [path]
    return found


def _regenerate(paths, build, watch) -> None:
    """Build once, then once per batch of changes that ``watch`` (watchfiles) yields."""
    from watchfiles import DefaultFilter

    build()
    ignore = (*DefaultFilter.ignore_entity_patterns, r"^\..*\.tmp$", r"^\.fetch\.lock$")
    for changes in watch(*paths, watch_filter=DefaultFilter(ignore_entity_patterns=ignore)):
        names = sorted({_shown(Path(path)) for _, path in changes})
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        print(f"Changed: {', '.join(names[:3])}{more}; rebuilding", flush=True)
        build()


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if ROOT in path.parents else str(path)


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000 (SITE_HOST/SITE_PORT to change)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    server = ReusableServer(str(OUTPUT), (HOST, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {OUTPUT} at http://{HOST}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(pre=[build])
def reserve(c, port=PORT):
    """Build, then serve."""
    serve(c, port)


@task
def preview(c):
    """Build output/ for upload: absolute URLs to site_url, not for local browsing.

    Its links lead to the public site, so pages opened from disk or ``serve`` take the
    reader there; ``build`` and ``serve`` are for looking at the site locally.
    """
    _preview()


def _preview(*settings: str) -> None:
    """``preview``, with more ``NAME=JSON`` settings (a publication's time)."""
    _pelican(
        "-s", str(PUBLISH_SETTINGS), "--fatal", "warnings", *(["-e", *settings] if settings else [])
    )
    print(
        f"Built {OUTPUT} for {_site_url() or 'the site_url of content/conference.yaml'}: "
        "its links are absolute and lead there, so it is meant to be uploaded (invoke "
        "publish --dest ...), not browsed locally; use 'invoke build serve' for that."
    )


def _site_url() -> str:
    """The public address the publishing settings write into links (``SITEURL``)."""
    from pelican.settings import read_settings

    return str(read_settings(str(PUBLISH_SETTINGS)).get("SITEURL") or "")


#: rsync options of ``publish`` (``invoke live --publish`` uses the same, RSYNC_OPTIONS in
#: plugins/wall/live.py). ``-a`` alone copies each file's local mode, so a file that is
#: private here (an editor's 0600 backup, a restrictive umask) would be a 403 on the web
#: server; ``--chmod`` gives every published folder 0755 and file 0644 whatever the local
#: modes, which is what a static web server needs and all it needs. ``--delay-updates``
#: renames the new files into place only once all have arrived and ``--delete-after``
#: deletes the old ones after that: readers never see a half-published site.
RSYNC_OPTIONS = ("-az", "--delay-updates", "--delete-after", "--chmod=D755,F644")


@task(help={"dest": "rsync destination, e.g. user@host:/var/www/site/ (optional)"})
def publish(c, dest=""):
    """Check that rsync is installed, build with the publishing settings; with --dest,
    rsync output/ there (0644/0755, new files renamed into place at the end, old ones
    deleted last)."""
    from invoke import Exit

    if dest.startswith("-"):  # rsync would read it as an option (-e runs a command)
        print(
            f"error: --dest {dest!r} starts with '-', which rsync would read as an option; "
            "expected a destination such as user@host:/var/www/site/ or ./folder",
            file=sys.stderr,
        )
        raise Exit(code=2)
    if shutil.which("rsync") is None:  # checked before a build that would be for nothing
        from plugins.wall.live import RSYNC_MISSING

        print(
            f"error: {RSYNC_MISSING}; or use `invoke preview` and copy output/ yourself",
            file=sys.stderr,
        )
        raise Exit(code=2)
    from pelican.settings import read_settings

    from plugins.conference.api import publication

    # the build records the schedule's changes since the last publication in
    # data/schedule/ (commit it with the content); a failed build or upload leaves the
    # snapshots as they were
    schedules = publication(read_settings(str(PUBLISH_SETTINGS)))
    try:
        _preview(schedules.setting)
        if dest:
            # "--": whatever the destination, rsync reads it as one
            c.run(shlex.join(["rsync", *RSYNC_OPTIONS, "--", f"{OUTPUT}/", dest]), pty=False)
    except BaseException:
        schedules.failed()
        raise
    if schedules.changes():
        print(f"{schedules.summary()}: commit data/schedule/ with the content.")
    else:
        print("The schedule is unchanged since its last publication.")
    if not dest:
        print(
            f"Nothing was uploaded: copy {OUTPUT} to the web server of {_site_url()}, "
            "or pass --dest user@host:/path/ to rsync it there."
        )


@task(
    name="new-conference",
    help={
        "name": "the conference's name (the same in every language; edit it afterwards)",
        "languages": "BCP 47 tags, the default language first, e.g. fr,en,zh-Hans",
        "timezone": "IANA time zone of the conference, e.g. America/Toronto",
        "edition": "id of the first edition (its URL segment), e.g. 2026",
        "start": "first day of the edition, YYYY-MM-DD (default: June 1st of --edition)",
        "city": "city of the edition (default: the time zone's city, named in each language)",
        "site_url": "the public address, e.g. https://conf.example.org (default: a placeholder)",
        "force": "also replace content, feeds and media that differ from the sample",
    },
)
def new_conference(
    c, name, languages, timezone, edition, start="", city="", site_url="", force=False
):
    """Replace the sample conference (content/, data/, docs/screenshots/) with a minimal one
    of your own; refused over content that differs from the sample unless --force."""
    argv = ["new", "--root", str(ROOT), "--name", name, "--languages", languages]
    argv += ["--timezone", timezone, "--edition", str(edition)]
    for flag, value in (("--start", start), ("--city", city), ("--site-url", site_url)):
        if value:
            argv += [flag, value]
    _module("plugins.conference.starter", *argv, *(["--force"] if force else []))


# --- planet and roundup tasks ---
@task(
    help={
        "only": "comma-separated person ids to fetch (default: every aggregated feed); "
        "an id that is not an aggregated feed is an error listing the valid ones",
        "force": "also fetch feeds whose server asked to wait (Cache-Control, Retry-After)",
    }
)
def fetch(c, only="", force=False):
    """Download the participants' feeds into data/planet/ (the one networked build step)."""
    args = ["fetch", "--root", str(ROOT), "--settings", str(SETTINGS)]
    ids = [part.strip() for part in only.split(",") if part.strip()]
    if ids:
        args += ["--only", *ids]
    if force:
        args.append("--force")
    _module("plugins.planet", *args)


@task(name="planet-status")
def planet_status(c):
    """Print the health of every aggregated feed from the store (no network)."""
    _module("plugins.planet", "status", "--root", str(ROOT), "--settings", str(SETTINGS))


@task(
    name="planet-purge",
    help={
        "edition": "edition id, e.g. 2009",
        "dry_run": "list what would be purged; change nothing",
    },
)
def planet_purge(c, edition, dry_run=False):
    """Remove from data/ exactly what the edition's wall hides (moderation.yaml, missing
    consent) and the pictures only those posts used (the one way an entry leaves the
    archive); they are not fetched again."""
    _module(
        "plugins.wall",
        "purge",
        "--edition",
        edition,
        "--root",
        str(ROOT),
        "--settings",
        str(SETTINGS),
        *(["--dry-run"] if dry_run else []),
    )


@task(
    help={
        "edition": "edition id, e.g. 2009",
        "every": "time between rounds: 90s, 5m (default), 1h",
        "publish": "build with publishconf.py, and rsync to --dest if given",
        "dest": "with --publish: rsync destination, e.g. user@host:/var/www/site/",
    }
)
def live(c, edition, every="5m", publish=False, dest=""):
    """During the event: fetch the edition's streams, build (and publish), again every
    --every until Ctrl-C; one status line per round."""
    _module(
        "plugins.wall",
        "live",
        "--edition",
        edition,
        "--every",
        every,
        "--root",
        str(ROOT),
        "--settings",
        str(SETTINGS),
        "--publish-settings",
        str(PUBLISH_SETTINGS),
        *(["--publish", "--dest", dest] if publish else []),
    )


@task(name="archive-coverage", help={"edition": "edition id, e.g. 2009"})
def archive_coverage(c, edition):
    """Freeze the planet posts an edition's roundup lists into its content folder."""
    _module("plugins.roundup", "archive", "--edition", edition, "--settings", str(SETTINGS))


@task(
    name="export-warc",
    help={
        "edition": "edition id, e.g. 2009",
        "output": "WARC file to write (default: exports/ID.warc.gz)",
    },
)
def export_warc(c, edition, output=""):
    """Write an edition's archived copies and their images to a WARC file (warcio)."""
    args = ["warc", "--edition", edition, "--settings", str(SETTINGS)]
    if output:
        args += ["--output", output]
    _module("plugins.roundup", *args)


@task(
    help={
        "edition": "edition id, e.g. 2009",
        "dest": "folder of the PDFs (default: exports/)",
    }
)
def programme(c, edition, dest="exports"):
    """Write the edition's printed programme, one PDF per language (WeasyPrint):
    ``<dest>/<ID>-programme.<lang>.pdf``."""
    from tools.programme import write_programme

    for path in write_programme(edition, Path(dest)):
        print(f"programme: wrote {path}")
