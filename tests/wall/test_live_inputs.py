"""A live round whose inputs did not change builds nothing; one whose inputs changed gives
the output of a clean build, byte for byte (:mod:`plugins.core.inputstamp`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.wall import live
from tests.conference.test_problems import as_project

pytestmark = pytest.mark.slow

#: search off: Pagefind's index is not what these tests are about, and it is slow
SETTINGS = "\nSEARCH_ENABLED = False\n"


@pytest.fixture
def project(site):
    as_project(site)
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(SETTINGS)
    return site


def _round(site, warm: live.WarmBuilds | None = None) -> live.Built:
    built = live.build(site.root, site.root / "pelicanconf.py", site.output, warm=warm)
    assert not isinstance(built, int), f"build failed with status {built}"
    return built


@pytest.fixture
def warm(project):
    """The warm build process of ``invoke live``'s loop, stopped after the test."""
    builds = live.WarmBuilds(project.root, project.root / "pelicanconf.py")
    yield builds
    builds.stop()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _clean_build(site, into: Path) -> dict[str, bytes]:
    """The same site built from scratch, both caches off."""
    command = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(into)]
    command += ["--fatal", "warnings", "-q", "-e", "CACHE_CONTENT=false"]
    command += ["LOAD_CONTENT_CACHE=false", "RENDER_CACHE=false", f'CACHE_PATH="{into}.cache"']
    subprocess.run(command, cwd=site.root, check=True, stdout=subprocess.DEVNULL)
    return _tree(into)


def _times(folder: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _edit_post(site) -> None:
    path = site.path("posts/report.en.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")


def _edit_session(site) -> None:
    path = site.path("editions/2009/sessions/tools.zh-Hans.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("10:00", "10:15"), encoding="utf-8")


def _edit_person(site) -> None:
    path = site.path("people/bob.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("鲍勃", "鲍伯"), encoding="utf-8")


def _edit_edition(site) -> None:
    path = site.path("editions/2009/edition.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("organizers: [alice]", "organizers: [alice, carol]"), "utf-8")


def _edit_organizer(site) -> None:
    """An organizer who speaks nowhere: every session page names them (JSON-LD)."""
    path = site.path("people/carol.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("Carol", "Caroline"), "utf-8")


def _edit_setting(site) -> None:
    with open(site.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write("CONFERENCE_HOME_POSTS = 0\n")


EDITS = {
    "post": _edit_post,
    "session": _edit_session,
    "person": _edit_person,
    "edition": _edit_edition,
    "organizer": _edit_organizer,
    "setting": _edit_setting,
}


def test_rounds_skip_unchanged_inputs_and_equal_clean_builds(project, tmp_path, warm):
    # in forks of the warm process, as the loop builds (the other tests here build in a
    # fresh interpreter, the fallback)
    first = _round(project, warm)
    assert not first.skipped and first.changed
    times = _times(project.output)
    again = _round(project, warm)
    assert again.skipped and not again.changed and not again.removed
    assert _times(project.output) == times  # nothing rewritten
    staging = Path(f"{project.output}.live")
    for number, (what, edit) in enumerate(EDITS.items()):
        exports = _times(staging / "editions")
        edit(project)
        built = _round(project, warm)
        assert not built.skipped, what
        assert built.changed, what
        if what == "post":  # the schedule's files do not show posts: left as they were
            assert _times(staging / "editions") == exports
        if what == "organizer":
            assert b"Caroline" in (staging / "en/editions/2009/sessions/tools.html").read_bytes()
        clean = _clean_build(project, tmp_path / f"clean-{number}")
        assert _tree(project.output) == clean, f"after editing a {what}"
        assert _round(project, warm).skipped, f"the round after editing a {what}"
    assert warm.pid is not None  # the rounds were built in its forks


#: A plugin of the fixture project whose code shows in the output: a fresh process must
#: import it again when it is edited.
MARKER_PLUGIN = """
from pathlib import Path

from pelican import signals

MARK = {mark!r}


def _mark(pelican):
    Path(pelican.output_path, "marker.txt").write_text(MARK, encoding="utf-8")


def register():
    signals.finalized.connect(_mark)
"""


def test_warm_builds_start_again_when_python_code_changes(project, warm):
    plugin = project.root / "marker_plugin.py"
    plugin.write_text(MARKER_PLUGIN.format(mark="first"), encoding="utf-8")
    with open(project.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('PLUGINS = [*PLUGINS, "marker_plugin"]\n')
    _round(project, warm)
    assert (project.output / "marker.txt").read_text(encoding="utf-8") == "first"
    first = warm.pid
    _edit_post(project)  # content only: the same process builds
    _round(project, warm)
    assert warm.pid == first
    plugin.write_text(MARKER_PLUGIN.format(mark="second"), encoding="utf-8")
    assert not _round(project, warm).skipped
    assert (project.output / "marker.txt").read_text(encoding="utf-8") == "second"
    assert warm.pid not in (None, first)


def test_a_dead_warm_process_is_replaced(project, warm):
    _round(project, warm)
    first = warm.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert warm.warm is not None
    warm.warm.process.wait()
    _edit_post(project)
    built = _round(project, warm)
    assert not built.skipped and "A line added." in project.read("en/posts/report.html")
    assert warm.pid not in (None, first)


def test_a_warm_process_that_cannot_start_leaves_the_round_to_a_fresh_one(project, warm, capfd):
    # the warm process imports the settings' plugins: one that fails to import ends it,
    # without a traceback, and the round builds in a fresh interpreter, as rounds did
    # before the warm process (Pelican there skips a plugin it cannot import)
    with open(project.root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('PLUGINS = [*PLUGINS, "no_such_plugin_here"]\n')
    built = _round(project, warm)
    assert not built.skipped and built.changed
    assert warm.warm is None
    assert "Traceback" not in capfd.readouterr().err


def test_an_output_written_by_another_build_is_mirrored_again(project):
    _round(project)
    page = project.output / "en/editions/2009/index.html"
    built = page.read_bytes()
    page.write_bytes(b"written by invoke build with other settings")
    (project.output / "stray.html").write_text("left by another build", encoding="utf-8")
    again = _round(project)
    assert again.skipped  # the site's inputs did not change: no build...
    assert again.changed == ["en/editions/2009/index.html"]  # ...but the folder is mirrored
    assert again.removed == ["stray.html"]
    assert page.read_bytes() == built


def test_the_staging_folder_changed_or_gone_is_built_again(project):
    _round(project)
    staging = Path(f"{project.output}.live")
    (staging / "en/editions/2009/index.html").write_text("damaged", encoding="utf-8")
    assert not _round(project).skipped
    assert "damaged" not in project.read("en/editions/2009/index.html")
    live._discard(project.output)  # as after an interrupted build
    assert not staging.exists()
    assert not _round(project).skipped


def test_inputs_outside_the_project_count(project, monkeypatch):
    import plugins.conference.api as api

    _round(project)
    assert _round(project).skipped
    # the share cards' font chosen by fontconfig is another one now
    monkeypatch.setattr(api, "outside_inputs", lambda settings: ["/fonts/other.ttf", "0"])
    assert not _round(project).skipped


def test_hidden_project_folders_are_not_inputs(project):
    _round(project)
    (project.root / ".git").mkdir()
    (project.root / ".git" / "index").write_bytes(os.urandom(16))
    assert _round(project).skipped
    (project.root / "data").mkdir(exist_ok=True)
    (project.root / "data" / "notes.txt").write_text("a data file", encoding="utf-8")
    assert not _round(project).skipped  # a plugin may read anything under data/
