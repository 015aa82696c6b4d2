"""The language each imported talk is given in, and the language tree its file goes in.

In order of trust: the language the source gives; else ``--language``; else the language
detected from the talk's title and abstract (:mod:`plugins.core.langid`). A talk whose
text is too short or ambiguous takes the language most talks of the same schedule were
detected in, else the site's default. The spoken language may be outside the site's
languages (``de`` on a zh-Hans/en/fr site): its file then goes in the tree of
``--language``, else of the default language, and says ``Language: de``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from plugins.core.langtags import LanguageSet

from .model import SourceEvent
from .texts import plain

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
#: How much of a talk's text detection reads (title first)
SAMPLE = 1000


@dataclass(frozen=True)
class TalkLanguage:
    """``spoken``: the ``Language:`` of the talk; ``tree``: the site language of its file;
    ``how``: ``source``, ``--language``, ``detected`` or ``undetermined``."""

    spoken: str
    tree: str
    how: str


def normalize_tag(value: str) -> str | None:
    """A BCP 47 tag in its usual case (``de``, ``zh-Hant``, ``pt-BR``), or None."""
    tag = value.strip().replace("_", "-")
    if not _TAG.match(tag):
        return None
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(
            part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower()
        )
    return "-".join(out)


def site_match(tag: str, languages: LanguageSet) -> str | None:
    """The site language ``tag`` is written in: the same tag; a regional variant of a
    site language (``fr-CA`` → ``fr``); bare ``zh`` → the first Chinese site language."""
    found = languages.get(tag)
    if found is not None:
        return found.tag
    primary = tag.split("-")[0]
    for language in languages:
        if language.tag == primary or (tag == primary and language.tag.startswith(tag + "-")):
            return language.tag
    return None


def _sample(event: SourceEvent) -> str:
    # not the subtitle: FOSDEM puts the speaker's name there
    text = " ".join(t for t in (event.title, event.abstract or event.description) if t)
    return plain(text)[:SAMPLE]


def assign_languages(
    events: list[SourceEvent],
    languages: LanguageSet,
    override: str | None,
    detect: Callable[[str], str | None],
) -> list[TalkLanguage]:
    """One :class:`TalkLanguage` per event, in order (``override`` is a site tag)."""
    spoken: list[tuple[str | None, str]] = []
    for event in events:
        given = normalize_tag(event.language) if event.language else None
        if given:
            spoken.append((site_match(given, languages) or given, "source"))
        elif override:
            spoken.append((override, "--language"))
        else:
            found = detect(_sample(event))
            spoken.append(
                (
                    site_match(found, languages) or found if found else None,
                    "detected" if found else "undetermined",
                )
            )
    detected = Counter(tag for tag, how in spoken if how == "detected")
    usual = detected.most_common(1)[0][0] if detected else languages.default.tag
    result = []
    for tag, how in spoken:
        tag = tag or usual
        tree = site_match(tag, languages) or override or languages.default.tag
        result.append(TalkLanguage(tag, tree, how))
    return result


def language_summary(assigned: list[TalkLanguage]) -> str:
    """``en 770, de 2 (detected 764, undetermined 8)``: talks per language, then how."""
    by_tag = Counter(a.spoken for a in assigned).most_common()
    by_how = Counter(a.how for a in assigned).most_common()
    return (
        ", ".join(f"{tag} {count}" for tag, count in by_tag)
        + " ("
        + ", ".join(f"{how} {count}" for how, count in by_how)
        + ")"
    )
