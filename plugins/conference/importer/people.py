"""Link a schedule's speakers to person files, only on explicit evidence.

A speaker is the existing person ``people/<id>.yaml`` only when

- ``content/editions/<edition>/people-map.yaml``, written by the organizer, says so: a
  mapping from the speaker's source id (as in the schedule, or qualified as below) or name
  to a person id; or
- the person file lists the speaker's qualified source id under ``source_ids`` (the
  importer writes it into the people files it creates, so a later edition from the same
  source finds them).

A qualified source id is ``<source>/<id>``: the schedule's host (``pretalx.rc3.studio``)
or else its acronym or title, so that speaker 63 of one conference is not speaker 63 of
another. A speaker the source gives no id for gets none. A person file with the same name
is only *suggested* (two people may share a name: 张伟 is not every 张伟); a new file is
written instead.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .folders import Folders
from .manifest import Manifest
from .model import SourcePerson, SourceSchedule
from .texts import make_id, unique

PEOPLE_MAP = "people-map.yaml"


class MapError(ValueError):
    """``people-map.yaml`` cannot be used; the message names the file and the fix."""


def source_qualifier(schedule: SourceSchedule) -> str:
    """The prefix of this schedule's speaker ids (see the module docstring)."""
    host = (urlsplit(schedule.url).hostname or "") if schedule.url else ""
    try:
        ipaddress.ip_address(host)
        host = ""
    except ValueError:
        pass
    if host and host != "localhost" and "." in host:
        return host
    return make_id(schedule.acronym or schedule.title, "schedule")


def _names(value) -> list[str]:
    if isinstance(value, dict):
        return [str(v) for v in value.values() if v]
    return [str(value)] if value else []


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass
class People:
    """What the site's person files and the edition's people map say about speakers."""

    existing: set[str] = field(default_factory=set)
    by_source_id: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, content_dir: Path, edition_id: str, folders: Folders | None = None) -> People:
        """Read ``people/*.yaml`` (ids, ``source_ids``, names) and the people map."""
        folders = folders or Folders()
        found = cls()
        for path in sorted((content_dir / folders.people).glob("*.yaml")):
            found.existing.add(path.stem)
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            if not isinstance(data, dict):
                continue
            ids = data.get("source_ids")
            for source_id in ids if isinstance(ids, list) else []:
                found.by_source_id.setdefault(str(source_id), path.stem)
            for name in _names(data.get("name")):
                found.by_name.setdefault(_fold(name), []).append(path.stem)
        found.mapping = _load_map(
            content_dir / folders.edition(edition_id) / PEOPLE_MAP, found.existing
        )
        return found


def _load_map(path: Path, existing: set[str]) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MapError(
            f"{path}: unreadable ({str(exc).splitlines()[0]}); expected a mapping "
            "of speaker ids or names to person ids"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MapError(f"{path}: expected a mapping of speaker ids or names to person ids")
    mapping = {}
    for key, value in data.items():
        if str(value) not in existing:
            raise MapError(
                f"{path}: {key!r} -> {value!r}: no people/{value}.yaml; expected "
                "the id of an existing person file"
            )
        mapping[str(key)] = str(value)
    return mapping


@dataclass
class Linker:
    """Chooses a person id per speaker and notes each link and suggestion once."""

    people: People
    manifest: Manifest
    qualifier: str
    map_name: str
    folders: Folders = field(default_factory=Folders)
    linked: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)
    _seen: set[str] = field(default_factory=set)

    def __post_init__(self):
        self._taken = self.people.existing | set(self.manifest.people.values())

    def source_id(self, person: SourcePerson) -> str | None:
        """The speaker's qualified source id, None when the source gives no id."""
        return None if person.key == person.name else f"{self.qualifier}/{person.key}"

    def person_id(self, person: SourcePerson) -> str:
        """The person id for ``person``, recorded in the manifest."""
        chosen, why = self._explicit(person)
        first = person.key not in self._seen
        self._seen.add(person.key)
        if chosen:
            # a file this import wrote itself is no news on a re-import
            if first and self.folders.person(chosen) not in self.manifest.files:
                self.linked.append(f"{person.name!r} -> {self.folders.person(chosen)} ({why})")
        else:
            previous = self.manifest.people.get(person.key)
            mine = self.folders.person(previous) in self.manifest.files
            if previous and (mine or previous not in self.people.existing):
                chosen = previous
            else:
                base = make_id(person.name, f"person-{make_id(person.key, 'x')}")
                chosen = unique(base, self._taken)
            same_name = [p for p in self.people.by_name.get(_fold(person.name), []) if p != chosen]
            if first and same_name:
                self.suggested.append(
                    f"{person.name!r} has the name of {self.folders.person(same_name[0])} but "
                    f"is not linked to it; if it is the same person, add '{person.key}: "
                    f"{same_name[0]}' to {self.map_name}"
                )
        self.manifest.people[person.key] = chosen
        return chosen

    def _explicit(self, person: SourcePerson) -> tuple[str | None, str]:
        source_id = self.source_id(person)
        for key in (person.key, source_id, person.name):
            if key and key in self.people.mapping:
                return self.people.mapping[key], f"{self.map_name}"
        if source_id and source_id in self.people.by_source_id:
            return self.people.by_source_id[source_id], f"source id {source_id}"
        return None, ""
