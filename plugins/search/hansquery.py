"""Traditional queries on Simplified pages: OpenCC's dictionaries for the search page.

A reader types Simplified (连州) or Traditional (連州) characters whatever the tree. The
zh-Hans tree is written in Simplified only, so a Traditional query must become Simplified
before Pagefind looks it up. That conversion happens in the reader's browser
(``search.js``), on the query, with the dictionaries of OpenCC's ``tw2s`` and ``hk2s``
(Taiwan and Hong Kong variants, then Traditional to Simplified), which the build dumps
into a JSON table beside the zh-Hans search page.

Converting the query, not the index, is how the index stays one script: the earlier way
(:mod:`.scripts`, still used for a converted zh-Hant tree and when the table cannot be
made) appended every page's sentences in the other script to its index copy. That
doubled each Chinese page's distinct words, and with them the Chinese Pagefind run's
time and peak memory (6.7 s and 627 MiB against 3.6 s and 380 MiB on the 1,000-post
bench site, ``docs/benchmarks.md``). It also showed excerpts of text that is not on the
page. Traditional to Simplified is nearly a function of the characters (OpenCC needs 477
phrases for its exceptions, such as 乾隆, whose 乾 is not 干), so the query converts
well; Simplified to Traditional is not (发 is 發 or 髮 by its word), which is why a
zh-Hant tree keeps its index-time second script.

The table is OpenCC's own data, dumped with ``opencc_dict``, the dictionary tool its
Python package ships (36 KB compressed; the zh-Hans search page alone fetches it). The
browser side applies it as OpenCC does (each stage a longest match over phrases and
characters, stages in order): about 30 lines in ``theme/js/hans.js``, because OpenCC has
no browser build of its own and the JavaScript port (opencc-js) would add its own copy of
every dictionary, some 1 MB, to the search page. OpenCC's normalization of the CJK
compatibility ideographs (U+F900 block, which input methods do not type) is left out.
"""

from __future__ import annotations

import json
import logging
import subprocess
import tempfile
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

#: The conversion stages, in order, each a group of OpenCC dictionaries matched together
#: (longest match first): Taiwan and Hong Kong variants to OpenCC's standard Traditional,
#: then Traditional to Simplified (``tw2s.json`` and ``hk2s.json``'s conversion chains;
#: their first stage differs only by region, and one table serves both).
STAGES = (
    ("TWVariantsRevPhrases", "HKVariantsRevPhrases", "TWVariantsRev", "HKVariantsRev"),
    ("TSPhrases", "TSCharactersExt", "TSCharacters"),
)

#: What the table's format is; a search page reading another one converts nothing.
FORMAT = 1


def _opencc_files() -> tuple[Path, Path] | None:
    """OpenCC's ``opencc_dict`` tool and its dictionary folder, or None when the installed
    OpenCC has no such files (a build without them: the package's wheels ship both)."""
    try:
        import opencc
    except ImportError:
        return None
    clib = Path(opencc.__file__).parent / "clib"
    tool, share = clib / "bin" / "opencc_dict", clib / "share" / "opencc"
    names = {name for stage in STAGES for name in stage}
    if not tool.is_file() or not all((share / f"{name}.ocd2").is_file() for name in names):
        return None
    return tool, share


def _dump(tool: Path, dictionary: Path, folder: Path) -> dict[str, str]:
    """One OpenCC dictionary as ``{text: its conversion}`` (the first candidate, as OpenCC
    converts)."""
    target = folder / f"{dictionary.stem}.txt"
    subprocess.run(
        [str(tool), "-i", str(dictionary), "-o", str(target), "-f", "ocd2", "-t", "text"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    entries = {}
    for line in target.read_text(encoding="utf-8").splitlines():
        source, _, candidates = line.partition("\t")
        if source and candidates.split():
            entries[source] = candidates.split()[0]
    return entries


@cache
def table() -> dict | None:
    """The query table: ``{"format": 1, "stages": [{text: conversion}, ...]}``, or None
    when OpenCC or its files are missing (Chinese is then indexed in both scripts).

    A stage keeps every phrase, even one converted to itself (乾隆 stops the character
    乾 from becoming 干), and only the characters that change."""
    found = _opencc_files()
    if found is None:
        return None
    tool, share = found
    stages = []
    try:
        with tempfile.TemporaryDirectory(prefix="opencc-") as scratch:
            for stage in STAGES:
                merged: dict[str, str] = {}
                for name in stage:  # earlier dictionaries win, as in OpenCC's groups
                    dumped = _dump(tool, share / f"{name}.ocd2", Path(scratch))
                    for source, target in dumped.items():
                        if len(source) > 1 or source != target:
                            merged.setdefault(source, target)
                stages.append(dict(sorted(merged.items())))
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning(
            "search: OpenCC's dictionaries could not be read (%s); Chinese is "
            "indexed in both scripts",
            exc,
        )
        return None
    return {"format": FORMAT, "stages": stages}


def available() -> bool:
    """Whether Traditional queries are converted (the table can be made): then the index
    holds Simplified pages in their own script only (:mod:`.scripts`)."""
    return table() is not None


def opencc_version() -> str:
    """The installed OpenCC's version ('' without it): the table's only input."""
    try:
        import opencc
    except ImportError:
        return ""
    return str(opencc.__version__)


def table_json() -> str | None:
    """:func:`table` as the compact JSON the search page fetches."""
    found = table()
    if found is None:
        return None
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))
