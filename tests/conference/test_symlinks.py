"""Nothing outside the project is read or published: a symlink in the content folder, the
theme or the planet's data that leads outside the project stops the build with one
located ``[symlink]`` line, before anything is read; links inside the project work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.core.errors import ContentError
from plugins.core.links import refused_links
from tests.conference.test_problems import check_stops
from tests.conftest import ROOT

SECRET = "Title: Secret\nDate: 2009-11-16\nAuthors: alice\n\nThe secret text.\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the fixture project (``tmp_path/site``), with a secret in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(SECRET, encoding="utf-8")
    (folder / "secret.txt").write_text("the secret text\n", encoding="utf-8")
    return folder


def symlink_error(site, **settings) -> ContentError:
    with pytest.raises(ContentError) as info:
        site.build(**settings)
    return info.value


def assert_refused(error: ContentError, link: Path) -> None:
    problems = [p for p in error.problems if not p.note]
    assert [(p.path, p.where) for p in problems] == [(str(link), "symlink")], error
    assert "leads outside the project (to '" in problems[0].message
    assert "; expected a file or folder inside the project" in problems[0].message


def nothing_published(site) -> None:
    written = [p for p in site.output.rglob("*") if p.is_file()] if site.output.exists() else []
    assert not [p for p in written if "secret" in p.read_text("utf-8", errors="replace")]


def test_a_post_linked_from_outside_is_refused(site, outside):
    link = site.path("posts/secret.en.md")
    link.symlink_to(outside / "secret.md")
    assert_refused(symlink_error(site), link)
    nothing_published(site)


def test_a_static_file_linked_from_outside_is_refused(site, outside):
    link = site.path("images/secret.txt")
    link.parent.mkdir()
    link.symlink_to(outside / "secret.txt")
    assert_refused(symlink_error(site), link)
    nothing_published(site)


def test_a_folder_linked_from_outside_is_refused(site, outside):
    link = site.path("images")
    link.symlink_to(outside, target_is_directory=True)
    assert_refused(symlink_error(site), link)
    nothing_published(site)


def test_a_link_inside_a_linked_folder_is_checked_too(site, outside):
    shared = site.root / "shared"
    shared.mkdir()
    (shared / "sneaky.txt").symlink_to(outside / "secret.txt")
    site.path("images").symlink_to(shared, target_is_directory=True)
    assert_refused(symlink_error(site), site.path("images/sneaky.txt"))
    nothing_published(site)


def test_links_inside_the_project_are_allowed(site):
    shared = site.root / "shared"
    shared.mkdir()
    (shared / "logo.txt").write_text("a logo\n", encoding="utf-8")
    site.path("images").mkdir()
    (site.path("images") / "logo.txt").symlink_to(shared / "logo.txt")
    (site.path("images") / "more").symlink_to(shared, target_is_directory=True)
    site.build()
    assert (site.output / "images/logo.txt").read_text("utf-8") == "a logo\n"
    assert (site.output / "images/more/logo.txt").read_text("utf-8") == "a logo\n"


def test_a_loop_is_refused(site):
    link = site.path("images/sub/loop")
    link.parent.mkdir(parents=True)
    link.symlink_to(site.path("images"), target_is_directory=True)
    error = symlink_error(site)
    assert [(p.path, p.where) for p in error.problems] == [(str(link), "symlink")]
    assert "a loop that Pelican would follow forever; expected a file" in error.problems[0].message


def test_a_symlink_in_the_planet_store_is_refused(site, outside):
    store = site.root / "data/planet"
    store.mkdir(parents=True)
    link = store / "alice.json"
    link.symlink_to(outside / "secret.txt")
    assert_refused(symlink_error(site), link)


def test_a_symlink_anywhere_in_data_is_refused(site, outside):
    link = site.root / "data/sample-feeds/alice.xml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "secret.txt")
    (site.root / "data/planet").mkdir()
    (site.root / "data/planet/ok.json").symlink_to(site.path("conference.yaml"))  # inside
    assert_refused(symlink_error(site), link)


def test_a_symlink_in_the_theme_is_refused(site, outside):
    theme = site.root / "themes/mine"
    shutil.copytree(ROOT / "themes/ruyi", theme)
    link = theme / "static/secret.txt"
    link.symlink_to(outside / "secret.txt")
    assert_refused(symlink_error(site, THEME=str(theme)), link)
    link.unlink()
    site.build(THEME=str(theme))  # the copy itself builds


def test_a_theme_outside_the_project_is_trusted_as_configured(site):
    """The fixture projects link their theme to the checkout; settings are trusted."""
    (site.root / "themes").symlink_to(ROOT / "themes", target_is_directory=True)
    site.build(THEME=str(site.root / "themes/ruyi"))
    assert site.read("en/index.html")


def test_a_series_file_linked_from_outside_is_refused(site, outside):
    (outside / "conference.yaml").write_text(site.path("conference.yaml").read_text("utf-8"))
    link = site.path("conference.yaml")
    link.unlink()
    link.symlink_to(outside / "conference.yaml")
    assert_refused(symlink_error(site), link)


def test_the_build_command_prints_one_line(site, outside):
    link = site.path("posts/secret.en.md")
    link.symlink_to(outside / "secret.md")
    check_stops(site, "content/posts/secret.en.md: [symlink] leads outside the project")


def test_loops_and_dangling_links_end(tmp_path):
    root = tmp_path / "project"
    (root / "a/b").mkdir(parents=True)
    (root / "a/b/up").symlink_to(root / "a", target_is_directory=True)
    (root / "a/self").symlink_to(root / "a/self")
    (root / "a/gone").symlink_to(root / "missing")
    (root / "a/away").symlink_to(tmp_path)
    (root / "c").mkdir()
    (root / "c/to-a").symlink_to(root / "a", target_is_directory=True)
    (root / "a/to-c").symlink_to(root / "c", target_is_directory=True)  # a loop of two
    found = [
        (link.relative_to(root).as_posix(), kind, target)
        for link, kind, target in refused_links(root / "a", [root])
    ]
    assert found == [
        ("a/away", "outside", str(tmp_path.resolve())),
        ("a/b/up", "loop", str(root / "a")),
        ("a/to-c/to-a", "loop", str(root / "a")),
    ]
