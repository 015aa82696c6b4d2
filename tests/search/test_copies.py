"""Index copies kept by page (plugins/search/copies.py): a rebuild prepares only the pages
whose bytes are new, and the bundle is still a clean indexing's."""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from pathlib import Path

from plugins.search import copies as copies_module
from plugins.search import ideographs
from plugins.search.copies import GRACE, CopyCache
from plugins.search.index import run_pagefind
from plugins.search.settings import SearchSettings
from plugins.search.shards import Page

from .test_search import trilingual as trilingual  # a fixture
from .test_shards import _digests


def _counting(monkeypatch) -> list[str]:
    """Record the page of every index copy made (not linked from the cache or the output)."""
    made: list[str] = []
    real = copies_module.copy_page

    def copy_page(source, target, html):
        result = real(source, target, html)
        if not copies_module._same_file(Path(source), Path(target)):
            made.append(Path(source).as_posix())
        return result

    monkeypatch.setattr(copies_module, "copy_page", copy_page)
    return made


def test_a_rebuild_prepares_only_the_pages_that_changed(trilingual, tmp_path, monkeypatch):
    output = trilingual.build()
    config = SearchSettings.read({})
    cache = tmp_path / "cache"
    made = _counting(monkeypatch)
    run_pagefind(output, config, str(cache))
    first = len(made)
    kept = list((cache / "search-copies").rglob("*.html"))
    # the English and French pages with Chinese in them are spaced (.ideographs), and kept;
    # the Chinese pages are indexed as they are (a Traditional query is converted instead)
    assert first > 10 and kept
    assert not any("/zh-hans/" in path for path in made)
    # a French page edited: its language indexed again, only that page's copy made
    page = output / "fr" / "posts" / "lianzhou-notes.html"
    assert "flâné" in page.read_text()
    assert ideographs._ANY.search(page.read_text())  # it has Chinese (the menus'): spaced
    page.write_text(page.read_text().replace("flâné", "marché", 1), encoding="utf-8")
    run_pagefind(output, config, str(cache))
    assert made[first:] == [page.as_posix()]
    # a Chinese page edited: indexed again, nothing to make
    chinese = output / "zh-hans" / "posts" / "lianzhou-notes.html"
    assert "连州" in chinese.read_text()
    chinese.write_text(chinese.read_text().replace("连州", "连州市", 1), encoding="utf-8")
    run_pagefind(output, config, str(cache))
    assert made[first:] == [page.as_posix()]
    incremental = _digests(output / "pagefind")
    # the bundle a clean indexing writes, with no cache at all
    clean = tmp_path / "clean"
    shutil.copytree(output, clean)
    shutil.rmtree(clean / "pagefind")
    run_pagefind(clean, config)
    assert _digests(clean / "pagefind") == incremental
    # the kept copies are files of their own: nothing the output or the index copy does
    # changes them (they are linked, never written in place)
    for path in kept:
        assert path.is_file() and path.stat().st_nlink >= 1


def test_kept_copies_unused_for_a_while_are_deleted(tmp_path):
    output, site = tmp_path / "out", tmp_path / "site"
    page = output / "zh-hant" / "a.html"  # a converted tree's page: copied with Simplified
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh-Hant"><main data-pagefind-body>後來的發展</main>', "utf-8")
    cache = CopyCache(tmp_path / "copies", "salt")
    cache.fill(output, [Page("zh-hant/a.html", "d1")], site)
    assert (cache.made, cache.reused) == (1, 0)
    cache.fill(output, [Page("zh-hant/a.html", "d1")], tmp_path / "site2")
    assert (cache.made, cache.reused) == (1, 1)
    (kept,) = (tmp_path / "copies").rglob("*.html")
    stale = kept.with_name("d2.html")
    stale.write_text("old", encoding="utf-8")
    other_salt = tmp_path / "copies" / "0123456789abcdef"
    other_salt.mkdir()
    old = time.time() - GRACE - 10
    for path in (stale, other_salt):
        os.utime(path, (old, old))
    cache.prune()
    assert kept.is_file() and not stale.exists() and not other_salt.exists()


def test_a_copy_kept_across_file_systems_is_a_normal_file(tmp_path, monkeypatch):
    """Where a link cannot be made, the copy is written beside and renamed, with the
    permissions of any file written under the umask (not a private temporary's)."""
    output, site = tmp_path / "out", tmp_path / "site"
    page = output / "zh-hant" / "a.html"  # a converted tree's page: copied with Simplified
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh-Hant"><main data-pagefind-body>後來的發展</main>', "utf-8")
    real_link = os.link

    def link(source, target):
        if "copies" in str(target):
            raise OSError("cross-device link")
        return real_link(source, target)

    monkeypatch.setattr(copies_module.os, "link", link)
    CopyCache(tmp_path / "copies", "salt").fill(output, [Page("zh-hant/a.html", "d1")], site)
    (kept,) = (tmp_path / "copies").rglob("*.html")
    assert kept.read_bytes() == (site / "zh-hant" / "a.html").read_bytes()
    assert "后来" in kept.read_text("utf-8")  # the other script's sentences
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o666 & ~umask
    assert not list(kept.parent.glob(".new-*"))


def test_chinese_before_the_indexed_element_needs_no_copy(trilingual, tmp_path, monkeypatch):
    """English and French pages whose Chinese is only in the menus (the language
    switcher's 中文) are linked, not spaced, and the bundle is byte for byte the one the
    spaced copies gave."""
    output = trilingual.build()
    menus_only = []
    for path in sorted([*output.glob("en/**/*.html"), *output.glob("fr/**/*.html")]):
        page = path.read_text("utf-8")
        marker = page.find(ideographs.MARKER)
        before, after = page[: max(marker, 0)], page[max(marker, 0) :]
        if marker >= 0 and ideographs._ANY.search(before) and not ideographs._ANY.search(after):
            menus_only.append(path.as_posix())
    assert len(menus_only) >= 5, menus_only
    config = SearchSettings.read({})
    made = _counting(monkeypatch)
    run_pagefind(output, config)
    linked = _digests(output / "pagefind")
    assert made and not set(menus_only) & set(made)

    anywhere = re.compile(ideographs._IDEOGRAPH)

    class Anywhere:  # the test before this change: ideographs anywhere in the page
        def search(self, text, start=0):
            return anywhere.search(text)

    monkeypatch.setattr(ideographs, "_ANY", Anywhere())
    run_pagefind(output, config)
    assert set(menus_only) <= set(made)
    assert _digests(output / "pagefind") == linked
