"""Chinese and Japanese text inside pages of other languages, made findable.

Pagefind splits its index by each page's ``<html lang>`` and segments text into words
only for languages written without spaces (``zh``, ``ja``, ``th``, with the extended
binary). In an English or French page it splits on whitespace, so a Chinese quotation
there (a roundup quote in its original language, a participant's post title) becomes one
long "word" that no search finds, though it carries ``lang="zh-Hans"``: Pagefind does
not look at an element's own ``lang``.

So Pagefind reads an *index copy* of the output's HTML in which, in pages of the other
languages only, a space separates every two neighbouring ideographs or kana (outside
tags). Each character is then a word of that language's index, which needs no
dictionary, and the search page (``search.js``) turns a Chinese query on those pages into
the phrase of its characters, so what matches is the text as written (the classic
unigram indexing of CJK search engines). The published files are never changed; the
excerpts join the characters again in the browser. Pages in a segmented language are
linked into the copy unchanged, except Chinese pages, which get their text's other
script too (:mod:`.scripts`).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from .scripts import with_other_script

#: Primary language subtags whose pages Pagefind's extended build segments itself.
SEGMENTED = frozenset({"zh", "ja", "th"})

# Han (with its extensions and compatibility block) and kana: scripts written without
# spaces between words. Hangul is written with spaces and is left alone.
_IDEOGRAPH = (
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
# ... and the punctuation that goes with them (CJK symbols, full-width forms), split off
# too, so "人，连" is three words and not one that only its first character finds.
_CJK = _IDEOGRAPH[:-1] + "\u3000-\u303f\uff01-\uff65]"
_BETWEEN = re.compile(f"(?<={_CJK})(?={_CJK})")
_ANY = re.compile(_IDEOGRAPH)
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z0-9-]+)""", re.I)


def page_language(html: str) -> str:
    """The primary subtag of the page's ``<html lang>``, lower-cased ('' when absent)."""
    return page_tag(html).split("-")[0]


def page_tag(html: str) -> str:
    """The page's whole ``<html lang>``, lower-cased as Pagefind keys its indexes ('' when
    absent)."""
    found = _HTML_LANG.search(html[:4096])
    return found.group(1).lower() if found else ""


def spaced(html: str) -> str:
    """``html`` with a space between every two neighbouring ideographs, kana or CJK
    punctuation marks in its text (never inside a tag or a comment)."""
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # text between tags: the even items
        if _ANY.search(parts[index]):
            parts[index] = _BETWEEN.sub(" ", parts[index])
    return "".join(parts)


def index_copy(output: Path, copy: Path, skip: str) -> int:
    """Write the index copy of ``output``'s HTML files (all but those under ``skip``) into
    ``copy``; returns how many were spaced. Unchanged pages are hard links where the file
    system allows, else copies.

    Pages without ``data-pagefind-body`` (listings, tag pages, fallbacks) are left out
    when some page has it: Pagefind would read them only to index nothing (it indexes
    only marked pages once one is marked), and on a large site they are half its files.
    A site whose theme marks no page gets them all, as Pagefind then indexes every page.
    """
    changed = marked = 0
    unmarked: list[tuple[Path, Path]] = []
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output)
        if relative.parts[0] == skip or not path.is_file():
            continue
        html = _read(path)
        if MARKER in html:
            marked += 1
            changed += copy_page(path, copy / relative, html)
        else:
            unmarked.append((path, copy / relative))
    if not marked:  # no page is marked: Pagefind indexes them all
        changed += sum(copy_page(path, target, _read(path)) for path, target in unmarked)
    return changed


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def copy_page(path: Path, target: Path, html: str) -> bool:
    """Put one page into the index copy: spaced (True) where it is of an unsegmented
    language and has ideographs where Pagefind reads, else linked as it is (False).

    Pagefind reads a marked page from its ``data-pagefind-body`` element on, so
    ideographs before it (the language switcher's 中文 on every English and French page)
    need no copy: spacing them would change nothing Pagefind indexes, and on the 1,000-post
    bench site it made 2,000 copies of English and French pages for nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    read_from = max(html.find(MARKER), 0)
    if page_language(html) not in SEGMENTED and _ANY.search(html, read_from):
        target.write_text(spaced(html), encoding="utf-8")
        return True
    both = with_other_script(html)  # a Chinese page: found in either script (.scripts)
    if both is not html:
        target.write_text(both, encoding="utf-8")
        return False
    try:
        os.link(path, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(path, target)
    return False


#: The attribute that marks what Pagefind indexes.
MARKER = "data-pagefind-body"
