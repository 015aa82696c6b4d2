"""``python -m plugins.conference.importer SOURCE --edition ID`` (what ``invoke
import-schedule`` runs), and ``--undo --edition ID``.

Prints one line per file created, updated, moved, removed, kept or skipped, per event
dropped, per speaker linked or only suggested, then a summary with the talks per
language. ``--dry-run`` prints the same without writing anything. An edition holding
files no import wrote (hand-written) is refused unless ``--merge``. Any problem with the
input or the options is one line on stderr naming the source and what was expected, and
exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath
from typing import TextIO
from zoneinfo import ZoneInfo

from plugins.core.errors import ContentError
from plugins.core.extras import MissingExtra, require
from plugins.core.langid import candidate_codes, detect_language
from plugins.core.siteconfig import Site, site
from plugins.core.timezones import make_timezone

from ..fields import ID_RE
from .changes import Change, carry_out, count, plan_changes
from .convert import ImportTarget, plan_import
from .folders import Folders
from .manifest import MANIFEST_NAME, Manifest, no_symlink
from .model import SourceError, SourceSchedule
from .people import PEOPLE_MAP, MapError, source_qualifier
from .references import people_in_use
from .source import load_bytes, parse
from .talklang import language_summary
from .undo import plan_undo, undo


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invoke import-schedule",
        description="Import a pretalx or frab schedule (JSON or XML, file or URL), or undo "
        "an import with --undo.",
    )
    parser.add_argument(
        "source", nargs="?", help="schedule.json / schedule.xml: a file path or http(s) URL"
    )
    parser.add_argument("--edition", required=True, help="edition id (folder under editions/)")
    parser.add_argument(
        "--content",
        default="content",
        help="content folder, with the default CONFERENCE_* paths (default: content)",
    )
    parser.add_argument(
        "--settings",
        help="Pelican settings file (pelicanconf.py): its PATH and "
        "CONFERENCE_* paths instead of --content",
    )
    parser.add_argument("--timezone", help="IANA zone when the source names none")
    parser.add_argument("--number", type=int, help="edition number (default: keep, or next)")
    parser.add_argument("--city", help="city of the edition (default: from the source)")
    parser.add_argument(
        "--language",
        help="a site language: the language of talks whose language the "
        "source does not give (instead of detecting it), and the tree of "
        "talks given in a language the site does not have (default: the "
        "site's default language)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files edited since the last import"
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="import into an edition that has hand-written files (they are left alone)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be created, updated, moved and removed; write nothing",
    )
    parser.add_argument(
        "--undo",
        action="store_true",
        help="remove the files the edition's last imports wrote and nobody "
        "edited since (no SOURCE)",
    )
    parser.add_argument(
        "--strict",
        metavar="SCHEMAS_DIR",
        help="first validate the source against the frab schemas in this folder",
    )
    return parser


class _Failure(Exception):
    """A one-line error for stderr."""


def _strict_check(schemas: str, kind: str, document: object, name: str) -> None:
    from ..exports.validate import json_problems, summary, xml_problems

    folder = Path(schemas)
    schema = folder / ("frab-schedule.schema.json" if kind == "json" else "frab-schedule.xml.xsd")
    if not schema.is_file():
        raise _Failure(f"--strict: {schema} not found; expected the folder of the frab schemas")
    problems = json_problems(document, schema) if kind == "json" else xml_problems(document, schema)
    if problems:
        label = "frab schedule JSON schema" if kind == "json" else "frab schedule XSD"
        raise _Failure(summary(name, problems, label))


def run(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run the import (or undo); raises _Failure for any problem the user must fix."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = out if out is not None else sys.stdout
    if not ID_RE.match(args.edition):
        raise _Failure(
            f"--edition {args.edition!r}: expected lower-case letters, digits and "
            "'-' (it becomes the URL segment)"
        )
    facts = _site(args)
    content = facts.content
    try:
        folders = Folders.of(facts)
    except ValueError as exc:
        raise _Failure(str(exc)) from None
    manifest_path = content / folders.edition(args.edition) / MANIFEST_NAME
    if args.undo:
        if args.source:
            parser.error("--undo takes no SOURCE")
        return _undo(content, manifest_path, args.dry_run, out, folders)
    if not args.source:
        parser.error("SOURCE is required (or --undo)")
    # talk languages are detected with Lingua (the import extra): said before any reading
    require("import", ("lingua",), "invoke import-schedule")
    if args.strict:
        require("import", ("jsonschema", "xmlschema"), "--strict")
    languages = facts.languages
    schedule, zone = _read_source(args)
    if args.language and languages.get(args.language) is None:
        raise _Failure(
            f"--language {args.language!r}: expected one of the site languages "
            f"{', '.join(languages.tags)}"
        )
    try:
        manifest = Manifest.load(manifest_path, content, folders.people)
    except ValueError as exc:
        raise _Failure(str(exc)) from None
    _refuse_hand_written(content, folders.edition(args.edition), manifest, args.merge)
    codes = candidate_codes(languages.tags)
    try:
        plan = plan_import(
            schedule,
            ImportTarget(
                args.edition,
                zone,
                content,
                languages,
                manifest,
                lambda text: detect_language(text, codes),
                number=args.number,
                city=args.city,
                language=languages.get(args.language).tag if args.language else None,
                qualifier=source_qualifier(schedule),
                folders=folders,
            ),
        )
    except MapError as exc:
        raise _Failure(str(exc)) from None
    except (ValueError, SourceError) as exc:
        raise _Failure(f"{args.source}: {exc}") from None
    for relative in plan.files:  # written through no symlink (a folder linked elsewhere)
        try:
            no_symlink(content / relative, "", content, PurePosixPath(relative))
        except ValueError as exc:
            raise _Failure(str(exc)) from None
    gone_people = [p for p in manifest.files if folders.is_person(p) and p not in plan.files]
    changes = plan_changes(
        content,
        plan.files,
        manifest,
        args.force,
        people_in_use(content, manifest, gone_people, folders=folders),
    )
    if not args.dry_run:
        manifest.source = args.source
        try:
            carry_out(content, changes, manifest)
        finally:
            manifest.save()
    _report(out, schedule, plan, changes, args.dry_run)
    return 0


def _read_source(args: argparse.Namespace) -> tuple[SourceSchedule, ZoneInfo]:
    """The parsed schedule (checked against the schemas with ``--strict``) and its zone."""
    try:
        document_bytes = load_bytes(args.source)
        schedule, kind, document = parse(document_bytes)
    except SourceError as exc:
        raise _Failure(f"{args.source}: {exc}") from None
    if args.strict:
        _strict_check(args.strict, kind, document, args.source)
    zone_name = args.timezone or schedule.timezone
    if not zone_name:
        raise _Failure(
            f"{args.source}: the schedule names no time zone (time_zone_name); "
            "expected --timezone, e.g. --timezone Europe/Brussels"
        )
    try:
        return schedule, make_timezone(zone_name)
    except ValueError as exc:
        raise _Failure(f"{'--timezone' if args.timezone else args.source}: {exc}") from None


def _site(args: argparse.Namespace) -> Site:
    """The site's folders and languages: from ``--settings``, else ``--content``."""
    if args.settings:
        from pelican.settings import read_settings

        settings: dict = dict(read_settings(args.settings))
        where = args.settings
    else:
        settings, where = {"PATH": args.content}, args.content
    try:
        return site(settings)
    except ContentError as exc:  # names the file (and line)
        raise _Failure(str(exc).splitlines()[-1].strip()) from None
    except (ValueError, OSError) as exc:
        raise _Failure(f"{where}: {str(exc).splitlines()[-1].strip()}") from None


def _refuse_hand_written(content: Path, relative: str, manifest: Manifest, merge: bool) -> None:
    """Stop unless every file of the edition (``relative`` to ``content``) was written by an
    import (or ``--merge``)."""
    edition = relative.rpartition("/")[2]
    folder = content / relative
    if merge or not folder.is_dir():
        return
    own = set(manifest.files)
    hand = [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not p.name.startswith(".")
        and p.name != PEOPLE_MAP
        and p.relative_to(content).as_posix() not in own
    ]
    if hand:
        raise _Failure(
            f"{folder}: edition {edition!r} has {len(hand)} hand-written "
            f"file{'s' if len(hand) != 1 else ''} (not written by an import, e.g. {hand[0]}); "
            "expected an empty or imported edition, or --merge to import into it anyway"
        )


def _undo(content: Path, manifest_path: Path, dry_run: bool, out: TextIO, folders: Folders) -> int:
    if not manifest_path.is_file():
        raise _Failure(
            f"{manifest_path}: no import manifest, so nothing to undo (only what "
            "an import recorded there is ever removed)"
        )
    try:
        manifest = Manifest.load(manifest_path, content, folders.people)
    except ValueError as exc:  # unreadable, or names a path it may not: nothing changed
        raise _Failure(str(exc)) from None
    changes = plan_undo(content, manifest, folders)
    if not dry_run:
        undo(content, manifest, changes)
    for change in changes:
        out.write(change.line(dry_run) + "\n")
    verb = "would be removed" if dry_run else "removed"
    out.write(
        f"{'Dry run, nothing written. ' if dry_run else ''}Undo of the import into "
        f"{manifest_path.parent}: {count(changes, 'remove')} files {verb}, "
        f"{count(changes, 'keep')} kept, {count(changes, 'forget')} already gone; manifest "
        f"{'would be ' if dry_run else ''}removed.\n"
    )
    return 0


def _report(out: TextIO, schedule, plan, changes: list[Change], dry_run: bool) -> None:
    for note in schedule.notes:
        out.write(f"ignored  {note}\n")
    for note in plan.dropped:
        out.write(f"dropped  {note}\n")
    for note in plan.linked_people:
        out.write(f"linked   {note}\n")
    for note in plan.suggestions:
        out.write(f"suggest  {note}\n")
    for change in changes:
        if change.action != "unchanged":
            out.write(change.line(dry_run) + "\n")
    out.write(
        f"{'Dry run, nothing written. ' if dry_run else ''}"
        f"{len(schedule.events)} events read: {plan.sessions} sessions in {plan.rooms} rooms "
        f"over {plan.days} days, {plan.tracks} tracks, {plan.people} speakers; "
        f"{len(plan.dropped)} dropped. Talks by language: {language_summary(plan.languages)}. "
        f"Files{' that would be' if dry_run else ''}: {count(changes, 'create')} created, "
        f"{count(changes, 'update')} updated, "
        f"{count(changes, 'move')} moved, {count(changes, 'remove')} removed, "
        f"{count(changes, 'unchanged')} unchanged, {count(changes, 'skip')} skipped, "
        f"{count(changes, 'keep')} kept.\n"
    )


def main(
    argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Entry point; returns the exit status (0 ok, 1 error, 2 bad usage). ``out`` and
    ``err`` default to the streams current at the call (not at import: a caller may have
    replaced them since)."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        return run(argv, out)
    except (_Failure, MissingExtra) as exc:
        err.write(f"error: {exc}\n")
        return 1
    except OSError as exc:
        err.write(f"error: {exc.filename or ''}: {exc.strerror or exc}\n")
        return 1
