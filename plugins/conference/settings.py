"""Settings of the conference plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``CONFERENCE_FILE`` | str | ``"conference.yaml"`` | series file, relative to PATH |
| ``CONFERENCE_EDITIONS_PATH`` | str | ``"editions"`` | folder of editions, relative to PATH |
| ``CONFERENCE_PEOPLE_PATH`` | str | ``"people"`` | folder of people files, relative to PATH |
| ``CONFERENCE_HOME_POSTS`` | int | ``5`` | latest posts shown on each language's home page |
| ``CONFERENCE_SHARE_CARDS`` | bool | ``True`` | draw share cards (``og:image``) for the site and each edition |
| ``CONFERENCE_CARD_FONT`` | str or None | ``None`` | font file of the share cards; ``None``: fontconfig's first Simplified Chinese font |
| ``CONFERENCE_SANITIZE_CONTENT`` | bool | ``True`` | sanitize the HTML of Markdown posts and pages (:mod:`.trust`) |
| ``CONFERENCE_EXTRA_METADATA`` | list of str | ``[]`` | Markdown metadata keys allowed in every post, page, session and roundup introduction besides the documented ones |
"""  # noqa: E501

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
    "CONFERENCE_SHARE_CARDS": True,
    "CONFERENCE_CARD_FONT": None,
    "CONFERENCE_SANITIZE_CONTENT": True,
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
    extra_metadata: frozenset[str] = frozenset()
    sanitize_content: bool = True
    share_cards: bool = True
    card_font: str | None = None


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
    for key in ("CONFERENCE_SHARE_CARDS", "CONFERENCE_SANITIZE_CONTENT"):
        if not isinstance(values[key], bool):
            raise setting_error(key, f"must be True or False, got {values[key]!r}")
    font = values["CONFERENCE_CARD_FONT"]
    if font is not None and (not isinstance(font, str) or not Path(font).is_file()):
        raise setting_error("CONFERENCE_CARD_FONT",
                            f"must be the path of a font file, got {font!r}")
    root = Path(settings["PATH"])
    return ConferenceSettings(
        conference_file=root / values["CONFERENCE_FILE"],
        editions_path=root / values["CONFERENCE_EDITIONS_PATH"],
        people_path=root / values["CONFERENCE_PEOPLE_PATH"],
        home_posts=home_posts,
        extra_metadata=frozenset(k.lower() for k in extra or []),
        share_cards=values["CONFERENCE_SHARE_CARDS"],
        card_font=font,
        sanitize_content=values["CONFERENCE_SANITIZE_CONTENT"],
    )
