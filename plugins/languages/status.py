"""Translation status of a site, for translators (``invoke i18n-status``).

Reads the sources only (no build): which posts, pages and sessions exist in which
language, whether each version is complete or *partial* (it lacks a field another
version has: its title, its summary or its body, the abstract of a session; the site then
shows another version's text for that part with a notice, or nothing), and how complete
each UI catalog is against the strings the templates use now. The original is partial too
when it lacks a field a translation has (a title-only file in the default language): the
report counts what a reader of each tree sees.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from plugins.core.langtags import LanguageSet
from plugins.core.siteconfig import site

from .catalogs import po_path
from .settings import catalog_path
from .versions import pick_original

TRANSLATED, MISSING, ORIGINAL, PARTIAL = "translated", "missing", "original", "partial"
#: the fields whose absence makes a translation partial, as a translator names them
_FIELDS = ("title", "summary", "body")
_HEADER_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


@dataclass
class ContentStatus:
    """One post, page or session: its state in each language (tag -> state)."""

    kind: str
    id: str
    #: the tag of the original version (the default language's, see ``pick_original``)
    original: str = ""
    states: dict[str, str] = field(default_factory=dict)
    #: tag -> the fields a partial translation lacks (``body``; ``abstract`` for sessions)
    lacking: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """True when no language is missing or partial."""
        return not {MISSING, PARTIAL} & set(self.states.values())


@dataclass(frozen=True)
class CatalogStatus:
    """One UI catalog against the extracted strings."""

    tag: str
    path: Path
    total: int
    translated: int
    fuzzy: int
    exists: bool

    @property
    def percent(self) -> float:
        """Share of strings translated, 0-100."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        """True when every string has a (non-fuzzy) translation."""
        return self.exists and self.translated == self.total


def content_status(settings: dict[str, Any]) -> list[ContentStatus]:
    """Posts, pages and sessions of the site, each with its state per language."""
    facts = site(settings)
    languages = facts.languages
    root = facts.content
    pattern = settings.get("FILENAME_METADATA") or r"(?P<slug>[^.]+)"
    folders = [("post", root / p) for p in settings.get("ARTICLE_PATHS", [])]
    folders += [("page", root / p) for p in settings.get("PAGE_PATHS", [])]
    sessions = sorted(facts.editions_path.glob("*/sessions"))
    folders += [("session", f) for f in sessions if f.is_dir()]
    items: dict[tuple[str, str], dict[str, tuple[bool, frozenset[str]]]] = {}
    for kind, folder in folders:
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            found = _describe(path, pattern, languages, kind, settings)
            if found is None:
                continue
            key, tag, marked, fields = found
            if kind == "session":
                key = f"{path.parent.parent.name}/{key}"
            items.setdefault((kind, key), {})[tag] = (marked, fields)
    result = []
    for (kind, key), versions in items.items():
        original = pick_original(versions, languages, [t for t, v in versions.items() if v[0]])
        item = ContentStatus(kind, key, original=original)
        given = set().union(*(fields for _, fields in versions.values()))
        for lang in languages:
            if lang.is_derived:  # converted, never translated
                continue
            if lang.tag not in versions:
                item.states[lang.tag] = MISSING
                continue
            # What a reader of this tree sees: a field another version has and this one
            # lacks is shown from elsewhere, or not at all, in the original too (a
            # title-only file in the default language shows another language's body).
            lacking = [
                _field_name(f, kind)
                for f in _FIELDS
                if f in given and f not in versions[lang.tag][1]
            ]
            if lacking:
                item.states[lang.tag] = PARTIAL
                item.lacking[lang.tag] = tuple(lacking)
            else:
                item.states[lang.tag] = ORIGINAL if lang.tag == original else TRANSLATED
        result.append(item)
    order = {"post": 0, "page": 1, "session": 2}
    return sorted(result, key=lambda s: (order[s.kind], s.id))


def _describe(path: Path, pattern: str, languages: LanguageSet, kind: str, settings):
    header = _read_header(path)
    if header.get("status", "published").lower() == "draft":
        return None
    match = re.match(pattern, path.stem)
    found = match.groupdict() if match else {}
    key = header.get("session" if kind == "session" else "slug") or found.get("slug")
    language = languages.get(
        header.get("lang") or found.get("lang") or settings.get("DEFAULT_LANG")
    )
    if not key or language is None:
        return None
    marked = header.get("translation", "false").lower() in ("true", "yes", "1")
    fields = {name for name in ("title", "summary") if header.get(name)}
    if header.get(_BODY):
        fields.add("body")
    return key, language.tag, marked, frozenset(fields)


_BODY = "\0body"  # not a metadata key: whether any text follows the header


def _field_name(name: str, kind: str) -> str:
    return "abstract" if kind == "session" and name == "body" else name


def _read_header(path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            match = _HEADER_RE.match(line.strip())
            if not line.strip() or not match:
                if line.strip():  # no blank line after the header: text starts here
                    header[_BODY] = "1"
                break
            header[match.group(1).lower()] = match.group(2).strip()
        if any(line.strip() for line in handle):
            header[_BODY] = "1"
    return header


def extracted_messages(project_root: Path, mapping_file: Path) -> set[str]:
    """The msgids the templates use now (babel.cfg decides which files and how)."""
    with mapping_file.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(mapping_file))
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(project_root),
        method_map,
        options_map,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def catalog_status(settings: dict[str, Any], messages: set[str]) -> list[CatalogStatus]:
    """Completeness of each language's catalog against ``messages``."""
    folder = catalog_path(settings)
    result = []
    for language in site(settings).languages:
        if language.is_derived:  # uses its source's catalog, converted at build time
            continue
        path = po_path(folder, language.catalog_dir)
        translated = fuzzy = 0
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle)
            for msgid in messages:
                entry = catalog.get(msgid)
                if entry is None:
                    continue
                strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                if entry.fuzzy:
                    fuzzy += 1
                elif all(strings):
                    translated += 1
        result.append(
            CatalogStatus(language.tag, path, len(messages), translated, fuzzy, path.exists())
        )
    return result


def relative(path: Path) -> str:
    """``path`` relative to the working directory when below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
