"""Tasks for the conference site: ``invoke --list`` shows them all.

Everything runs offline except ``invoke fetch`` (feeds) and ``invoke import-schedule`` with
an http(s) source: the build itself never touches the network.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = os.environ.get("SITE_HOST", "127.0.0.1"), int(os.environ.get("SITE_PORT", "8000"))


def _pelican(*args: str) -> None:
    """Run Pelican in a child process (``python -m pelican``), its exit status kept.

    Not in this process, as Pelican's quickstart tasks do: a build leaves state behind
    (``--fatal warnings`` makes every later warning of the process raise, its log filter
    drops messages it has seen, plugins stay connected to the signals), which a second
    build in one ``invoke`` call, or a test calling a task, would inherit."""
    import subprocess

    from invoke import Exit

    status = subprocess.run([sys.executable, "-m", "pelican", *args], check=False).returncode
    if status:  # Pelican exits non-zero on a build error: keep that code
        raise Exit(code=status)


@task
def clean(c):
    """Remove the generated site (output/) and the build caches (cache/)."""
    for folder in (OUTPUT, ROOT / "cache"):
        if folder.exists():
            shutil.rmtree(folder)


@task
def build(c):
    """Build the site into output/ with development settings, failing on any warning."""
    _pelican("-s", str(SETTINGS), "--fatal", "warnings")


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
    indexer = _BackgroundIndex(
        [sys.executable, "-m", "plugins.search", str(OUTPUT), "--settings", str(SETTINGS)]
    )

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
    """Build, serve at http://127.0.0.1:8000 and rebuild on every save (caches on); the
    open tab reloads when a rebuild ends, and a broken save keeps the last good site."""
    from plugins.core.devserver import run_dev

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
        run_dev(ROOT, SETTINGS, OUTPUT, watched_paths(), host=HOST, port=int(port))


class _BackgroundIndex:
    """One Pagefind run at a time on the output, started after a rebuild."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, cwd=ROOT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.process = None


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


@task(help={"args": "extra arguments for pytest, e.g. '-k planet -x'"})
def test(c, args=""):
    """Run ruff (lint and format check) and the test suite (pytest), from the project root."""
    with c.cd(str(ROOT)):
        c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)
        c.run(f"{shlex.quote(sys.executable)} -m ruff format --check .", pty=False)
        c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


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
    import tempfile

    from invoke import Exit
    from pelican.settings import read_settings

    from plugins.conference.programme import write_programmes
    from plugins.core.siteconfig import site

    try:
        import weasyprint  # noqa: F401 - loads Pango: fails without it
    except (ImportError, OSError) as exc:
        raise Exit(
            f"programme: WeasyPrint cannot run ({exc}); expected `pip install -r "
            "requirements/site.lock` and Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0)",
            code=1,
        ) from None
    settings = read_settings(str(PUBLISH_SETTINGS))
    segments = [language.segment for language in site(settings).languages]
    with tempfile.TemporaryDirectory(prefix="programme-") as folder:
        # the publishing settings (the PDF links to the published site), without what the
        # PDF does not use
        _pelican(
            *("-s", str(PUBLISH_SETTINGS), "-o", folder, "--fatal", "warnings", "-q", "-e"),
            "CONFERENCE_PROGRAMME_PAGES=true",
            "CONFERENCE_SHARE_CARDS=false",
            "SEARCH_ENABLED=false",
        )
        try:
            written = write_programmes(
                Path(folder), str(settings.get("SITEURL") or ""), edition, segments, Path(dest)
            )
        except ValueError as exc:
            raise Exit(f"programme: {exc}", code=1) from None
    for path in written:
        print(f"programme: wrote {path}")


def _module(name: str, *args: str) -> None:
    """Run ``python -m name args`` in this process; a non-zero status fails the task."""
    from importlib import import_module

    from invoke import Exit

    status = import_module(f"{name}.__main__").main(list(args))
    if status:
        raise Exit(code=status)


# --- conference import tasks ---
@task(
    help={
        "source": "schedule.json or schedule.xml (pretalx or frab): a file path or http(s) URL",
        "edition": "edition id: the folder content/editions/<ID>/ to write",
        "timezone": "IANA zone when the source names none (e.g. Europe/Brussels)",
        "number": "edition number (default: keep the existing one, else the next free one)",
        "city": "city of the edition (default: from the source)",
        "language": "a site language: taken for talks whose language the source does not give "
        "(instead of detecting it), and the tree of talks in a language the site "
        "does not have (default: the site's default language)",
        "force": "also overwrite (or move) files edited by hand since the last import",
        "merge": "import into an edition that has hand-written files (they are left alone)",
        "dry_run": "show what would be created, updated, moved and removed; write nothing",
        "strict": "folder of the frab schemas: validate the source strictly first",
    }
)
def import_schedule(
    c,
    source,
    edition,
    timezone="",
    number=0,
    city="",
    language="",
    force=False,
    merge=False,
    dry_run=False,
    strict="",
):
    """Import a pretalx/frab schedule into content/editions/<edition>/ and content/people/
    (refused for an edition with hand-written files unless --merge)."""
    argv = [source, "--edition", edition]
    for flag, value in (
        ("--timezone", timezone),
        ("--number", number),
        ("--city", city),
        ("--language", language),
        ("--strict", strict),
    ):
        if value:
            argv += [flag, str(value)]
    for flag, value in (("--force", force), ("--merge", merge), ("--dry-run", dry_run)):
        if value:
            argv.append(flag)
    _run_importer(argv)


@task(
    help={
        "edition": "edition id whose import to take back",
        "dry_run": "show what would be removed and kept; write nothing",
    }
)
def unimport_schedule(c, edition, dry_run=False):
    """Undo the imports into content/editions/<edition>/ using its .import-manifest.json:
    remove the files they wrote that nobody edited since; report the others (kept)."""
    _run_importer(["--undo", "--edition", edition] + (["--dry-run"] if dry_run else []))


def _run_importer(argv: list[str]) -> None:
    from invoke import Exit

    from plugins.conference.importer.cli import main as import_main

    status = import_main([*argv, "--settings", str(SETTINGS)])
    if status:
        raise Exit(code=status)


# --- languages plugin tasks ---
# The pybabel workflow for the theme's UI strings, and the translators' report.
# Catalogs: translations/<locale>/LC_MESSAGES/messages.po, one per language of
# content/conference.yaml; the build compiles them in memory, so no .mo is committed.

I18N_CATALOGS = ROOT / "translations"
I18N_TEMPLATE = I18N_CATALOGS / "messages.pot"
I18N_MAPPING = ROOT / "babel.cfg"


def _pybabel(c, *args: str) -> None:
    """Run pybabel from this interpreter's Babel."""
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    c.run(" ".join(shlex.quote(part) for part in command), pty=False)


def _default_segment() -> str:
    """URL segment of the site's default language (``zh-hans``)."""
    from plugins.core.siteconfig import load_language_set

    return load_language_set(ROOT / "content" / "conference.yaml").default.segment


def _site_languages():
    """Languages that have their own catalog (a derived one, e.g. zh-Hant converted by
    OpenCC, uses its source's catalog)."""
    from pelican.settings import read_settings

    from plugins.core.siteconfig import site

    languages = site(read_settings(str(SETTINGS))).languages
    return [language for language in languages if not language.is_derived]


@task(name="i18n-extract")
def i18n_extract(c):
    """Extract the theme's UI strings into translations/messages.pot."""
    I18N_CATALOGS.mkdir(exist_ok=True)
    _pybabel(
        c,
        "extract",
        "-F",
        str(I18N_MAPPING),
        "-o",
        str(I18N_TEMPLATE),
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-k",
        "_",
        "-k",
        "gettext",
        "-k",
        "ngettext:1,2",
        str(ROOT),
    )


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c):
    """Extract, then create or update the catalog of every site language."""
    for language in _site_languages():
        po = I18N_CATALOGS / language.catalog_dir / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        _pybabel(
            c,
            action,
            "-i",
            str(I18N_TEMPLATE),
            "-d",
            str(I18N_CATALOGS),
            "-l",
            language.catalog_dir,
            *(["--ignore-obsolete"] if action == "update" else []),
        )


@task(name="i18n-compile", help={"keep": "write messages.mo beside each .po (not committed)"})
def i18n_compile(c, keep=False):
    """Compile every catalog with statistics; the build compiles them again in memory."""
    import tempfile

    if keep:
        _pybabel(c, "compile", "-d", str(I18N_CATALOGS), "--statistics")
        return
    with tempfile.TemporaryDirectory() as folder:
        for language in _site_languages():
            po = I18N_CATALOGS / language.catalog_dir / "LC_MESSAGES" / "messages.po"
            _pybabel(
                c,
                "compile",
                "-i",
                str(po),
                "-o",
                f"{folder}/{language.catalog_dir}.mo",
                "-l",
                language.catalog_dir,
                "--statistics",
            )


@task(name="i18n-status", help={"strict": "exit non-zero when a translation is missing"})
def i18n_status(c, strict=False):
    """Print which posts, pages and sessions exist in each language, and catalog coverage."""
    from invoke import Exit
    from pelican.settings import read_settings

    from plugins.languages.report import print_status

    settings = read_settings(str(SETTINGS))
    if print_status(settings, ROOT, I18N_MAPPING, strict=strict):
        raise Exit(code=1)


# --- search and screenshots tasks ---
# The search index is built by every build (plugins/search); `invoke screenshots` shows the
# theme: home, edition, schedule and a session in each language, on a phone and a desktop.

SCREENSHOTS = ROOT / "docs" / "screenshots"
#: What is photographed of the newest edition (``{edition}``) and its first session
#: (``{session}``), in each language; a site without them gets the home page only.
SCREENSHOT_PAGES = {
    "home": "index.html",
    "edition": "editions/{edition}/index.html",
    "schedule": "editions/{edition}/schedule.html",
    "session": "editions/{edition}/sessions/{session}.html",
    "schedule-filtered": "editions/{edition}/schedule.html?type=talk",
}
#: pages photographed in the default language (Chinese) on a phone only: how the Chinese
#: trees read (list punctuation, pinyin order of names, line breaking of long titles)
SCREENSHOT_PHONE_PAGES = {
    "roundup": "editions/{edition}/roundup.html",
    "people": "people/index.html",
}


def screenshot_subject(settings_file: Path, site: Path) -> tuple[str | None, str | None, str]:
    """The newest edition, its first session and the browser's clock in the pictures:
    10:00 on that edition's first day in its zone, so the schedule marks what is on now and
    the edition page shows its now/next strip (for the sample: 2009, micro-power and
    2009-11-14T02:00:00Z). The session is read from the built ``site``."""
    import datetime as dt
    import json

    from pelican.settings import read_settings

    from plugins.conference.api import load_edition_index
    from plugins.core.siteconfig import site as site_of

    settings = read_settings(str(settings_file))
    editions = load_edition_index(settings)
    if not editions:
        return None, None, "2000-01-01T10:00:00Z"
    newest = max(editions.values(), key=lambda edition: edition.start)
    ten = dt.datetime.combine(newest.start, dt.time(10), tzinfo=newest.timezone)
    clock = ten.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    segment = site_of(settings).default.segment
    listing = site / segment / "editions" / newest.id / "sessions.json"
    sessions = (
        json.loads(listing.read_text(encoding="utf-8"))["sessions"] if listing.is_file() else []
    )
    return newest.id, (sessions[0]["id"] if sessions else None), clock


def _screenshot_pages(pages: dict[str, str], site: Path, edition, session) -> dict[str, str]:
    """``pages`` of the subject that the built ``site`` has (a roundup is optional)."""
    chosen = {}
    for name, pattern in pages.items():
        if ("{edition}" in pattern and not edition) or ("{session}" in pattern and not session):
            continue
        path = pattern.format(edition=edition, session=session)
        if any((site / segment / path.split("?")[0]).is_file() for segment in ("", *_segments())):
            chosen[name] = path
    return chosen


def _segments() -> list[str]:
    return [lang.segment for lang in _site_languages()]


# name: (width, viewport height, largest height of the picture)
SCREENSHOT_SIZES = {"phone": (390, 844, 2400), "desktop": (1280, 900, 1800)}


@task(
    help={
        "use_output": "photograph output/ as it is instead of a fresh build",
        "dest": "folder of the PNGs (default docs/screenshots/)",
        "large": "a frab XML schedule (FOSDEM 2021 from ../shared/corpora) to import "
        "into a scratch site and photograph as schedule-large-*.png too",
    }
)
def screenshots(c, use_output=False, dest=str(SCREENSHOTS), large=""):
    """Build the site, serve it on loopback and write PNGs of its main pages."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        site = OUTPUT if use_output else Path(folder)
        if not use_output:
            _pelican("-s", str(SETTINGS), "-o", str(site), "--fatal", "warnings")
        segments = _segments()
        edition, session, clock = screenshot_subject(SETTINGS, site)
        pages = _screenshot_pages(SCREENSHOT_PAGES, site, edition, session)
        phone_pages = _screenshot_pages(SCREENSHOT_PHONE_PAGES, site, edition, session)
        with serve_quietly(site) as base:
            shots = [
                (f"{page}-{segment}-{size}.png", f"{base}/{segment}/{path}", size)
                for page, path in pages.items()
                for segment in segments
                for size in SCREENSHOT_SIZES
            ]
            default = _default_segment()
            shots += [
                (f"{page}-{default}-phone.png", f"{base}/{default}/{path}", "phone")
                for page, path in phone_pages.items()
            ]
            Path(dest).mkdir(parents=True, exist_ok=True)
            _capture(shots, Path(dest), clock)
        if large:
            shots += _large_schedule_shots(Path(large), Path(folder) / "large", Path(dest))
    for name, _, _ in shots:
        print(f"{Path(dest) / name}  {(Path(dest) / name).stat().st_size // 1024} KB")


LARGE_SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
FEED_ALL_ATOM = None
"""


def _large_schedule_shots(source: Path, work: Path, dest: Path) -> list:
    """Import ``source`` (frab XML, Europe/Brussels) into a one-language scratch site,
    build it and photograph its schedule: ``schedule-large-{phone,desktop}.png``."""
    from plugins.conference.importer.cli import main as import_main

    content = work / "content"
    content.mkdir(parents=True)
    (content / "conference.yaml").write_text(
        "name: Large Conference\nlanguages: [en]\ndefault_language: en\n"
        "site_url: https://conf.example.org\ntimezone: UTC\n",
        encoding="utf-8",
    )
    if import_main(
        [
            str(source),
            "--edition",
            "large",
            "--timezone",
            "Europe/Brussels",
            "--content",
            str(content),
        ]
    ):
        raise SystemExit(f"could not import {source}")
    settings = work / "settings.py"
    settings.write_text(
        LARGE_SETTINGS.format(root=str(ROOT), content=str(content)), encoding="utf-8"
    )
    _pelican("-s", str(settings), "-o", str(work / "out"), "--fatal", "warnings", "-q")
    with serve_quietly(work / "out") as base:
        shots = [
            (f"schedule-large-{size}.png", f"{base}/en/editions/large/schedule.html", size)
            for size in SCREENSHOT_SIZES
        ]
        _capture(shots, dest, screenshot_subject(settings, work / "out")[2])
    return shots


#: Files a web server compresses (what nginx's ``gzip_types`` and static hosts cover).
COMPRESSED_TYPES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".webmanifest", ".ics"}


def serve_quietly(folder: Path, compress: bool = False):
    """A static server for ``folder`` on a free loopback port, in a thread; ``compress``
    gzips text files for clients that accept it, as the hosts the site is published on
    do (so a measurement of page speed is not a measurement of an uncompressed server)."""
    import contextlib
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (compress and accepts and path.suffix in COMPRESSED_TYPES and path.is_file()):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    @contextlib.contextmanager
    def running():
        handler = functools.partial(Quiet, directory=str(folder))
        with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}"
            finally:
                server.shutdown()

    return running()


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _capture(shots, dest: Path, clock: str) -> None:
    """Photograph each (file name, URL, size) with the browser's clock at ``clock`` (ISO
    8601 UTC): Playwright if installed, else chromium (its own clock)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None:
        for name, url, size in shots:
            _chromium_screenshot(url, dest / name, *SCREENSHOT_SIZES[size])
            _shrink(dest / name)
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS[1:])
        try:
            for name, url, size in shots:
                width, height, cap = SCREENSHOT_SIZES[size]
                page = browser.new_page(
                    viewport={"width": width, "height": height},
                    color_scheme="light",
                    service_workers="block",
                )
                page.clock.set_fixed_time(clock)
                page.goto(url, wait_until="networkidle")
                full = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(
                    path=str(dest / name),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(full, cap)},
                )
                page.close()
                _shrink(dest / name)
        finally:
            browser.close()


def _chromium_screenshot(url: str, path: Path, width: int, height: int, cap: int) -> None:
    """Without Playwright: chromium's own --screenshot, of the first screen only."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={path}",
                f"--window-size={width},{height}",
                url,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _shrink(path: Path) -> None:
    """Quantize a screenshot to 256 colours (a tenth of the bytes, the same look)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)


# --- maintaining: locked dependencies ---
# pyproject.toml declares ranges; requirements/*.lock pin exact versions with hashes, and
# that is what the README, CI and every user install. The locks are "universal" (uv resolves
# one set of versions for every platform and Python >= the oldest supported one).

LOCKS = ROOT / "requirements"
SITE_LOCK = LOCKS / "site.lock"  # build, serve, fetch, import; zh-Hant and programme included
TEST_LOCK = LOCKS / "test.lock"  # the same plus the test and screenshots extras
SITE_EXTRAS = ("zh-hant", "programme")
LOCK_EXTRAS = ("test", "screenshots", *SITE_EXTRAS)


def _oldest_python() -> str:
    """The oldest Python of ``requires-python`` (``>=3.11`` -> ``3.11``): the locks'
    target, so they never pick a release that dropped it."""
    import tomllib

    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minimums = [
        spec.version
        for spec in SpecifierSet(project["requires-python"])
        if spec.operator in (">=", "~=", "==")
    ]
    if not minimums:
        raise ValueError("pyproject.toml: [project] requires-python needs a lower bound")
    return ".".join(min(minimums, key=lambda v: tuple(map(int, v.split(".")))).split(".")[:2])


def _uv(c, *args: str) -> None:
    """Run uv (installed by the test lock) from this interpreter, in the project root."""
    command = [sys.executable, "-m", "uv", *args]
    with c.cd(str(ROOT)):
        c.run(" ".join(shlex.quote(part) for part in command), pty=False)


def _compile_lock(c, output: Path, extras=(), constraints: Path | None = None, upgrade=False):
    """``uv pip compile`` pyproject.toml into ``output``, with hashes, for every platform."""
    args = [
        "pip",
        "compile",
        "pyproject.toml",
        "--universal",
        "--generate-hashes",
        "--python-version",
        _oldest_python(),
        "--quiet",
        "--custom-compile-command",
        "invoke lock",
        "-o",
        str(output.relative_to(ROOT)),
    ]
    for extra in extras:
        args += ["--extra", extra]
    if constraints:
        args += ["-c", str(constraints.relative_to(ROOT))]
    if upgrade:
        args.append("--upgrade")
    _uv(c, *args)


@task(name="deploy-config", help={"check": "only compare; exit 1 when a file is stale"})
def deploy_config(c, check=False):
    """Write deploy/'s nginx, Apache, Caddy and _headers files from deploy/policy.toml."""
    _module("deploy", *(["--check"] if check else []))


@task(help={"upgrade": "move every pin to the newest release pyproject.toml allows"})
def lock(c, upgrade=False):
    """Refresh requirements/*.lock from pyproject.toml (kept pins stay unless --upgrade)."""
    LOCKS.mkdir(exist_ok=True)
    _compile_lock(c, TEST_LOCK, LOCK_EXTRAS, upgrade=upgrade)
    # The runtime lock is constrained by the test lock, so both pin the same versions.
    _compile_lock(c, SITE_LOCK, SITE_EXTRAS, constraints=TEST_LOCK)
    print(
        f"Wrote {SITE_LOCK.relative_to(ROOT)} and {TEST_LOCK.relative_to(ROOT)}; "
        "run `invoke test` in a fresh venv, then commit them."
    )


@task(
    name="test-latest",
    help={
        "args": "extra arguments for pytest, e.g. '-x'",
        "keep": "keep the throw-away environment and print its path",
    },
)
def test_latest(c, args="", keep=False):
    """Run the tests against the newest releases pyproject.toml allows, in a throw-away
    virtual environment (the locked .venv is never touched)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="test-latest-"))
    try:
        requirements = folder / "latest.txt"
        _uv(
            c,
            "pip",
            "compile",
            "pyproject.toml",
            "--refresh",
            "--quiet",
            *(arg for extra in LOCK_EXTRAS for arg in ("--extra", extra)),
            "--python",
            sys.executable,
            "-o",
            str(requirements),
        )
        _report_drift(requirements)
        venv = folder / "venv"
        _uv(c, "venv", "--quiet", "--python", sys.executable, str(venv))
        python = venv / "bin" / "python"
        _uv(c, "pip", "install", "--quiet", "--python", str(python), "-r", str(requirements))
        with c.cd(str(ROOT)):
            # CI="" : the lock test reports the drift printed above as a skip, not a failure
            c.run(
                f"{shlex.quote(str(python))} -m pytest -p no:cacheprovider {args}",
                pty=False,
                env={"CI": ""},
            )
    finally:
        if keep:
            print(f"The environment is kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _report_drift(latest: Path) -> None:
    """Print the packages whose newest allowed release differs from the test lock."""
    pinned = {name: pin[0] for name, pin in lock_pins(TEST_LOCK).items()}
    newest = {name: pin[0] for name, pin in lock_pins(latest).items()}
    moved = sorted(name for name in newest if pinned.get(name) != newest[name])
    if not moved:
        print("test-latest: the lock already has the newest allowed releases")
    for name in moved:
        print(f"test-latest: {name} {pinned.get(name, '(not locked)')} -> {newest[name]}")


def lock_pins(path: Path) -> dict:
    """The ``name==version ; marker`` pins of a requirements file: normalized name ->
    ``(version, marker)``, the marker a ``packaging`` Marker or None."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("\\")[0].strip()
        if not text or text.startswith(("#", "-")):
            continue
        requirement = Requirement(text)
        (spec,) = requirement.specifier  # a lock pins each package with one ==
        pins[canonicalize_name(requirement.name)] = (spec.version, requirement.marker)
    return pins


@task(
    help={
        "form_factor": "mobile, desktop or both (default)",
        "pages": "comma-separated page types (default: every type, see bench/lighthouse.py)",
        "json": "also write the scores to this file",
        "reports": "keep every Lighthouse JSON report in this folder",
        "cpu_slowdown": "CPU slowdown of the simulated phone (Lighthouse's default: 4)",
    }
)
def lighthouse(c, form_factor="both", pages="", json="", reports="", cpu_slowdown=""):
    """Lighthouse 12.2.3 (installed from npm into .lighthouse/) over one page of each type
    in each language, with Debian's chromium: prints the four scores of each."""
    args = [sys.executable, str(ROOT / "bench" / "lighthouse.py"), "--form-factor", form_factor]
    if pages:
        args += ["--pages", pages]
    if json:
        args += ["--json", json]
    if reports:
        args += ["--reports", reports]
    if cpu_slowdown:
        args += ["--cpu-slowdown", cpu_slowdown]
    c.run(" ".join(shlex.quote(part) for part in args), pty=False)
