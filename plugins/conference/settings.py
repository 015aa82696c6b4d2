"""Settings of the conference plugin, declared once (see :mod:`plugins.core.settings`).

``CONFERENCE_FILE``, ``CONFERENCE_EDITIONS_PATH`` and ``CONFERENCE_PEOPLE_PATH`` say where
the content is, which every plugin and task needs: they are declared with the site's facts
(:class:`plugins.core.siteconfig.SiteSettings`) and read through ``site(settings)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from plugins.core.settings import (
    PluginSettings,
    boolean,
    custom,
    integer,
    setting,
    string_list,
    text,
)

_FONT = custom(
    "str or None",
    "None or the path of a font file",
    lambda v: v is None or (isinstance(v, str) and Path(v).is_file()),
)


def _aware(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


@dataclass(frozen=True, kw_only=True)
class ConferenceSettings(PluginSettings):
    """Validated settings, read once per run from Pelican's settings (never mutated)."""

    home_posts: int = setting(
        "CONFERENCE_HOME_POSTS", 5, integer(minimum=0), "latest posts on each language's home page"
    )
    share_cards: bool = setting(
        "CONFERENCE_SHARE_CARDS",
        True,
        boolean(),
        "draw share cards (`og:image`) for the site and each edition",
    )
    card_font: str | None = setting(
        "CONFERENCE_CARD_FONT",
        None,
        _FONT,
        "font file of the share cards; `None`: fontconfig's first Simplified Chinese font",
    )
    sanitize_content: bool = setting(
        "CONFERENCE_SANITIZE_CONTENT",
        True,
        boolean(),
        "sanitize the HTML of every Markdown file: posts, pages, sessions, roundup "
        "introductions (see Security); `False` only when everyone who can change `content/` "
        "is trusted",
    )
    offline_auto_size: int = setting(
        "CONFERENCE_OFFLINE_AUTO_SIZE",
        1_000_000,
        integer(minimum=0),
        "bytes (gzip-compressed) of an edition's session pages in one language up to which "
        "a reader's first visit keeps them for offline reading; a larger edition keeps them "
        'only when the reader asks ("Keep this edition offline: 2.1 MB")',
    )
    programme_pages: bool = setting(
        "CONFERENCE_PROGRAMME_PAGES",
        False,
        boolean(),
        "write `/{lang}/editions/<id>/programme.html`, the printed programme (every session "
        "by day and room, with abstracts and speakers; not indexed); `invoke programme` turns "
        "it on to make the PDF",
    )

    edition_page_sessions: int = setting(
        "CONFERENCE_EDITION_PAGE_SESSIONS",
        100,
        integer(minimum=0),
        "an edition with at most this many sessions lists them on its page (and in the page's "
        "JSON-LD); a larger one (FOSDEM's 772) links to each day of its schedule instead, so "
        "the page stays small",
    )
    schedule_snapshots: str = setting(
        "CONFERENCE_SCHEDULE_SNAPSHOTS",
        "data/schedule",
        text(),
        "folder of the published schedules (`<edition>.json`, written by `invoke publish`), "
        "relative to the project root; the changes pages compare the schedule with them",
    )

    publish_time: str | None = setting(
        "CONFERENCE_PUBLISH_TIME",
        None,
        custom(
            "str or None",
            "None or an ISO 8601 time with its UTC offset, e.g. '2009-11-14T08:00:00+00:00'",
            lambda v: v is None or _aware(v),
        ),
        "set by `invoke publish` and `invoke live --publish` to the time of publication: "
        "the build records the schedule's changes in the snapshots, dated then",
    )

    def snapshot_dir(self, settings: Any) -> Path:
        """The snapshot folder; a relative path is taken from the folder holding ``PATH``."""
        path = Path(self.schedule_snapshots).expanduser()
        return path if path.is_absolute() else Path(settings["PATH"]).resolve().parent / path

    extra_metadata: frozenset[str] = setting(
        "CONFERENCE_EXTRA_METADATA",
        [],
        string_list(
            "a list of metadata key names", convert=lambda keys: frozenset(k.lower() for k in keys)
        ),
        "Markdown metadata keys allowed in every post, page, session and roundup "
        'introduction besides the documented ones (e.g. `["Mood"]` for a key your '
        "templates read); any other unknown key stops the build",
    )


DEFAULTS: dict[str, Any] = ConferenceSettings.defaults()
