"""Read ``content/people/<id>.yaml`` into :class:`.model.Person`, and resolve references to
people (by id) from the other files, with a helpful message for an unknown one.

Problems are collected (see :class:`plugins.core.errors.ProblemCollector`); a file that
cannot be read marks its person broken, so references to it are not reported again.
"""

from __future__ import annotations

from pathlib import Path

from plugins.core.errors import ContentError, ProblemCollector, shown
from plugins.core.langtags import LanguageSet
from plugins.core.yamlio import load_yaml_mapping

from .fields import FULLWIDTH_SEPARATORS, ID_RE, Fields, suggest
from .model import Person
from .peoplecache import PeopleCache
from .streams import read_accounts

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


def load_people(
    folder: Path,
    languages: LanguageSet,
    problems: ProblemCollector | None = None,
    cache: PeopleCache | None = None,
) -> dict[str, Person]:
    """Read every ``people/<id>.yaml`` (the file name is the person id); a file unchanged
    since the last build comes from ``cache`` (:mod:`.peoplecache`) when given.

    Raises ContentError unless a shared ``problems`` collector is given.
    """
    own = problems is None
    problems = problems or ProblemCollector()
    people: dict[str, Person] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        known = cache.get(path) if cache is not None else None
        if known is not None:
            people[known.id] = known
            continue
        found = len(problems.problems)
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
            if cache is not None and len(problems.problems) == found:
                cache.put(path, person)
    if cache is not None:
        cache.save()
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
