"""Settings of the languages plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``LANGUAGES_CATALOG_PATH`` | str | ``"translations"`` | folder of ``<locale>/LC_MESSAGES/messages.po`` catalogs (relative to the working directory unless absolute) |
| ``LANGUAGES_UNTRANSLATED`` | str | ``"notice"`` | a post or page missing in a language: ``"notice"`` writes the original in that tree with a notice; ``"hide"`` writes nothing and leaves it out of that language's listings |
| ``LANGUAGES_FEED_ATOM`` | str | ``"feed.atom"`` | Atom feed inside each language tree (``/{lang}/feed.atom``); ``""`` for none |
| ``LANGUAGES_FEED_RSS`` | str | ``"feed.rss"`` | RSS feed inside each language tree; ``""`` for none |
| ``LANGUAGES_FEED_JSON`` | str | ``"feed.json"`` | JSON Feed 1.1 inside each language tree; ``""`` for none |
| ``LANGUAGES_FEED_ALL_ATOM`` | str | ``"feed.atom"`` | all-languages Atom feed at the site root; ``""`` for none |
| ``LANGUAGES_TAGS_SAVE_AS`` | str | ``"tags/index.html"`` | tag index inside each tree; ``""`` for none |
| ``LANGUAGES_TAG_SAVE_AS`` | str | ``"tags/{slug}.html"`` | one tag's page inside each tree; ``""`` for none |
| ``LANGUAGES_PINYIN_SLUGS`` | bool | ``True`` | slugs (of content and tags) containing Chinese characters are written in pinyin |
| ``LANGUAGES_CJK_PER_MINUTE`` | int | ``300`` | reading speed in CJK characters per minute |
| ``LANGUAGES_WORDS_PER_MINUTE`` | int | ``200`` | reading speed in words per minute (Latin and other scripts) |
| ``LANGUAGES_CJK_PER_WORD`` | int | ``2`` | CJK characters that count as one word of ``SUMMARY_MAX_LENGTH`` |

Feeds are written only when ``FEED_DOMAIN`` is set: their links must be absolute.
"""  # noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "LANGUAGES_CATALOG_PATH": "translations",
    "LANGUAGES_UNTRANSLATED": "notice",
    "LANGUAGES_FEED_ATOM": "feed.atom",
    "LANGUAGES_FEED_RSS": "feed.rss",
    "LANGUAGES_FEED_JSON": "feed.json",
    "LANGUAGES_FEED_ALL_ATOM": "feed.atom",
    "LANGUAGES_TAGS_SAVE_AS": "tags/index.html",
    "LANGUAGES_TAG_SAVE_AS": "tags/{slug}.html",
    "LANGUAGES_PINYIN_SLUGS": True,
    "LANGUAGES_CJK_PER_MINUTE": 300,
    "LANGUAGES_WORDS_PER_MINUTE": 200,
    "LANGUAGES_CJK_PER_WORD": 2,
}
UNTRANSLATED_MODES = ("notice", "hide")
_PATHS = (
    "LANGUAGES_FEED_ATOM", "LANGUAGES_FEED_RSS", "LANGUAGES_FEED_JSON", "LANGUAGES_FEED_ALL_ATOM",
    "LANGUAGES_TAGS_SAVE_AS", "LANGUAGES_TAG_SAVE_AS",
)
_COUNTS = ("LANGUAGES_CJK_PER_MINUTE", "LANGUAGES_WORDS_PER_MINUTE", "LANGUAGES_CJK_PER_WORD")


@dataclass(frozen=True)
class LanguagesSettings:
    """Validated settings, read from Pelican's settings (never mutated)."""

    catalog_path: Path
    untranslated: str
    feed_atom: str
    feed_rss: str
    feed_json: str
    feed_all_atom: str
    tags_save_as: str
    tag_save_as: str
    pinyin_slugs: bool
    cjk_per_minute: int
    words_per_minute: int
    cjk_per_word: int
    feed_domain: str
    feed_max_items: int | None
    summary_max_length: int | None
    summary_suffix: str

    @property
    def hide_untranslated(self) -> bool:
        """True when missing translations are left out instead of shown with a notice."""
        return self.untranslated == "hide"


def catalog_path(settings: dict[str, Any]) -> Path:
    """The validated catalog folder."""
    value = settings.get("LANGUAGES_CATALOG_PATH", DEFAULTS["LANGUAGES_CATALOG_PATH"])
    if not isinstance(value, str) or not value:
        raise ValueError(f"setting LANGUAGES_CATALOG_PATH must be a folder path, got {value!r}")
    return Path(value)


#: Pelican settings the plugin reads too, with Pelican's defaults.
_OTHERS = {"FEED_DOMAIN": "", "FEED_MAX_ITEMS": 100, "SUMMARY_MAX_LENGTH": 50,
           "SUMMARY_END_SUFFIX": "…"}


def read_settings(settings: Any) -> LanguagesSettings:
    """Validate the LANGUAGES_* settings; a bad one raises ValueError naming it.

    ``settings`` is Pelican's settings or a template context (anything with ``get``).
    """
    ours = tuple(settings.get(key, default) for key, default in DEFAULTS.items())
    others = tuple(settings.get(key, default) for key, default in _OTHERS.items())
    try:
        return _read(ours, others)
    except TypeError:  # an unhashable value: validate without the cache
        return _read.__wrapped__(ours, others)


@lru_cache(maxsize=32)
def _read(ours: tuple, others: tuple) -> LanguagesSettings:
    # A pure function of the values, so one validation serves every content object.
    values = dict(zip(DEFAULTS, ours, strict=True))
    settings = dict(zip(_OTHERS, others, strict=True))
    if values["LANGUAGES_UNTRANSLATED"] not in UNTRANSLATED_MODES:
        raise ValueError(
            f"setting LANGUAGES_UNTRANSLATED must be one of {', '.join(UNTRANSLATED_MODES)}, "
            f"got {values['LANGUAGES_UNTRANSLATED']!r}"
        )
    for key in _PATHS:
        value = values[key]
        if value is None:
            values[key] = ""
        elif not isinstance(value, str) or value.startswith("/") or ".." in value.split("/"):
            raise ValueError(f"setting {key} must be a relative output path or '', got {value!r}")
    if values["LANGUAGES_TAG_SAVE_AS"] and "{slug}" not in values["LANGUAGES_TAG_SAVE_AS"]:
        raise ValueError("setting LANGUAGES_TAG_SAVE_AS must contain {slug}, got "
                         f"{values['LANGUAGES_TAG_SAVE_AS']!r}")
    for key in _COUNTS:
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"setting {key} must be a whole number >= 1, got {value!r}")
    if not isinstance(values["LANGUAGES_PINYIN_SLUGS"], bool):
        raise ValueError("setting LANGUAGES_PINYIN_SLUGS must be True or False, got "
                         f"{values['LANGUAGES_PINYIN_SLUGS']!r}")
    return LanguagesSettings(
        catalog_path=catalog_path(values),
        untranslated=values["LANGUAGES_UNTRANSLATED"],
        feed_atom=values["LANGUAGES_FEED_ATOM"],
        feed_rss=values["LANGUAGES_FEED_RSS"],
        feed_json=values["LANGUAGES_FEED_JSON"],
        feed_all_atom=values["LANGUAGES_FEED_ALL_ATOM"],
        tags_save_as=values["LANGUAGES_TAGS_SAVE_AS"],
        tag_save_as=values["LANGUAGES_TAG_SAVE_AS"],
        pinyin_slugs=values["LANGUAGES_PINYIN_SLUGS"],
        cjk_per_minute=values["LANGUAGES_CJK_PER_MINUTE"],
        words_per_minute=values["LANGUAGES_WORDS_PER_MINUTE"],
        cjk_per_word=values["LANGUAGES_CJK_PER_WORD"],
        feed_domain=str(settings["FEED_DOMAIN"] or "").rstrip("/"),
        feed_max_items=settings["FEED_MAX_ITEMS"],
        summary_max_length=settings["SUMMARY_MAX_LENGTH"],
        summary_suffix=str(settings["SUMMARY_END_SUFFIX"] or ""),
    )
