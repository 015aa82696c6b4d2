"""plugins/conference/peoplecache.py: people files read once and kept by their status; a
file edited, a file with a problem, other languages or other code are read again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plugins.conference import people as people_module
from plugins.conference.people import load_people
from plugins.conference.peoplecache import PeopleCache
from plugins.core.errors import ContentError, ProblemCollector
from plugins.core.langtags import make_language, make_language_set

LANGUAGES = make_language_set([make_language(t) for t in ("zh-Hans", "en", "fr")], "en")


def _load(folder: Path, cache_file: Path, languages=LANGUAGES, read: list | None = None):
    cache = PeopleCache(cache_file, languages)
    problems = ProblemCollector()
    people = load_people(folder, languages, problems, cache)
    return people, problems


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    people = tmp_path / "people"
    people.mkdir()
    (people / "ada.yaml").write_text("name: {en: Ada, zh-Hans: 阿达}\nblog: https://ada.example/\n")
    (people / "bo.yaml").write_text("name: Bo\nlisted: true\n")
    return people


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The people files actually parsed."""
    parsed: list[str] = []
    real = people_module.load_yaml_mapping

    def counting(path, languages=()):
        parsed.append(Path(path).name)
        return real(path, languages)

    monkeypatch.setattr(people_module, "load_yaml_mapping", counting)
    return parsed


def test_unchanged_files_come_from_the_cache(folder: Path, tmp_path: Path, reads: list[str]):
    cache_file = tmp_path / "cache" / "people.pickle"
    first, _ = _load(folder, cache_file)
    assert reads == ["ada.yaml", "bo.yaml"]
    reads.clear()
    second, problems = _load(folder, cache_file)
    assert reads == [] and not problems.problems
    assert second == first and second["ada"] is not first["ada"]
    assert second["ada"].name.localized("zh-Hans") == "阿达"
    # an edit (a new status) is read again; the other file is not
    (folder / "bo.yaml").write_text("name: Bo B.\n")
    third, _ = _load(folder, cache_file)
    assert reads == ["bo.yaml"] and third["bo"].name.localized("en") == "Bo B."
    assert third["ada"] == first["ada"]


def test_a_removed_file_is_gone(folder: Path, tmp_path: Path):
    cache_file = tmp_path / "people.pickle"
    _load(folder, cache_file)
    (folder / "bo.yaml").unlink()
    people, _ = _load(folder, cache_file)
    assert sorted(people) == ["ada"]


def test_a_file_with_a_problem_is_reported_on_every_build(
    folder: Path, tmp_path: Path, reads: list[str]
):
    (folder / "cy.yaml").write_text("name: Cy\nblog: javascript:alert(1)\n")
    cache_file = tmp_path / "people.pickle"
    for _ in range(2):
        reads.clear()
        _, problems = _load(folder, cache_file)
        assert [Path(p.path).name for p in problems.problems] == ["cy.yaml"]
        assert "cy.yaml" in reads
    with pytest.raises(ContentError):
        load_people(folder, LANGUAGES, None, PeopleCache(cache_file, LANGUAGES))


def test_other_languages_or_code_read_every_file(
    folder: Path, tmp_path: Path, reads: list[str], monkeypatch
):
    cache_file = tmp_path / "people.pickle"
    _load(folder, cache_file)
    reads.clear()
    other = make_language_set([make_language(t) for t in ("zh-Hans", "en")], "zh-Hans")
    _load(folder, cache_file, other)
    assert reads == ["ada.yaml", "bo.yaml"]
    reads.clear()
    _load(folder, cache_file, other)
    assert reads == []
    # a plugin module written again (a code change) is a new key
    module = Path(people_module.__file__)
    monkeypatch.setattr(
        "plugins.conference.peoplecache._code_key", lambda: [[module.name, "changed"]]
    )
    _load(folder, cache_file, other)
    assert reads == ["ada.yaml", "bo.yaml"]


def test_off_without_the_reader_cache(tmp_path: Path):
    assert PeopleCache.of({"CACHE_CONTENT": False}, LANGUAGES) is None
    cache = PeopleCache.of(
        {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": False, "CACHE_PATH": str(tmp_path)},
        LANGUAGES,
    )
    assert cache is not None and cache.previous == {}


@pytest.mark.parametrize("data", [b"not a pickle", b"\x80\x09x", b"\x80\x05]\x94(K"])
def test_a_damaged_cache_file_is_ignored(folder: Path, tmp_path: Path, data: bytes):
    cache_file = tmp_path / "people.pickle"
    cache_file.write_bytes(data)
    people, _ = _load(folder, cache_file)
    assert sorted(people) == ["ada", "bo"]
    assert os.path.getsize(cache_file) > 20
