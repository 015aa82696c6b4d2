"""Which person files an import wrote are still needed by content it did not write.

People are shared by the whole site: another edition's import may link a speaker to a
person file this one wrote, and an organizer may name them in a post. Such a file is never
removed by a re-import or an undo. A person counts as named when their id is a whole value
(or one of a comma-separated list) in any other YAML file or Markdown metadata header
(``Speakers``, ``Authors``, ``participants``, ``author``...) or in another import's
manifest; unknown keys count too, so the check errs on the side of keeping a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .folders import Folders
from .manifest import MANIFEST_NAME, Manifest

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: many files


def people_in_use(
    content_dir: Path,
    manifest: Manifest,
    candidates: list[str],
    skip: set[str] | None = None,
    folders: Folders | None = None,
) -> dict[str, str]:
    """``people/<id>.yaml`` paths among ``candidates`` still referred to, with a reason.

    Files this manifest wrote are not read (their fate is decided with the candidates),
    nor the relative paths in ``skip``.
    """
    wanted = {Path(c).stem: c for c in candidates if (folders or Folders()).is_person(c)}
    if not wanted:
        return {}
    own = set(manifest.files) | (skip or set()) | set(wanted.values())
    found: dict[str, str] = {}
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir).as_posix()
        if path.name == MANIFEST_NAME and path != manifest.path:
            for person_id in _manifest_people(path) & set(wanted) - set(found):
                found[person_id] = f"linked by {relative}"
            continue
        if relative in own or path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
            continue
        for person_id in _values(path) & set(wanted) - set(found):
            found[person_id] = f"named in {relative}"
    return {wanted[person_id]: reason for person_id, reason in found.items()}


def _values(path: Path) -> set[str]:
    """Every whole value, and each part of a comma-separated one, in a YAML file or in the
    metadata header of a Markdown file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    if path.suffix == ".md":
        header = text.replace("\r\n", "\n").split("\n\n", 1)[0]
        scalars = [line.partition(":")[2] for line in header.splitlines()]
    else:
        try:
            scalars = list(_scalars(yaml.load(text, Loader=_LOADER)))
        except yaml.YAMLError:
            scalars = _WORD.findall(text)  # unreadable: any word may be an id
    return {part.strip() for value in scalars for part in value.split(",")}


def _scalars(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _scalars(value)
    elif isinstance(data, list):
        for value in data:
            yield from _scalars(value)
    elif data is not None:
        yield str(data)


def _manifest_people(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    people = data.get("people") if isinstance(data, dict) else None
    return {str(v) for v in people.values()} if isinstance(people, dict) else set()
