"""Entry languages: declared first, then detected (scripts, then Lingua among the site's
languages when it is installed); zh-Hans told from zh-Hant."""

from __future__ import annotations

import sys

import pytest

from plugins.core.records import short_tag
from plugins.planet.language import detect, entry_language, lingua_codes

SAMPLE = ("zh-Hans", "en", "fr")
ENGLISH = "The fifth conference was held in Lianzhou and it was the best one"
FRENCH = "La conférence a eu lieu à Lianzhou et les blogueurs étaient là"
GERMAN = "Die fünfte Konferenz fand in Lianzhou statt, und sie war die beste von allen"
SPANISH = "La quinta conferencia se celebró en Lianzhou y fue la mejor de todas"


@pytest.fixture
def without_lingua(monkeypatch):
    """Lingua not installed (the site lock): its import fails."""
    monkeypatch.setitem(sys.modules, "lingua", None)
    lingua_codes.cache_clear()
    yield
    lingua_codes.cache_clear()


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-cn", "zh-Hans"),
        ("zh_TW", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh-hk", "zh-Hant"),
        ("zh", "zh"),
        ("en-us", "en"),
        ("FR", "fr"),
        ("", None),
        ("not a tag!", None),
        (None, None),
        ("en-" + "-".join(["abcdefgh"] * 8), None),  # well-formed, but longer than any tag
    ],
)
def test_short_tag(tag, expected):
    assert short_tag(tag) == expected


def test_detect_scripts():
    assert detect("第五届中文网志年会在连州举行，这是我第一次参加。") == "zh-Hans"
    assert detect("第五屆中文網誌年會在連州舉行，這是我第一次參加。") == "zh-Hant"
    assert detect("ブログの会議に参加しました。とても楽しかったです。") == "ja"
    assert detect("블로거 회의에 참가했습니다") == "ko"
    assert detect("12345 !!!") is None


def test_latin_text_is_told_among_the_sites_languages_by_lingua():
    assert detect(ENGLISH, languages=SAMPLE) == "en"
    assert detect(FRENCH, languages=SAMPLE) == "fr"
    # a German or Spanish site's own languages, which no word list covered
    assert detect(GERMAN, languages=("de", "en")) == "de"
    assert detect(SPANISH, languages=("es-419", "en")) == "es"
    assert detect(ENGLISH, languages=("de", "en")) == "en"
    # Chinese, Japanese and Korean are told by their script, never by Lingua
    assert lingua_codes(SAMPLE) == {"en", "fr"}
    # a language the site does not have is not taken for the nearest one it has
    assert detect(GERMAN, languages=SAMPLE) is None
    assert detect(FRENCH, languages=("zh-Hans", "en")) is None
    assert detect(ENGLISH, languages=("zh-Hans", "en")) == "en"
    # no site language in that script, or no site: undetermined, not guessed
    assert detect("Привет всем, как у вас дела сегодня на конференции", languages=SAMPLE) is None
    assert detect(ENGLISH) is None


def test_without_lingua_only_scripts_are_detected(without_lingua):
    assert lingua_codes(SAMPLE) == frozenset()
    assert detect(ENGLISH, languages=SAMPLE) is None
    assert detect(GERMAN, languages=("de", "en")) is None
    assert detect("第五屆中文網誌年會在連州舉行，這是我第一次參加。", languages=SAMPLE) == "zh-Hant"
    assert entry_language(None, None, FRENCH, SAMPLE) is None
    assert entry_language(None, "fr-CA", FRENCH, SAMPLE) == "fr"


def test_declared_language_wins_and_zh_gets_a_script():
    assert entry_language("fr", "en", "第五届中文网志年会") == "fr"
    assert entry_language(None, "en-GB", "第五届中文网志年会") == "en"
    assert entry_language("zh", None, "這是我第一次參加網誌年會") == "zh-Hant"
    assert entry_language(None, "zh", "no Chinese here") == "zh-Hans"
    assert entry_language(None, None, "这是我第一次参加") == "zh-Hans"
    assert entry_language(None, None, FRENCH, SAMPLE) == "fr"


def test_text_is_only_extracted_when_needed():
    def never() -> str:
        raise AssertionError("the text was extracted although a language was declared")

    assert entry_language("fr", None, never) == "fr"
    assert entry_language(None, "en-us", never) == "en"
    assert entry_language(None, "zh", lambda: "這個說") == "zh-Hant"
    assert entry_language(None, None, lambda: "这个国家说") == "zh-Hans"
