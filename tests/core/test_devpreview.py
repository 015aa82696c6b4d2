"""``invoke dev``'s fast preview (plugins/core/devpreview.py): a saved Markdown file's
pages are re-rendered by the last good build's process before the full build, which then
leaves the site a clean build's; anything the preview cannot do falls back to the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from plugins.core.buildcache import last_build
from plugins.core.devbuild import Builder
from tests.conftest import ROOT, FixtureSite
from tests.core.test_devserver import SETTINGS, get, running_dev

PAGE = "en/posts/report.html"


def since(lines: list[str], start: int) -> list[str]:
    return lines[start:]


def save_and_preview(site, stream, lines: list[str], name: str, added: str) -> list[str]:
    """Append ``added`` to the content file ``name`` once the first build is published;
    the console lines up to the preview's event, which must come before the build's."""
    assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
    start = len(lines)
    site.write(name, site.path(name).read_text() + added)
    assert stream.until("preview", "reload", "failed", "unchanged")[0] == "preview", lines
    return since(lines, start)


def clean_build(tmp_path: Path) -> Path:
    """The fixture site built from scratch with the dev loop's settings file."""
    out, cache = tmp_path / "clean", tmp_path / "clean-cache"
    command = [sys.executable, "-m", "pelican", "-s", str(tmp_path / "devconf.py")]
    command += ["-o", str(out), "-e", f'CACHE_PATH="{cache}"', "LOAD_CONTENT_CACHE=false"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_saved_post_shows_in_its_page_before_the_full_build_then_as_a_clean_build(tmp_path):
    with running_dev(tmp_path) as (site, output, stream, url, lines):
        # the preview's reload comes first: the page holds the edit, the build is not done
        said = save_and_preview(
            site, stream, lines, "posts/report.en.md", "\nPreviewed <script>x()</script>.\n"
        )
        assert any(line.startswith("Previewed in ") and PAGE in line for line in said), said
        assert not any(line.startswith("Built in ") for line in said), said
        previewed = (output / PAGE).read_bytes()
        assert b"Previewed" in previewed and b"<script>x()" not in previewed  # sanitized
        assert b"Previewed" in get(url, "/" + PAGE)[2]
        # then the full build, which leaves the site exactly a clean build's
        builds = sum(line.startswith("Built in ") for line in lines)
        assert stream.until("reload", "failed", "unchanged")[0] in ("reload", "unchanged")
        assert sum(line.startswith("Built in ") for line in lines) > builds, lines
        clean = tree(clean_build(tmp_path))
        assert tree(output) == clean
        assert (output / PAGE).read_bytes() == clean[PAGE]
        # the preview left the render cache alone: the full build rendered what changed only
        counts = last_build(tmp_path, output.with_name("output.dev"), str(tmp_path / "cache"))
        assert counts is not None and 0 < counts["rendered"] < counts["unchanged"], counts


def test_a_broken_file_or_a_yaml_change_falls_back_to_the_full_build(tmp_path):
    with running_dev(tmp_path) as (site, output, stream, _url, lines):
        assert stream.until("reload", "failed", "unchanged")[0] == "reload", lines
        before = (output / PAGE).read_bytes()
        start = len(lines)
        broken = site.path("posts/report.en.md").read_text().replace("alice, bob", "alice, nobody")
        site.write("posts/report.en.md", broken + "\nNot shown.\n")
        assert stream.until("preview", "reload", "failed", "unchanged")[0] == "failed", lines
        said = since(lines, start)
        assert any(line.startswith("Preview skipped") for line in said), said
        assert not any(line.startswith("Previewed") for line in said), said
        assert (output / PAGE).read_bytes() == before  # nothing half-written or previewed

        site.write("posts/report.en.md", broken.replace("alice, nobody", "alice, bob"))
        assert stream.until("reload", "failed", "unchanged")[0] != "failed", lines
        start = len(lines)
        edition = site.path("editions/2009/edition.yaml")
        site.write("editions/2009/edition.yaml", edition.read_text() + "\n")
        assert stream.until("reload", "failed", "unchanged")[0] in ("reload", "unchanged")
        said = since(lines, start)
        assert not any(line.startswith(("Preview", "Previewed")) for line in said), said


def test_a_saved_session_text_previews_every_tree_that_shows_it(tmp_path):
    """``tools`` is given in Chinese only: its text is shown by the session page of both
    language, and the preview re-renders them all."""
    with running_dev(tmp_path) as (site, output, stream, _url, lines):
        name = "editions/2009/sessions/tools.zh-Hans.md"
        said = save_and_preview(site, stream, lines, name, "\n新的摘要。\n")
        previewed = [line for line in said if line.startswith("Previewed in ")]
        assert previewed and "2 page(s)" in previewed[0], said
        for tree in ("zh-hans", "en"):
            page = output / tree / "editions" / "2009" / "sessions" / "tools.html"
            assert "新的摘要" in page.read_text(encoding="utf-8"), tree
        assert stream.until("reload", "failed", "unchanged")[0] in ("reload", "unchanged")


def test_the_warm_process_serves_a_site_outside_the_repository(tmp_path):
    """A project beside the plugins (a bench's scratch site): the warm process imports
    the preview once the settings put the plugins on the path, and stays up between builds
    (it did not: each build then fell back to a fresh interpreter, with a preview never)."""
    site = FixtureSite(tmp_path / "site")
    settings = tmp_path / "devconf.py"
    settings.write_text(
        SETTINGS.format(root=str(ROOT), content=str(site.content), cache=str(tmp_path / "cache")),
        encoding="utf-8",
    )
    builder = Builder(tmp_path, settings, tmp_path / "output", say=lambda _line: None, index=False)
    try:
        warm = builder._warm
        assert builder.build().ok and builder._warm is warm
        source = site.path("posts/report.en.md")
        site.write("posts/report.en.md", source.read_text() + "\nOutside.\n")
        previewed = builder.preview([str(source)])
        assert previewed.written == [PAGE], previewed
        assert builder.build().ok and builder._warm is warm
    finally:
        builder.close()
