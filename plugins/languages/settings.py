"""Settings of the languages plugin, declared once (see :mod:`plugins.core.settings`).

Feeds are written only when ``FEED_DOMAIN`` is set: their links must be absolute.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.core.settings import (
    PluginSettings,
    boolean,
    custom,
    integer,
    one_of,
    setting,
)

UNTRANSLATED_MODES = ("notice", "hide")


def _relative_path(value: Any) -> bool:
    return value is None or (
        isinstance(value, str) and not value.startswith("/") and ".." not in value.split("/")
    )


#: an output path inside a tree, or '' (None) for none
_OUTPUT = custom(
    "str", "a relative output path or ''", _relative_path, lambda v: v if v is not None else ""
)
_TAG_OUTPUT = custom(
    "str",
    "a relative output path containing {slug}, or ''",
    lambda v: _relative_path(v) and (not v or "{slug}" in v),
    lambda v: v if v is not None else "",
)
_COUNT = integer(minimum=1)


def _as(convert) -> Any:
    # one of Pelican's settings (Pelican validates it): only converted
    return custom("", "", lambda v: True, convert)


@dataclass(frozen=True, kw_only=True)
class LanguagesSettings(PluginSettings):
    """Validated settings, read from Pelican's settings (never mutated)."""

    catalog_path: Path = setting(
        "LANGUAGES_CATALOG_PATH",
        "translations",
        custom("str", "a folder path", lambda v: isinstance(v, str) and bool(v), Path),
        "folder of `<locale>/LC_MESSAGES/messages.po` (relative to the working directory "
        "unless absolute; `pelicanconf.py` sets it absolute)",
    )
    untranslated: str = setting(
        "LANGUAGES_UNTRANSLATED",
        "notice",
        one_of(*UNTRANSLATED_MODES),
        "a missing translation: the original with a notice, or left out",
    )
    feed_atom: str = setting(
        "LANGUAGES_FEED_ATOM",
        "feed.atom",
        _OUTPUT,
        'Atom feed inside each language tree; `""` for none',
    )
    feed_rss: str = setting(
        "LANGUAGES_FEED_RSS",
        "feed.rss",
        _OUTPUT,
        'RSS feed inside each language tree; `""` for none',
    )
    feed_json: str = setting(
        "LANGUAGES_FEED_JSON",
        "feed.json",
        _OUTPUT,
        'JSON Feed 1.1 inside each language tree; `""` for none',
    )
    feed_all_atom: str = setting(
        "LANGUAGES_FEED_ALL_ATOM",
        "feed.atom",
        _OUTPUT,
        'all-languages Atom feed at the site root; `""` for none',
    )
    tags_save_as: str = setting(
        "LANGUAGES_TAGS_SAVE_AS",
        "tags/index.html",
        _OUTPUT,
        'tag index inside each tree; `""` for none',
    )
    tag_save_as: str = setting(
        "LANGUAGES_TAG_SAVE_AS",
        "tags/{slug}.html",
        _TAG_OUTPUT,
        "one tag's page inside each tree (contains `{slug}`)",
    )
    pinyin_slugs: bool = setting(
        "LANGUAGES_PINYIN_SLUGS", True, boolean(), "Chinese in slugs and tags becomes pinyin"
    )
    cjk_per_minute: int = setting(
        "LANGUAGES_CJK_PER_MINUTE", 300, _COUNT, "reading speed in CJK characters per minute"
    )
    words_per_minute: int = setting(
        "LANGUAGES_WORDS_PER_MINUTE", 200, _COUNT, "reading speed in other words per minute"
    )
    cjk_per_word: int = setting(
        "LANGUAGES_CJK_PER_WORD",
        2,
        _COUNT,
        "CJK characters counted as one word of `SUMMARY_MAX_LENGTH`",
    )
    # Pelican's settings the plugin reads too, with Pelican's defaults
    feed_domain: str = setting(
        "FEED_DOMAIN", "", _as(lambda v: str(v or "").rstrip("/")), own=False
    )
    feed_max_items: int | None = setting("FEED_MAX_ITEMS", 100, own=False)
    summary_max_length: int | None = setting("SUMMARY_MAX_LENGTH", 50, own=False)
    summary_suffix: str = setting("SUMMARY_END_SUFFIX", "…", _as(lambda v: str(v or "")), own=False)

    @property
    def hide_untranslated(self) -> bool:
        """True when missing translations are left out instead of shown with a notice."""
        return self.untranslated == "hide"


DEFAULTS: dict[str, Any] = LanguagesSettings.defaults()


def catalog_path(settings: Any) -> Path:
    """The validated catalog folder (``LANGUAGES_CATALOG_PATH``)."""
    return LanguagesSettings.read(settings).catalog_path
