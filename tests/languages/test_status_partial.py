"""Unit tests: ``i18n-status`` tells a partial translation (title only) from a complete one."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pelican.settings import read_settings
from rich.console import Console

from plugins.languages.report import print_status
from plugins.languages.status import MISSING, ORIGINAL, PARTIAL, TRANSLATED, content_status

from .conftest import CONTENT, ROOT


def _settings(content: Path):
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


def _partial_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "editions/2008/sessions/disaster-relief.en.md").write_text(
        "Title: Networks and disaster relief\n", "utf-8"
    )
    (content / "posts/translating-bloggers.fr.md").write_text(
        "Title: Traduire les blogueurs\nDate: 2009-11-20 10:00\nAuthors: lin-xiao\n\n\n", "utf-8"
    )
    return content


def test_title_only_translations_are_partial(tmp_path: Path):
    items = {(i.kind, i.id): i for i in content_status(_settings(_partial_content(tmp_path)))}
    session = items[("session", "2008/disaster-relief")]
    assert session.states == {"zh-Hans": ORIGINAL, "en": PARTIAL, "fr": MISSING}
    assert session.lacking == {"en": ("abstract",)}
    post = items[("post", "translating-bloggers")]
    assert post.states["fr"] == PARTIAL and post.lacking["fr"] == ("body",)
    assert post.states["en"] == TRANSLATED and not post.complete
    assert items[("post", "call-for-participation")].complete


def _drop_missing(content: Path, settings) -> None:
    """Delete every item some language lacks, so only partial translations remain."""
    for item in content_status(settings):
        if MISSING not in item.states.values():
            continue
        if item.kind == "session":
            edition, name = item.id.split("/")
            folder, stem = content / "editions" / edition / "sessions", name
        else:
            folder, stem = content / f"{item.kind}s", item.id
        for path in folder.glob(f"{stem}.*.md"):
            path.unlink()


def _strict(settings) -> tuple[int, str]:
    out = io.StringIO()
    console = Console(file=out, width=300, color_system=None)
    code = print_status(settings, ROOT, ROOT / "babel.cfg", strict=True, console=console)
    return code, out.getvalue()


def test_strict_fails_on_partial_alone(tmp_path: Path):
    content = _partial_content(tmp_path)
    (content / "posts/translating-bloggers.fr.md").unlink()
    (content / "editions/2008/sessions/disaster-relief.fr.md").write_text(
        "Title: Réseaux et secours\n\nLe résumé traduit.\n", "utf-8"
    )
    settings = _settings(content)
    _drop_missing(content, settings)
    items = content_status(settings)
    assert [i.id for i in items if not i.complete] == ["2008/disaster-relief"]
    code, printed = _strict(settings)
    assert code == 1
    assert "partial (no abstract)" in printed and "1 partial" in printed
    (content / "editions/2008/sessions/disaster-relief.en.md").write_text(
        "Title: Networks and disaster relief\n\nThe abstract, translated.\n", "utf-8"
    )
    assert all(i.complete for i in content_status(settings))
    assert _strict(settings)[0] == 0


def test_title_only_original_in_the_default_language_is_partial(tmp_path: Path):
    """A default-language file that gives only a title is the original, yet its readers
    see another language's body: it is partial, and ``--strict`` fails on it."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "posts/lianzhou-impressions.zh-Hans.md").write_text(
        "Title: 连州行记\nDate: 2009-11-20 18:30\nAuthors: marie-dubois\n", "utf-8"
    )
    (content / "editions/2008/sessions/opening.zh-Hans.md").write_text(
        "Title: 开幕\nStart: 2008-11-15 09:30\nEnd: 2008-11-15 10:30\nRoom: main-hall\n"
        "Type: keynote\nSpeakers: zhou-yun\n",
        "utf-8",
    )
    settings = _settings(content)
    items = {(i.kind, i.id): i for i in content_status(settings)}
    post = items[("post", "lianzhou-impressions")]
    assert post.original == "zh-Hans"
    assert post.states == {"zh-Hans": PARTIAL, "en": TRANSLATED, "fr": TRANSLATED}
    assert post.lacking == {"zh-Hans": ("body",)} and not post.complete
    session = items[("session", "2008/opening")]
    assert session.states == {"zh-Hans": PARTIAL, "en": TRANSLATED, "fr": MISSING}
    assert session.lacking == {"zh-Hans": ("abstract",)}

    _drop_missing(content, settings)
    code, printed = _strict(settings)
    assert code == 1
    assert "original, partial (no body)" in printed
    assert "zh-Hans: 0 of " in printed and " missing, 1 partial" in printed
