"""Write a minimal conference in place of the sample: what ``invoke new-conference`` does.

Everything is checked before anything is touched; the new ``content/`` is written beside the
old one and swapped in by renames, so an error never leaves half a site.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.dates import get_timezone_location

from plugins.conference.starter import sample
from plugins.conference.starter.texts import TEXTS, texts_for
from plugins.core.atomic import write_atomic
from plugins.core.langtags import LanguageSet, make_language, make_language_set
from plugins.core.timezones import make_timezone

_EDITION_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
PERSON = "organizer"
SESSION = "opening"
#: How many changed files the refusal names before "and N more".
SHOWN = 5


class _Dumper(yaml.SafeDumper):
    """No anchors: ``end`` equal to ``start`` is written out, not as ``*id001``."""

    def ignore_aliases(self, data):
        return True


class StarterError(ValueError):
    """A bad option or content that is not the sample: one line, nothing was changed."""


@dataclass(frozen=True)
class Plan:
    """The new conference, checked."""

    name: str
    languages: LanguageSet
    timezone: str
    edition: str
    start: dt.date
    city: dict[str, str]
    site_url: str


def plan(name, languages, timezone, edition, start="", city="", site_url="") -> Plan:
    """Check the options; raises :class:`StarterError` naming the option and what it expects."""
    name = str(name).strip()
    if not name or _CONTROL.search(name) or len(name) > 200:
        raise StarterError(f"--name {name!r}: expected one line of text (at most 200 characters)")
    tags = [tag.strip() for tag in str(languages).split(",") if tag.strip()]
    expected = "BCP 47 tags separated by commas, the default language first, e.g. fr,en"
    if not tags:
        raise StarterError(f"--languages {languages!r}: no language; expected {expected}")
    try:
        language_set = make_language_set([make_language(tag) for tag in tags], tags[0])
    except ValueError as exc:
        reason = str(exc) if "expected" in str(exc) else f"{exc}; expected {expected}"
        raise StarterError(f"--languages {languages!r}: {reason}") from None
    try:
        make_timezone(timezone, tags)
    except ValueError as exc:
        raise StarterError(f"--timezone: {exc}") from None
    if not _EDITION_ID.fullmatch(str(edition)):
        raise StarterError(
            f"--edition {edition!r}: expected letters, digits and '-' (the URL segment), e.g. 2026"
        )
    year = int(edition) if re.fullmatch(r"\d{4}", str(edition)) else dt.date.today().year
    try:
        first = dt.date.fromisoformat(start) if start else dt.date(year, 6, 1)
    except ValueError:
        raise StarterError(f"--start {start!r}: expected a date YYYY-MM-DD") from None
    if site_url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", site_url):
        raise StarterError(f"--site-url {site_url!r}: expected https://host or https://host/path/")
    cities = {
        lang.tag: city or str(get_timezone_location(timezone, lang.locale, return_city=True))
        for lang in language_set
    }
    return Plan(name, language_set, timezone, str(edition), first, cities, site_url)


def refuse_changes(root: Path) -> None:
    """Raise :class:`StarterError` when the sample folders hold anything not shipped."""
    changed = sample.changed_files(root)
    if changed:
        more = f" and {len(changed) - SHOWN} more" if len(changed) > SHOWN else ""
        raise StarterError(
            f"{', '.join(changed[:SHOWN])}{more} differ from the sample; expected the sample "
            "as shipped (run with --force to replace these files too)"
        )


def files(new: Plan) -> dict[str, str]:
    """Relative path -> text of every file of the new ``content/``."""
    tags = [lang.tag for lang in new.languages]
    default = new.languages.default.tag
    edition = f"editions/{new.edition}"

    def localized(key: str, **extra: str) -> dict[str, str]:
        return {tag: texts_for(tag)[key].format(name=new.name, **extra) for tag in tags}

    def document(header: str, data: dict) -> str:
        body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        return f"# {header}\n# Written by invoke new-conference: edit it (docs/content.md).\n{body}"

    result = {
        "conference.yaml": document(
            "The conference series.",
            {
                "name": new.name,
                "description": localized("description"),
                "languages": tags,
                "default_language": default,
                "site_url": new.site_url or "https://conference.example.org",
                "timezone": new.timezone,
            },
        ),
        f"{edition}/edition.yaml": document(
            "The first edition.",
            {
                "number": 1,
                "start": new.start,
                "end": new.start,
                "timezone": new.timezone,
                "city": new.city,
                "organizers": [PERSON],
                "participants": [PERSON],
                "rooms": [{"id": "main", "name": localized("room")}],
            },
        ),
        f"people/{PERSON}.yaml": document(
            "A person: replace with the real organizers.",
            {
                "name": localized("person"),
                "listed": True,
                "bio": localized("bio", path=f"content/people/{PERSON}.yaml"),
            },
        ),
    }
    when = new.start.isoformat()
    for tag in tags:
        text = texts_for(tag)
        path = f"{edition}/sessions/{SESSION}.{tag}.md"
        header = f"Title: {text['session_title']}\n"
        if tag == default:
            header += f"Start: {when} 10:00\nEnd: {when} 11:00\nRoom: main\nType: keynote\n"
            header += f"Speakers: {PERSON}\n"
        body = text["session"].format(name=new.name, path=f"content/{path}")
        result[path] = f"{header}\n{body}\n"
        for slug, key in (("about", "about"), ("code-of-conduct", "coc")):
            path = f"pages/{slug}.{tag}.md"
            title = text[f"{key}_title"].format(name=new.name)
            note = text["edit"].format(path=f"content/{path}")
            result[path] = f"Title: {title}\n\n{note}\n\n{text[key].format(name=new.name)}\n"
    return result


def replace_sample(root: Path, new: Plan, force: bool = False) -> list[str]:
    """Replace the sample (and, with ``force``, whatever else is in its folders) by ``new``.

    Returns what was removed, one line per folder, for the report.
    """
    if not force:
        refuse_changes(root)
    content = root / "content"
    staging = root / ".content.new"
    shutil.rmtree(staging, ignore_errors=True)
    for relative, text in files(new).items():
        write_atomic(staging / relative, text)
    removed = _remove(root)
    if content.exists():
        old = root / ".content.old"
        shutil.rmtree(old, ignore_errors=True)
        content.rename(old)
        staging.rename(content)
        shutil.rmtree(old)
    else:
        staging.rename(content)
    return removed


def _remove(root: Path) -> list[str]:
    """Delete the files of the sample folders but ``content/`` (swapped in one rename) and
    the generated folders; returns one line per folder saying how many files went."""
    lines = []
    by_folder: dict[str, int] = {}
    for name in sample.sample_files(root):
        parts = name.split("/")
        # data/planet/, data/media/, docs/screenshots/: the folders a user knows
        top = "/".join(parts[:2]) if parts[0] in ("data", "docs") and len(parts) > 2 else parts[0]
        by_folder[top] = by_folder.get(top, 0) + 1
        if not name.startswith("content/"):
            (root / name).unlink()
    for folder in sample.SAMPLE_FOLDERS[1:]:
        _prune(root / folder)
    for top, count in sorted(by_folder.items()):
        lines.append(f"{top}/ ({count} file{'s' if count != 1 else ''})")
    for folder in sample.GENERATED:
        if (root / folder).is_dir():
            shutil.rmtree(root / folder)
            lines.append(f"{folder}/ (generated)")
    return lines


def _prune(folder: Path) -> None:
    """Remove the empty folders under ``folder`` (and it, when empty), and the lock files
    a fetch leaves there."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.name in sample.IGNORED_NAMES and path.is_file():
            path.unlink()  # a lock file a fetch left: nothing of the organizer's
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if not any(folder.iterdir()):
        folder.rmdir()


def untranslated(new: Plan) -> list[str]:
    """Site languages with no starter texts of their own (they got English ones)."""
    return [lang.tag for lang in new.languages if lang.tag not in TEXTS]
