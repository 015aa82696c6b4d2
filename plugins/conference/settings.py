"""Settings of the conference plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``CONFERENCE_FILE`` | str | ``"conference.yaml"`` | series file, relative to PATH |
| ``CONFERENCE_EDITIONS_PATH`` | str | ``"editions"`` | folder of editions, relative to PATH |
| ``CONFERENCE_PEOPLE_PATH`` | str | ``"people"`` | folder of people files, relative to PATH |
| ``CONFERENCE_HOME_POSTS`` | int | ``5`` | latest posts shown on each language's home page |
| ``CONFERENCE_EXTRA_METADATA`` | list of str | ``[]`` | Markdown metadata keys allowed in
  every post, page, session and roundup introduction besides the documented ones |
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.errors import ContentError, Problem

DEFAULTS: dict[str, Any] = {
    "CONFERENCE_FILE": "conference.yaml",
    "CONFERENCE_EDITIONS_PATH": "editions",
    "CONFERENCE_PEOPLE_PATH": "people",
    "CONFERENCE_HOME_POSTS": 5,
    "CONFERENCE_EXTRA_METADATA": [],
}
SETTINGS_FILE = "pelicanconf.py"


@dataclass(frozen=True)
class ConferenceSettings:
    """Validated settings, read once per run from Pelican's settings (never mutated)."""

    conference_file: Path
    editions_path: Path
    people_path: Path
    home_posts: int
    extra_metadata: frozenset[str]


def setting_error(key: str, message: str) -> ContentError:
    """A bad setting: one problem naming the setting, shown like a content problem."""
    return ContentError([Problem(SETTINGS_FILE, f"setting {key} {message}", key)])


def read_settings(settings: dict[str, Any]) -> ConferenceSettings:
    """Validate the CONFERENCE_* settings; a bad one raises ContentError naming it."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for key in ("CONFERENCE_FILE", "CONFERENCE_EDITIONS_PATH", "CONFERENCE_PEOPLE_PATH"):
        if not isinstance(values[key], str) or not values[key]:
            raise setting_error(key, f"must be a non-empty path string, got {values[key]!r}")
    home_posts = values["CONFERENCE_HOME_POSTS"]
    if isinstance(home_posts, bool) or not isinstance(home_posts, int) or home_posts < 0:
        raise setting_error("CONFERENCE_HOME_POSTS", f"must be an integer >= 0, got {home_posts!r}")
    extra = values["CONFERENCE_EXTRA_METADATA"]
    if isinstance(extra, str) or not all(isinstance(k, str) and k for k in extra or []):
        raise setting_error("CONFERENCE_EXTRA_METADATA",
                            f"must be a list of metadata key names, got {extra!r}")
    root = Path(settings["PATH"])
    return ConferenceSettings(
        conference_file=root / values["CONFERENCE_FILE"],
        editions_path=root / values["CONFERENCE_EDITIONS_PATH"],
        people_path=root / values["CONFERENCE_PEOPLE_PATH"],
        home_posts=home_posts,
        extra_metadata=frozenset(k.lower() for k in extra or []),
    )
