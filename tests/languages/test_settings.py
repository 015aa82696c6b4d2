"""Unit tests: LANGUAGES_* settings are validated in one place."""

from __future__ import annotations

import pytest

from plugins.languages.settings import LanguagesSettings


def test_defaults():
    config = LanguagesSettings.read({"FEED_DOMAIN": "https://x.example/", "SUMMARY_MAX_LENGTH": 50})
    assert config.untranslated == "notice" and not config.hide_untranslated
    assert config.feed_atom == "feed.atom" and config.feed_rss == "feed.rss"
    assert config.feed_domain == "https://x.example"
    assert config.tag_save_as == "tags/{slug}.html"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("LANGUAGES_UNTRANSLATED", "show"),
        ("LANGUAGES_FEED_ATOM", "/feed.atom"),
        ("LANGUAGES_TAG_SAVE_AS", "tags/x.html"),
        ("LANGUAGES_CJK_PER_MINUTE", 0),
        ("LANGUAGES_PINYIN_SLUGS", "yes"),
        ("LANGUAGES_CATALOG_PATH", ""),
    ],
)
def test_bad_setting_is_named(key, value):
    with pytest.raises(ValueError, match=key):
        LanguagesSettings.read({key: value})


def test_empty_path_disables():
    assert LanguagesSettings.read({"LANGUAGES_FEED_RSS": ""}).feed_rss == ""
    assert LanguagesSettings.read({"LANGUAGES_FEED_RSS": None}).feed_rss == ""
