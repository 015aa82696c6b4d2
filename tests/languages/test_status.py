"""Unit tests: the translators' report reads the sample content and catalogs."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pelican.settings import read_settings
from rich.console import Console

from plugins.languages.report import print_status
from plugins.languages.status import MISSING, ORIGINAL, TRANSLATED, content_status

from .conftest import CONTENT, ROOT


def _settings(content: Path):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def test_sessions_posts_and_pages_by_language():
    items = {(i.kind, i.id): i.states for i in content_status(_settings(CONTENT))}
    assert items[("session", "2008/disaster-relief")] == {
        "zh-Hans": ORIGINAL,
        "en": MISSING,
        "fr": MISSING,
    }
    assert items[("session", "2008/opening")] == {
        "zh-Hans": ORIGINAL,
        "en": TRANSLATED,
        "fr": MISSING,
    }
    assert items[("post", "call-for-participation")]["fr"] == TRANSLATED
    assert items[("page", "about")]["en"] == TRANSLATED


def test_original_without_default_language(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "posts/lianzhou-impressions.zh-Hans.md").unlink()
    items = {(i.kind, i.id): i.states for i in content_status(_settings(content))}
    assert items[("post", "lianzhou-impressions")] == {
        "zh-Hans": MISSING,
        "en": ORIGINAL,
        "fr": TRANSLATED,
    }


def test_strict_fails_when_something_is_missing():
    out = io.StringIO()
    console = Console(file=out, width=200)
    code = print_status(_settings(CONTENT), ROOT, ROOT / "babel.cfg", strict=True, console=console)
    assert code == 1  # the 2008 sessions are not translated
    assert "disaster-relief" in out.getvalue() and "UI catalogs" in out.getvalue()
    assert print_status(_settings(CONTENT), ROOT, ROOT / "babel.cfg", console=console) == 0
