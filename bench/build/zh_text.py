"""Synthetic Chinese text for the build benchmarks: words as a blog uses them, or noise.

Two corpora, both seeded (the same text on every run):

- :class:`ZhWords`, the realistic one: sentences of real words drawn with a Zipf-like
  frequency (the weight of the word of rank ``r`` is ``1 / (r + 2)``), as in any natural
  text, where a few words (的, 是, 在) are most of the running text and most of the
  vocabulary is rare. The words are the most frequent single characters (the list below,
  in frequency order) followed by the phrases of pypinyin's dictionary (installed with the
  site: ``pypinyin/phrases_dict.json``, 47,000 words and idioms), two- and three-character
  words ranked before longer ones, each group shuffled with the seed. No text is copied:
  only the word list is used, and the sentences are random sequences of its words.
- :func:`random_characters`, the worst case kept from the first version of the bench:
  every character drawn uniformly from the list, so no two sentences share words the way
  real text does. Pagefind segments such text into far more distinct "words" than any blog
  has, and its index of a language lives in memory whole.
"""

from __future__ import annotations

import json
import random
from itertools import accumulate
from pathlib import Path

#: The most frequent characters of written Chinese, most frequent first.
HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处理世"
)


def random_characters(rng: random.Random, chars: int) -> str:
    """The worst case: sentences of 8 to 24 characters drawn uniformly from :data:`HAN`."""
    sentences: list[str] = []
    while sum(map(len, sentences)) < chars:
        sentences.append("".join(rng.choice(HAN) for _ in range(rng.randint(8, 24))) + "。")
    return "".join(sentences)


def _phrases() -> list[str]:
    """pypinyin's word list (its keys), read from the installed package's data file."""
    import pypinyin

    path = Path(pypinyin.__file__).with_name("phrases_dict.json")
    return sorted(json.loads(path.read_text(encoding="utf-8")))


class ZhWords:
    """Realistic text: Zipf-distributed words of a real vocabulary (see the module)."""

    def __init__(self, seed: int = 2009) -> None:
        shuffle = random.Random(seed)
        phrases = _phrases()
        short = [p for p in phrases if len(p) <= 3]
        long = [p for p in phrases if len(p) > 3]
        shuffle.shuffle(short)
        shuffle.shuffle(long)
        self.words = [*HAN, *short, *long]
        self._cumulative = list(accumulate(1 / (rank + 2) for rank in range(len(self.words))))

    def text(self, rng: random.Random, chars: int) -> str:
        """Sentences of 4 to 14 words, a comma now and then, up to ``chars`` characters."""
        sentences: list[str] = []
        length = 0
        while length < chars:
            count = rng.randint(4, 14)
            words = rng.choices(self.words, cum_weights=self._cumulative, k=count)
            if count > 8:
                words.insert(count // 2, "，")
            sentence = "".join(words) + rng.choice("。。。！？")
            sentences.append(sentence)
            length += len(sentence)
        return "".join(sentences)
