"""Build the model from the YAML files under ``content/``, checking every reference.

This module reads ``conference.yaml`` and each ``editions/<id>/edition.yaml``; the people
are read by :mod:`.people` and each edition's ``coverage.yaml`` by :mod:`.coverage`.

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
from plugins.core.langtags import LanguageSet
from plugins.core.yamlio import load_yaml_mapping

from .coverage import read_coverage
from .fields import ID_RE, Fields
from .model import Conference, Edition, Person, Room
from .people import load_people as load_people  # re-exported (callers import it here)
from .people import person_refs
from .people import unknown_person as unknown_person  # re-exported (sessions.py)
from .streams import read_moderation, read_streams

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
                edition.coverage = read_coverage(coverage, problems, people, languages)
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
