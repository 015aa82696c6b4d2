"""Build the model from the YAML files under ``content/``, checking every reference.

Problems are collected for the whole pass and raised together (see
:class:`plugins.core.errors.ContentError`), each with the file, key and line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from plugins.core.errors import ContentError, ProblemCollector, shown
from plugins.core.langtags import LanguageSet, make_language
from plugins.core.yamlio import load_yaml_mapping

from .fields import FULLWIDTH_SEPARATORS, ID_RE, Fields, suggest
from .model import Conference, Edition, Person, Room
from .streams import read_accounts, read_moderation, read_streams

logger = logging.getLogger(__name__)

CONFERENCE_KEYS = {
    "name",
    "short_name",
    "description",
    "languages",
    "default_language",
    "site_url",
    "timezone",
}
PERSON_KEYS = {
    "name",
    "listed",
    "aggregate",
    "blog",
    "feed",
    "encoding",
    "avatar",
    "bio",
    "links",
    "source_ids",
    "accounts",
}
EDITION_KEYS = {
    "number",
    "start",
    "end",
    "timezone",
    "city",
    "venue",
    "theme",
    "summary",
    "participant_count",
    "participants",
    "organizers",
    "rooms",
    "keywords",
    "hashtags",
    "links",
    "image",
    "address",
    "streams",
    "map",
}
MAP_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(?:png|jpe?g)$", re.IGNORECASE)
ADDRESS_KEYS = {"street", "locality", "region", "postal_code", "country"}
LINK_TYPES = {"photos", "video", "press", "website", "other"}
COVERAGE_TYPES = {"post", "liveblog", "photos", "video", "press", "podcast"}
COVERAGE_KEYS = {"type", "url", "title", "author", "lang", "date", "session", "quote"}


def load_conference(
    path: Path, languages: LanguageSet, problems: ProblemCollector | None = None
) -> Conference:
    """Read ``conference.yaml``; raises unless a shared ``problems`` collector is given."""
    own = problems is None
    problems = problems or ProblemCollector()
    fields = Fields(
        load_yaml_mapping(path, languages.tags),
        str(path),
        problems,
        languages.default.tag,
        languages=languages,
    )
    fields.check_keys(CONFERENCE_KEYS)
    name = fields.localized("name", required=True)
    site_url = fields.url("site_url") or ""
    conference = Conference(
        name=name,
        short_name=fields.localized("short_name") or name,
        description=fields.localized("description"),
        site_url=site_url.rstrip("/"),
        timezone=fields.timezone("timezone") or ZoneInfo("UTC"),
        source_path=str(path),
    )
    if own:
        problems.raise_if_any()
    return conference


def load_people(
    folder: Path, languages: LanguageSet, problems: ProblemCollector | None = None
) -> dict[str, Person]:
    """Read every ``people/<id>.yaml`` (the file name is the person id).

    Raises ContentError unless a shared ``problems`` collector is given.
    """
    own = problems is None
    problems = problems or ProblemCollector()
    people: dict[str, Person] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = load_yaml_mapping(path, languages.tags)
        except ContentError as exc:
            problems.extend(exc.problems)
            problems.broken("person", path.stem, str(path))
            continue
        person = _read_person(path, data, problems, languages)
        if person is None:
            problems.broken("person", path.stem, str(path))
        else:
            people[person.id] = person
    if own:
        problems.raise_if_any()
    return people


def _read_person(path: Path, data, problems: ProblemCollector, languages: LanguageSet):
    fields = Fields(data, str(path), problems, languages.default.tag, languages=languages)
    fields.check_keys(PERSON_KEYS)
    if not ID_RE.match(path.stem):
        problems.add(str(path), "file name must be a person id: lower-case letters, digits, '-'")
        return None
    feed = fields.source("feed")
    fields.string_list("source_ids")  # read by invoke import-schedule only; checked here
    return Person(
        id=path.stem,
        name=fields.localized("name", required=True),
        source_path=str(path),
        listed=fields.boolean("listed"),
        aggregate=fields.boolean("aggregate"),
        blog=fields.url("blog"),
        feed=feed,
        encoding=fields.text("encoding"),
        avatar=fields.text("avatar"),
        bio=fields.localized("bio"),
        links=fields.links("links"),
        accounts=read_accounts(fields),
    )


def load_editions(
    folder: Path,
    people: dict[str, Person],
    languages: LanguageSet,
    problems: ProblemCollector | None = None,
) -> dict[str, Edition]:
    """Read every ``editions/<id>/edition.yaml`` (and its ``coverage.yaml``).

    Raises ContentError unless a shared ``problems`` collector is given.
    """
    own = problems is None
    problems = problems or ProblemCollector()
    editions: dict[str, Edition] = {}
    for path in sorted(folder.glob("*/edition.yaml")) if folder.is_dir() else []:
        try:
            data = load_yaml_mapping(path, languages.tags)
        except ContentError as exc:
            problems.extend(exc.problems)
            problems.broken("edition", path.parent.name, str(path))
            continue
        edition = _read_edition(path, data, problems, people, languages)
        if edition is None:
            problems.broken("edition", path.parent.name, str(path))
        else:
            editions[edition.id] = edition
            coverage = path.parent / "coverage.yaml"
            if coverage.exists():
                edition.coverage = _read_coverage(coverage, problems, people, languages)
            edition.moderation = read_moderation(path.parent, problems, languages.tags)
    numbers: dict[int, str] = {}
    for edition in editions.values():
        if edition.number in numbers:
            problems.add(
                edition.source_path,
                f"number {edition.number} is already used by edition {numbers[edition.number]!r}",
                "number",
            )
        numbers[edition.number] = edition.id
    if own:
        problems.raise_if_any()
    return editions


def person_refs(fields: Fields, key: str, people: dict[str, Person]) -> list[Person]:
    """Resolve a list of person ids at ``key``, recording unknown ones."""
    found = []
    for person_id in fields.string_list(key):
        if person_id in people:
            found.append(people[person_id])
        elif not fields.problems.depends_on_broken("person", person_id):
            fields.fail(key, unknown_person(person_id, people))
    return found


def unknown_person(person_id: str, people: dict[str, Person]) -> str:
    """Message for a reference to a person that has no file."""
    if "," in str(person_id):  # a YAML text, not a list
        parts = ", ".join(p.strip() for p in str(person_id).split(","))
        return f"unknown person {shown(person_id)}; expected a YAML list of ids: [{parts}]"
    separator = next((c for c in FULLWIDTH_SEPARATORS if c in str(person_id)), None)
    if separator is not None:  # typed by a Chinese input method between two ids
        return (
            f"unknown person {shown(person_id)}: it has the full-width {separator!r} "
            f"(U+{ord(separator):04X}) between person ids; expected ASCII commas"
        )
    return (
        f"unknown person {shown(person_id)}{suggest(person_id, sorted(people))}; "
        f"expected the id of a file content/people/<id>.yaml"
    )


def _read_edition(path, data, problems, people, languages):
    edition_id = path.parent.name
    fields = Fields(data, str(path), problems, languages.default.tag, languages=languages)
    fields.check_keys(EDITION_KEYS)
    if not ID_RE.match(edition_id):
        problems.add(str(path), f"folder name {shown(edition_id)} must be letters, digits and '-'")
    number = fields.integer("number", required=True, minimum=1)
    start, end = fields.day("start", required=True), fields.day("end", required=True)
    zone = fields.timezone("timezone", required=True)
    city = fields.localized("city", required=True)
    if start and end and end < start:
        fields.fail("end", f"end {end} is before start {start}; expected end >= start")
    rooms: dict[str, Room] = {}
    before = len(problems.problems)
    read = [(sub, sub.text("id", required=True)) for _key, sub in fields.mapping_list("rooms")]
    ids_known = len(problems.problems) == before  # else sessions' rooms cannot be checked
    for sub, room_id in read:
        sub.check_keys({"id", "name"})
        if room_id and room_id in rooms:
            sub.fail("id", f"room id {shown(room_id)} is used twice in this edition")
        elif room_id:
            rooms[room_id] = Room(room_id, sub.localized("name") or sub.localized("id"))
    if None in (number, start, end, zone) or not city or not ids_known:
        return None
    return Edition(
        id=edition_id,
        number=number,
        start=start,
        end=end,
        timezone=zone,
        city=city,
        source_path=str(path),
        venue=fields.localized("venue"),
        theme=fields.localized("theme"),
        summary=fields.localized("summary"),
        participant_count=fields.integer("participant_count"),
        participants=person_refs(fields, "participants", people),
        organizers=person_refs(fields, "organizers", people),
        rooms=rooms,
        keywords=fields.string_list("keywords"),
        hashtags=fields.string_list("hashtags"),
        links=fields.links("links", LINK_TYPES),
        image=fields.url("image"),
        map=read_map(fields, path.parent),
        address=_read_address(fields),
        streams=read_streams(fields, edition_id, start, end, people),
    )


def read_map(fields: Fields, folder: Path) -> str | None:
    """``map: <file>``: a PNG or JPEG plan of the rooms beside ``edition.yaml``, shown in the
    printed programme; its path, or None. Only a file name (no folder), checked to be the
    image it says it is by Pillow, so nothing outside the edition folder is read."""
    name = fields.text("map")
    if name is None:
        return None
    if not MAP_NAME_RE.match(name):
        fields.fail("map", f"map {shown(name)} is not a file name; expected <name>.png or .jpg")
        return None
    target = folder / name
    if not target.is_file():
        fields.fail("map", f"no file {shown(name)} beside edition.yaml; expected a PNG or JPEG")
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(target) as image:
            kind = image.format
            image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        kind = None
    if kind not in ("PNG", "JPEG"):
        fields.fail("map", f"{shown(name)} is not a PNG or JPEG image; expected one")
        return None
    return str(target)


def _read_address(fields: Fields) -> dict[str, Any]:
    """``address: {street, locality, region, postal_code, country}`` (texts localized,
    ``country`` an ISO 3166 code), for the schema.org PostalAddress of the venue."""
    value = fields.data.get("address")
    if value is None:
        return {}
    sub = fields.nested(value, "address")
    if sub is None:
        return {}
    sub.check_keys(ADDRESS_KEYS)
    address: dict[str, Any] = {
        key: sub.localized(key) for key in ("street", "locality", "region") if key in value
    }
    if "postal_code" in value:
        address["postal_code"] = sub.text("postal_code")
    country = sub.text("country")
    if country is not None:
        if country.upper() not in Locale("en").territories or not country.isalpha():
            sub.fail(
                "country",
                f"country {shown(country)} is not an ISO 3166 country code; "
                "expected two letters such as 'CN', 'FR'",
            )
        else:
            address["country"] = country.upper()
    return address


def _read_coverage(path: Path, problems, people, languages) -> list[dict]:
    """Coverage items; session references are checked once sessions are read."""
    try:
        data = load_yaml_mapping(path, languages.tags)
    except ContentError as exc:
        problems.extend(exc.problems)
        return []
    fields = Fields(data, str(path), problems, languages.default.tag, languages=languages)
    fields.check_keys({"items"})
    items = []
    for key, sub in fields.mapping_list("items"):
        sub.check_keys(COVERAGE_KEYS)
        kind = sub.text("type", required=True)
        if kind and kind not in COVERAGE_TYPES:
            sub.fail(
                "type", f"type {shown(kind)} must be one of: {', '.join(sorted(COVERAGE_TYPES))}"
            )
        lang = sub.text("lang", required=True)
        if lang and languages.get(lang) is None:
            # Coverage may be in any language, but it must be a valid tag for `lang=`.
            try:
                make_language(lang)
            except ValueError as exc:
                sub.fail("lang", str(exc))
        author = sub.text("author")
        person = None
        if author and ID_RE.match(author):
            person = people.get(author)
            if person is None and not problems.depends_on_broken("person", author):
                sub.fail(
                    "author",
                    unknown_person(author, people)
                    + " (write a name with a capital or a space for someone without one)",
                )
        quote = sub.data.get("quote")
        if quote is not None:
            _check_quote(sub, quote)
        items.append(
            {
                "type": kind,
                "url": sub.url("url", required=True),
                "title": sub.text("title", required=True),
                "lang": lang,
                "author": person or author,
                "date": sub.day("date"),
                "session": sub.text("session"),
                "quote": sub.data.get("quote"),
                "_where": (str(path), sub.data.line, key),
            }
        )
    return items


def _check_quote(sub: Fields, quote) -> None:
    """``quote: {text: <original>, translations: {<tag>: <text>}}``."""
    expected = "expected {text: <original text>, translations: {<language tag>: <text>}}"
    if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
        sub.fail("quote", f"quote must be a mapping with a text; {expected}")
        return
    unknown = set(quote) - {"text", "translations"}
    translations = quote.get("translations") or {}
    if (
        unknown
        or not isinstance(translations, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in translations.items())
    ):
        sub.fail("quote", f"quote is malformed; {expected}")
        return
    sub.check_tags("quote", translations)
