"""The build bench's Chinese text (bench/build/zh_text.py): real words with a Zipf-like
frequency, and the random characters of its first version, both the same on every run."""

from __future__ import annotations

import importlib
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def zh_text():
    sys.path.insert(0, str(ROOT / "bench" / "build"))
    try:
        return importlib.import_module("zh_text")  # a bench module, run as a script
    finally:
        sys.path.remove(str(ROOT / "bench" / "build"))


@pytest.fixture(scope="module")
def words(zh_text):
    return zh_text.ZhWords(2009)


def test_the_same_seed_gives_the_same_text(zh_text, words):
    assert words.text(random.Random(1), 300) == zh_text.ZhWords(2009).text(random.Random(1), 300)
    assert zh_text.random_characters(random.Random(1), 300) == zh_text.random_characters(
        random.Random(1), 300
    )


def test_the_vocabulary_is_a_real_word_list_frequent_characters_first(zh_text, words):
    from pypinyin.phrases_dict import phrases_dict

    assert words.words[: len(zh_text.HAN)] == list(zh_text.HAN)
    rest = words.words[len(zh_text.HAN) :]
    assert set(rest) == set(phrases_dict)
    first_long = next(index for index, word in enumerate(rest) if len(word) > 3)
    assert all(len(word) <= 3 for word in rest[:first_long])  # short words rank first


def test_word_frequencies_are_zipf_like(words):
    # draws of the words themselves: the most frequent few make much of the text, and
    # most of the words drawn are drawn once (the long tail of any natural text)
    rng = random.Random(7)
    drawn = Counter(rng.choices(words.words, cum_weights=words._cumulative, k=50_000))
    ranked = [count for _, count in drawn.most_common()]
    assert sum(ranked[:100]) > 0.3 * sum(ranked)
    assert sum(1 for count in ranked if count == 1) > 0.5 * len(ranked)
    assert drawn["的"] > drawn["是"] > drawn["人"]  # frequency follows the rank


def test_text_is_sentences_of_about_the_asked_length(words):
    text = words.text(random.Random(3), 200)
    assert 200 <= len(text) < 300
    assert text[-1] in "。！？"
    assert text.count("。") + text.count("！") + text.count("？") >= 3


def test_random_characters_use_only_the_frequent_characters(zh_text):
    text = zh_text.random_characters(random.Random(5), 500)
    assert set(text) <= set(zh_text.HAN) | {"。"}
    assert len(text) >= 500
