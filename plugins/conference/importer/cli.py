"""``python -m plugins.conference.importer SOURCE --edition ID`` (what ``invoke
import-schedule`` runs).

Prints one line per file created, updated or skipped and per event dropped, then a
summary. Any problem with the input or the options is one line on stderr naming the
source and what was expected, and exit status 1; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from plugins.core.errors import ContentError
from plugins.core.siteconfig import CONFERENCE_FILE, load_language_set
from plugins.core.timezones import make_timezone

from ..fields import ID_RE
from .convert import plan_import
from .manifest import MANIFEST_NAME, Manifest, apply
from .model import SourceError
from .source import load_bytes, parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invoke import-schedule",
        description="Import a pretalx or frab schedule (JSON or XML, file or URL).")
    parser.add_argument("source", help="schedule.json / schedule.xml: a file path or http(s) URL")
    parser.add_argument("--edition", required=True, help="edition id (folder under editions/)")
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--timezone", help="IANA zone when the source names none")
    parser.add_argument("--number", type=int, help="edition number (default: keep, or next)")
    parser.add_argument("--city", help="city of the edition (default: from the source)")
    parser.add_argument("--language",
                        help="site language of talks whose language the source does not give "
                        "(default: the site's default language)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite files edited since the last import")
    parser.add_argument("--strict", metavar="SCHEMAS_DIR",
                        help="first validate the source against the frab schemas in this folder")
    return parser


class _Failure(Exception):
    """A one-line error for stderr."""


def _strict_check(schemas: str, kind: str, document: object, name: str) -> None:
    from ..exports.validate import json_problems, summary, xml_problems

    folder = Path(schemas)
    schema = folder / ("frab-schedule.schema.json" if kind == "json"
                       else "frab-schedule.xml.xsd")
    if not schema.is_file():
        raise _Failure(f"--strict: {schema} not found; expected the folder of the frab schemas")
    problems = (json_problems(document, schema) if kind == "json"
                else xml_problems(document, schema))
    if problems:
        label = "frab schedule JSON schema" if kind == "json" else "frab schedule XSD"
        raise _Failure(summary(name, problems, label))


def run(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    """Run the import; raises _Failure for any problem the user must fix."""
    args = _parser().parse_args(argv)
    if not ID_RE.match(args.edition):
        raise _Failure(f"--edition {args.edition!r}: expected lower-case letters, digits and "
                       "'-' (it becomes the URL segment)")
    content = Path(args.content)
    try:
        languages = load_language_set(content / CONFERENCE_FILE)
    except (ContentError, OSError) as exc:
        reason = str(exc).splitlines()[-1].strip()
        raise _Failure(f"{content / CONFERENCE_FILE}: {reason}") from None
    try:
        document_bytes = load_bytes(args.source)
        schedule, kind, document = parse(document_bytes)
    except SourceError as exc:
        raise _Failure(f"{args.source}: {exc}") from None
    if args.strict:
        _strict_check(args.strict, kind, document, args.source)
    zone_name = args.timezone or schedule.timezone
    if not zone_name:
        raise _Failure(f"{args.source}: the schedule names no time zone (time_zone_name); "
                       "expected --timezone, e.g. --timezone Europe/Brussels")
    try:
        zone = make_timezone(zone_name)
    except ValueError as exc:
        raise _Failure(f"{'--timezone' if args.timezone else args.source}: {exc}") from None
    if args.language and languages.get(args.language) is None:
        raise _Failure(f"--language {args.language!r}: expected one of the site languages "
                       f"{', '.join(languages.tags)}")
    manifest_path = content / "editions" / args.edition / MANIFEST_NAME
    try:
        manifest = Manifest.load(manifest_path)
        plan = plan_import(schedule, args.edition, zone, content, languages, manifest,
                           number=args.number, city=args.city,
                           language=languages.get(args.language).tag if args.language else None)
    except (ValueError, SourceError) as exc:
        raise _Failure(f"{args.source}: {exc}") from None
    manifest.source = args.source
    outcome = apply(content, plan.files, manifest, args.force)
    manifest.save()
    _report(out, schedule, plan, outcome)
    return 0


def _report(out: TextIO, schedule, plan, outcome) -> None:
    for note in schedule.notes:
        out.write(f"ignored  {note}\n")
    for note in plan.dropped:
        out.write(f"dropped  {note}\n")
    for note in plan.linked_people:
        out.write(f"linked   {note}\n")
    for path in outcome.created:
        out.write(f"created  {path}\n")
    for path in outcome.updated:
        out.write(f"updated  {path}\n")
    for path, reason in outcome.skipped:
        out.write(f"skipped  {path} ({reason}; --force overwrites it)\n")
    for path in outcome.stale:
        out.write(f"stale    {path} (no longer in the source; remove it by hand if unwanted)\n")
    out.write(
        f"{len(schedule.events)} events read: {plan.sessions} sessions in {plan.rooms} rooms "
        f"over {plan.days} days, {plan.tracks} tracks, {plan.people} speakers; "
        f"{len(plan.dropped)} dropped. Files: {len(outcome.created)} created, "
        f"{len(outcome.updated)} updated, {len(outcome.unchanged)} unchanged, "
        f"{len(outcome.skipped)} skipped.\n")


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Entry point; returns the exit status (0 ok, 1 error, 2 bad usage)."""
    try:
        return run(argv, out)
    except _Failure as exc:
        err.write(f"error: {exc}\n")
        return 1
    except OSError as exc:
        err.write(f"error: {exc.filename or ''}: {exc.strerror or exc}\n")
        return 1
