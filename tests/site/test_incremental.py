"""A rebuild after one edit gives byte for byte the output of a clean build.

The development settings cache what Markdown files read to and skip rendering pages whose
inputs did not change (``plugins/core/buildcache.py``). Each test here edits the sample
site in one way (a post, a session, a person, a translation, a template), rebuilds
incrementally into the output of the previous build, builds the same content from
scratch with both caches off, and compares the two trees. It also checks that the rebuild
left most pages alone, so the comparison is of the cache at work, not of a full render.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .sample import CONTENT, ROOT, pelican

pytestmark = pytest.mark.slow

THEME = ROOT / "themes" / "ruyi"


def _build(site: Path, output: Path, cache: Path, *, cached: bool, ok: bool = True) -> str:
    extra = {
        "PATH": str(site / "content"),
        "THEME": str(site / "theme"),
        "CACHE_PATH": str(cache),
        "RENDER_CACHE": cached,
        "CACHE_CONTENT": cached,
        "LOAD_CONTENT_CACHE": cached,
    }
    result = pelican(output, settings=extra)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    return result.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _last_build(cache: Path) -> dict[str, int]:
    (keys,) = cache.glob("render-*.json")
    return json.loads(keys.read_text(encoding="utf-8"))["last_build"]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_post(content: Path) -> None:
    path = content / "posts" / "micro-power-keynote.en.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nAn added closing paragraph.\n", encoding="utf-8"
    )


def _edit_session(content: Path) -> None:
    path = content / "editions" / "2009" / "sessions" / "micro-power.zh-Hans.md"
    _replace(path, "Title: 微动力", "Title: 微动力（修订）")
    path.write_text(path.read_text(encoding="utf-8") + "\n补充的一段说明。\n", encoding="utf-8")


def _edit_person(content: Path) -> None:
    path = content / "people" / "chen-mo.yaml"
    _replace(path, "en: Chen Mo", "en: Chen Mo (editor)")
    _replace(path, "zh-Hans: 前报社记者", "zh-Hans: 曾任报社记者")


def _edit_translation(content: Path) -> None:
    _replace(
        content / "posts" / "micro-power-keynote.fr.md",
        "Title: « Micro-puissance »",
        "Title: « Micro-puissance » (revu)",
    )


def _remove_translation(content: Path) -> None:
    (content / "posts" / "lianzhou-impressions.fr.md").unlink()


def _remove_session(content: Path) -> None:
    for path in (content / "editions" / "2009" / "sessions").glob("lunch.*.md"):
        path.unlink()


def _edit_template(site: Path) -> None:
    _replace(
        site / "theme" / "templates" / "article.html",
        '<article class="post h-entry">',
        '<article class="post h-entry" data-edited>',
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "post": lambda site: _edit_post(site / "content"),
    "session": lambda site: _edit_session(site / "content"),
    "person": lambda site: _edit_person(site / "content"),
    "translation": lambda site: _edit_translation(site / "content"),
    "removed translation": lambda site: _remove_translation(site / "content"),
    "removed session": lambda site: _remove_session(site / "content"),
    "template": _edit_template,
}
#: edits that leave the site's structure alone re-render only the pages that show them
LOCAL = {"post", "session", "person", "translation"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample content and theme, built once with the caches on."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(THEME, root / "theme")
    _build(root, root / "out", root / "cache", cached=True)
    return root


@pytest.mark.parametrize("edit", list(EDITS))
def test_rebuild_after_edit_equals_clean_build(site: Path, edit: str, tmp_path: Path):
    EDITS[edit](site)
    calendars = {p: p.stat().st_mtime_ns for p in (site / "out").rglob("sessions/*.ics")}
    _build(site, site / "out", site / "cache", cached=True)
    last = _last_build(site / "cache")
    if edit == "session":  # the other sessions' calendars are left as they were
        written = {p.name for p, mtime in calendars.items() if p.stat().st_mtime_ns != mtime}
        assert written == {"micro-power.ics"}, written
    _build(site, tmp_path / "clean", tmp_path / "cache", cached=False)
    incremental, clean = _tree(site / "out"), _tree(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []
    if edit in LOCAL:
        assert last["unchanged"] > last["rendered"], last


def test_a_session_with_a_problem_is_reported_on_every_build(site: Path):
    """Session files go through Pelican's reader cache too; one with a problem is never
    cached, so its error line comes back until it is fixed."""
    path = site / "content" / "editions" / "2009" / "sessions" / "micro-power.zh-Hans.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Type: keynote", "Type: keynote\nColour: red"), encoding="utf-8")
    try:
        first = _build(site, site / "out", site / "cache", cached=True, ok=False)
        again = _build(site, site / "out", site / "cache", cached=True, ok=False)
        assert "micro-power.zh-Hans.md:6: [Colour] unknown key" in first, first
        assert [line for line in again.splitlines() if "micro-power.zh-Hans.md" in line] == [
            line for line in first.splitlines() if "micro-power.zh-Hans.md" in line
        ]
    finally:
        path.write_text(good, encoding="utf-8")
    _build(site, site / "out", site / "cache", cached=True)
