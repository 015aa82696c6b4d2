"""A tampered import manifest changes nothing: every path it records must be a plain
relative path inside its own edition's folder (or a person file), reached through no
symlink, or the undo and the re-import refuse, naming the entry, before touching a file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conference.test_import import run_import
from tests.conference.test_import_safety import files, schedule, write_source

SITE = "name: Confined\nlanguages: [en]\ndefault_language: en\ntimezone: UTC\n"
MANIFEST = "editions/small/.import-manifest.json"


@pytest.fixture
def imported(tmp_path) -> Path:
    """A content folder with one import (edition ``small``), another edition and a
    settings file beside it, as in a real project."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(SITE, encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text("PATH = 'content'\n", encoding="utf-8")
    other = content / "editions/other"
    (other / "sessions").mkdir(parents=True)
    (other / "edition.yaml").write_text("number: 1\n", encoding="utf-8")
    (other / "sessions/talk.en.md").write_text("Title: Talk\n\nText.\n", encoding="utf-8")
    status, _, err = run_import(content, write_source(tmp_path, schedule()), "--edition", "small")
    assert status == 0, err
    return content


def record(content: Path, relative: str, target: Path, key: str = "files") -> None:
    """Add ``relative`` to the manifest with the hash of ``target`` as it is now (what a
    tamperer who wants the file removed would write)."""
    path = content / MANIFEST
    data = json.loads(path.read_text("utf-8"))
    data[key][relative] = hashlib.sha256(target.read_bytes()).hexdigest()
    path.write_text(json.dumps(data), encoding="utf-8")


def everything(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def refused(content: Path, *argv: str) -> str:
    """Run with ``argv``; assert exit 1, one error line, and that nothing changed."""
    root = content.parent
    before = everything(root)
    status, out, err = run_import(content, *argv)
    assert status == 1, out
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert everything(root) == before
    return err


@pytest.mark.parametrize(
    "entry, target",
    [
        ("../pelicanconf.py", "../pelicanconf.py"),
        ("editions/small/../../../pelicanconf.py", "../pelicanconf.py"),
        ("editions/other/edition.yaml", "editions/other/edition.yaml"),
        ("editions/small/../other/sessions/talk.en.md", "editions/other/sessions/talk.en.md"),
        ("people/../editions/other/edition.yaml", "editions/other/edition.yaml"),
        ("./editions/other/edition.yaml", "editions/other/edition.yaml"),
        ("editions//other/edition.yaml", "editions/other/edition.yaml"),
        ("conference.yaml", "conference.yaml"),
        ("editions/small/.import-manifest.json", MANIFEST),
    ],
)
def test_undo_refuses_a_path_outside_its_edition(imported, entry, target):
    record(imported, entry, imported / target)
    err = refused(imported, "--undo", "--edition", "small")
    assert f"[files] {entry!r} refused; expected a relative path inside the edition" in err
    assert (imported / target).exists()


def test_undo_refuses_an_absolute_path(imported, tmp_path):
    outside = tmp_path / "elsewhere" / "notes.txt"
    outside.parent.mkdir()
    outside.write_text("mine\n", encoding="utf-8")
    record(imported, str(outside), outside)
    err = refused(imported, "--undo", "--edition", "small")
    assert "[files] '/" in err and "refused; expected a relative path" in err
    assert outside.read_text("utf-8") == "mine\n"


def test_undo_refuses_a_symlink_in_the_edition(imported):
    target = imported / "editions/other/sessions/talk.en.md"
    link = imported / "editions/small/sessions/talk.en.md"
    link.symlink_to(target)
    record(imported, "editions/small/sessions/talk.en.md", target)
    err = refused(imported, "--undo", "--edition", "small")
    assert "is a symlink; expected no symlink on the way" in err
    assert link.is_symlink() and target.exists()


def test_undo_refuses_a_symlinked_folder(imported):
    sessions = imported / "editions/small/sessions"
    for path in sessions.iterdir():
        path.unlink()
    sessions.rmdir()
    sessions.symlink_to(imported / "editions/other/sessions", target_is_directory=True)
    target = imported / "editions/other/sessions/talk.en.md"
    record(imported, "editions/small/sessions/talk.en.md", target)
    refused(imported, "--undo", "--edition", "small")
    assert target.exists()


def test_a_manifest_read_through_a_symlinked_edition_is_refused(imported):
    (imported / "editions/linked").symlink_to(imported / "editions/small")
    err = refused(imported, "--undo", "--edition", "linked")
    assert "editions/linked' is a symlink" in err
    assert (imported / "editions/small/edition.yaml").exists()


def test_the_reimport_refuses_a_tampered_manifest_too(imported, tmp_path):
    record(imported, "editions/other/edition.yaml", imported / "editions/other/edition.yaml")
    refused(imported, write_source(tmp_path, schedule()), "--edition", "small")


@pytest.mark.parametrize(
    "key, name, value, expected",
    [
        ("people", "AAA111", "../../pelicanconf", "expected an id"),
        ("sessions", "guid-0", "a/b", "expected an id"),
        ("rooms", "Main hall", 3, "expected an id"),
        ("files", "editions/small/edition.yaml", "not-a-digest", "expected a SHA-256"),
    ],
)
def test_ids_and_digests_are_checked(imported, key, name, value, expected):
    path = imported / MANIFEST
    data = json.loads(path.read_text("utf-8"))
    data[key][name] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert expected in refused(imported, "--undo", "--edition", "small")


def test_an_untampered_undo_still_removes_its_files(imported):
    before = files(imported)
    status, out, err = run_import(imported, "--undo", "--edition", "small")
    assert status == 0, err
    assert "people/ada-lovelace.yaml" in out
    assert not (imported / "editions/small").exists()
    left = {p for p in before if not p.startswith(("editions/small/", "people/"))}
    assert set(files(imported)) == left


def test_an_import_writes_through_no_symlinked_folder(imported, tmp_path):
    sessions = imported / "editions/small/sessions"
    for path in sessions.iterdir():
        path.unlink()
    sessions.rmdir()
    sessions.symlink_to(imported / "editions/other/sessions", target_is_directory=True)
    data = json.loads((imported / MANIFEST).read_text("utf-8"))
    data["files"] = {p: h for p, h in data["files"].items() if "/sessions/" not in p}
    (imported / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    err = refused(imported, write_source(tmp_path, schedule()), "--edition", "small")
    assert "'editions/small/sessions' is a symlink; expected no symlink on the way" in err
    assert sorted(p.name for p in (imported / "editions/other/sessions").iterdir()) == [
        "talk.en.md"
    ]
