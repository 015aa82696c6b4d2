"""``invoke import-schedule`` and ``invoke unimport-schedule``: a pretalx or frab schedule
into an edition's folder, and back out (the importer is :mod:`plugins.conference.importer`)."""

from __future__ import annotations

from invoke import task

from .common import SETTINGS


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
