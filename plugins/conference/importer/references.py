"""Which person files an import wrote are still needed by content it did not write.

People are shared by the whole site: another edition's import may link a speaker to a
person file this one wrote, and an organizer may name them in a post. Such a file is never
removed by a re-import or an undo. The check is textual (the person id as a word in any
other YAML file or Markdown metadata header, or in another import's manifest), so it errs
on the side of keeping a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .manifest import MANIFEST_NAME, Manifest

_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def people_in_use(content_dir: Path, manifest: Manifest, candidates: list[str],
                  skip: set[str] | None = None) -> dict[str, str]:
    """``people/<id>.yaml`` paths among ``candidates`` still referred to, with a reason.

    Files this manifest wrote are not read (their fate is decided with the candidates),
    nor the relative paths in ``skip``.
    """
    wanted = {Path(c).stem: c for c in candidates if c.startswith("people/")}
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
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if path.suffix == ".md":  # ids are named in the header (Speakers, Authors)
            text = text.replace("\r\n", "\n").split("\n\n", 1)[0]
        words = set(_WORD.findall(text))
        for person_id in words & set(wanted) - set(found):
            found[person_id] = f"named in {relative}"
    return {wanted[person_id]: reason for person_id, reason in found.items()}


def _manifest_people(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    people = data.get("people") if isinstance(data, dict) else None
    return {str(v) for v in people.values()} if isinstance(people, dict) else set()
