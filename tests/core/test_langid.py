"""Language identification with Lingua: zh told from ja, en from fr, Han scripts apart."""

from __future__ import annotations

import pytest

from plugins.core.langid import candidate_codes, chinese_script, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第五届中文网志年会在连州举行，这是我第一次参加。", "zh-Hans"),
        ("第五屆中文網誌年會在連州舉行，這是我第一次參加。", "zh-Hant"),
        ("ブログの会議に参加しました。とても楽しかったです。", "ja"),
        ("The fifth conference was held in Lianzhou", "en"),
        ("La conférence a eu lieu à Lianzhou cette année", "fr"),
        ("Freie Software in der Schule", "de"),
        ("Kdenlive", None),  # too short to tell
        ("12345 !!!", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_chinese_script_and_candidates():
    assert chinese_script("这个国家说") == "zh-Hans"
    assert chinese_script("這個國家說") == "zh-Hant"
    assert {"en", "fr", "zh", "sv"} <= candidate_codes(["zh-Hans", "sv", "x-klingon"])
    assert "x" not in candidate_codes(["x-klingon"])
