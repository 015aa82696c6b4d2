"""Entry languages: declared first, then detected; zh-Hans told from zh-Hant."""

from __future__ import annotations

import pytest

from plugins.core.records import short_tag
from plugins.planet.language import detect, entry_language


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
    assert detect("The fifth conference was held in Lianzhou and it was the best one") == "en"
    assert detect("La conférence a eu lieu à Lianzhou et les blogueurs étaient là") == "fr"
    assert detect("12345 !!!") is None


def test_declared_language_wins_and_zh_gets_a_script():
    assert entry_language("fr", "en", "第五届中文网志年会") == "fr"
    assert entry_language(None, "en-GB", "第五届中文网志年会") == "en"
    assert entry_language("zh", None, "這是我第一次參加網誌年會") == "zh-Hant"
    assert entry_language(None, "zh", "no Chinese here") == "zh-Hans"
    assert entry_language(None, None, "这是我第一次参加") == "zh-Hans"


def test_text_is_only_extracted_when_needed():
    def never() -> str:
        raise AssertionError("the text was extracted although a language was declared")

    assert entry_language("fr", None, never) == "fr"
    assert entry_language(None, "en-us", never) == "en"
    assert entry_language(None, "zh", lambda: "這個說") == "zh-Hant"
    assert entry_language(None, None, lambda: "这个国家说") == "zh-Hans"
