"""Unit tests of the shared helpers: language helper, YAML lines, atomic writes."""

from __future__ import annotations

import os

import pytest

from plugins.conference.model import Localized
from plugins.core.atomic import write_atomic
from plugins.core.errors import ContentError
from plugins.core.langtags import make_language, make_language_set
from plugins.core.siteconfig import load_language_set
from plugins.core.yamlio import load_yaml_mapping
from tests import cldr


@pytest.mark.parametrize(
    ("tag", "segment", "catalog", "native"),
    [
        ("zh-Hans", "zh-hans", "zh_Hans", cldr.native_name("zh-Hans")),
        ("en", "en", "en", cldr.native_name("en")),
        ("fr", "fr", "fr", cldr.native_name("fr")),
    ],
)
def test_language_helper_derives_everything_from_the_tag(tag, segment, catalog, native):
    language = make_language(tag)
    assert (language.segment, language.catalog_dir, language.native_name) == (
        segment,
        catalog,
        native,
    )
    assert language.html_lang == language.hreflang == tag
    assert language.path("editions/index.html") == f"{segment}/editions/index.html"


def test_language_segment_can_be_configured_but_must_be_url_safe():
    assert make_language("zh-Hans", "zh").path("x.html") == "zh/x.html"
    with pytest.raises(ValueError, match="lower-case"):
        make_language("zh-Hans", "ZH Hans")


def test_unknown_language_tag_is_refused():
    with pytest.raises(ValueError, match="unknown language tag 'xx-Yyyy'"):
        make_language("xx-Yyyy")


def test_language_set_lookup_is_case_insensitive_and_checks_default():
    languages = make_language_set([make_language("zh-Hans"), make_language("en")], "zh-hans")
    assert languages.default.tag == "zh-Hans"
    assert languages.get("ZH_hans") is languages.default
    assert languages.get("fr") is None
    with pytest.raises(ValueError, match="not one of the languages"):
        make_language_set([make_language("en")], "fr")
    with pytest.raises(ValueError, match="configured twice"):
        make_language_set([make_language("en"), make_language("EN")], "en")


def test_language_set_errors_name_file_and_line(tmp_path):
    path = tmp_path / "conference.yaml"
    path.write_text("name: X\nlanguages: [en, klingon-Xx]\ndefault_language: en\n")
    with pytest.raises(ContentError) as info:
        load_language_set(path)
    (problem,) = info.value.problems
    assert problem.path == str(path) and problem.line == 2 and "klingon-Xx" in problem.message


def test_yaml_mapping_remembers_lines(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nrooms:\n  - id: main\n    name: Main\n")
    data = load_yaml_mapping(path)
    assert data.line_of("rooms") == 2
    assert data["rooms"][0].line == 3
    assert data["rooms"][0].line_of("name") == 4


def test_yaml_top_level_must_be_a_mapping(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(ContentError, match="must be a YAML mapping"):
        load_yaml_mapping(path)


def test_yaml_that_is_not_utf8(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("name: 胡泳\n".encode("gb2312"))
    with pytest.raises(ContentError, match="not saved as UTF-8") as info:
        load_yaml_mapping(path, ["zh-Hans"])
    assert "GB18030" in info.value.problems[0].message


def test_atomic_write_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "store" / "feed.json"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert os.listdir(target.parent) == ["feed.json"]


def test_atomic_write_failure_keeps_previous_content(tmp_path, monkeypatch):
    target = tmp_path / "feed.json"
    write_atomic(target, "good")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "half")
    assert target.read_text() == "good"
    assert os.listdir(tmp_path) == ["feed.json"]


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_atomic_write_gives_the_mode_of_a_normal_write(tmp_path, umask):
    previous = os.umask(umask)
    try:
        write_atomic(tmp_path / "atomic.xml", "<x/>")
        (tmp_path / "plain.xml").write_text("<x/>")
    finally:
        os.umask(previous)
    plain = (tmp_path / "plain.xml").stat().st_mode & 0o777
    assert plain == 0o666 & ~umask
    assert (tmp_path / "atomic.xml").stat().st_mode & 0o777 == plain


def test_atomic_write_replaces_a_private_file_with_a_readable_one(tmp_path, umask_022):
    target = tmp_path / "feed.atom"
    target.write_text("old")
    target.chmod(0o600)  # left by an older build
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o644


def test_localized_falls_back_to_default_then_first():
    text = Localized({"zh-Hans": "连州", "en": "Lianzhou"}, "zh-Hans")
    assert text.localized("en") == "Lianzhou"
    assert text.localized("fr") == "连州"
    assert text.lang_for("fr") == "zh-Hans"
    assert Localized({"fr": "Lianzhou"}, "zh-Hans").localized("en") == "Lianzhou"
    assert not Localized({}, "en")
