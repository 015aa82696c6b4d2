"""Safe, honest imports: hand-written editions are refused without --merge, --dry-run
writes nothing, --undo takes an import back, talk languages are detected and moves replace
stale copies, and speakers are linked to people only on explicit evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conference.test_import import CONFERENCE, SCHEDULES, run_import, summary_line
from tests.conftest import require_corpora

SITE = """\
name: Safety Test
languages: [zh-Hans, en, fr]
default_language: zh-Hans
site_url: https://conf.example.org
timezone: UTC
"""

#: title, abstract, speaker (code, name): no language in the source, so each is detected
TALKS = [
    (
        "Scaling a community wiki",
        "How we moved our wiki to a cluster of small servers and what broke on the way.",
        ("AAA111", "Ada Lovelace"),
    ),
    (
        "Freie Software in der Schule",
        "Wie wir an unserer Schule auf freie Software umgestiegen "
        "sind und was die Lehrer davon halten.",
        ("BBB222", "Hans Müller"),
    ),
    (
        "Les blogs et la mémoire du web",
        "Comment les blogueurs archivent leurs textes et "
        "pourquoi les bibliothèques devraient s'en occuper.",
        ("CCC333", "Claire Dubois"),
    ),
    (
        "中文博客的十年",
        "我们回顾了中文博客这十年的发展，以及博客作者们如何保存自己的文章。",
        ("DDD444", "张伟"),
    ),
]


def schedule(talks=TALKS, guid_prefix="guid") -> dict:
    """A small pretalx-like schedule without languages."""
    events = []
    for index, (title, abstract, (code, name)) in enumerate(talks):
        events.append(
            {
                "guid": f"{guid_prefix}-{index}",
                "id": index + 1,
                "title": title,
                "abstract": abstract,
                "date": f"2024-05-04T{10 + index}:00:00+02:00",
                "duration": "00:45",
                "room": "Main hall",
                "persons": [{"code": code, "public_name": name}],
            }
        )
    return {
        "schedule": {
            "version": "1",
            "base_url": "https://pretalx.example.org/small/",
            "conference": {
                "acronym": "small",
                "title": "Small Conf",
                "start": "2024-05-04",
                "end": "2024-05-04",
                "time_zone_name": "Europe/Berlin",
                "days": [{"index": 1, "date": "2024-05-04", "rooms": {"Main hall": events}}],
            },
        }
    }


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(SITE, encoding="utf-8")
    return content


def write_source(tmp_path: Path, data: dict, name: str = "small.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def files(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text("utf-8")
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


def sessions(content: Path, edition: str = "small") -> list[str]:
    return sorted(p.name for p in (content / f"editions/{edition}/sessions").glob("*.md"))


def test_talk_languages_are_detected_and_placed_by_tree(site, tmp_path):
    status, out, err = run_import(site, write_source(tmp_path, schedule()), "--edition", "small")
    assert status == 0, err
    assert sessions(site) == [
        "freie-software-in-der-schule.zh-Hans.md",
        "les-blogs-et-la-memoire-du-web.fr.md",
        "scaling-a-community-wiki.en.md",
        "zhong-wen-bo-ke-de-shi-nian.zh-Hans.md",
    ]
    german = site / "editions/small/sessions/freie-software-in-der-schule.zh-Hans.md"
    assert "\nLanguage: de\n" in german.read_text("utf-8")
    chinese = site / "editions/small/sessions/zhong-wen-bo-ke-de-shi-nian.zh-Hans.md"
    assert "\nLanguage: zh-Hans\n" in chinese.read_text("utf-8")
    assert "Talks by language: en 1, de 1, fr 1, zh-Hans 1 (detected 4)." in summary_line(out)


def test_language_override_moves_files_instead_of_leaving_copies(site, tmp_path):
    source = write_source(tmp_path, schedule())
    run_import(site, source, "--edition", "small")
    status, out, _ = run_import(site, source, "--edition", "small", "--language", "en")
    assert status == 0
    assert sessions(site) == [
        "freie-software-in-der-schule.en.md",
        "les-blogs-et-la-memoire-du-web.en.md",
        "scaling-a-community-wiki.en.md",
        "zhong-wen-bo-ke-de-shi-nian.en.md",
    ]
    assert (
        "moved    editions/small/sessions/les-blogs-et-la-memoire-du-web.fr.md -> "
        "editions/small/sessions/les-blogs-et-la-memoire-du-web.en.md"
    ) in out
    assert "no longer in the source" not in out
    assert "3 moved, 0 removed" in summary_line(out)
    assert "Talks by language: en 4 (--language 4)." in summary_line(out)
    manifest = json.loads((site / "editions/small/.import-manifest.json").read_text("utf-8"))
    assert not [p for p in manifest["files"] if p.endswith((".fr.md", ".zh-Hans.md"))]


def test_changed_source_ids_keep_the_file_and_only_gone_talks_are_removed(site, tmp_path):
    run_import(site, write_source(tmp_path, schedule()), "--edition", "small")
    before = sessions(site)
    renumbered = write_source(tmp_path, schedule(TALKS[:3], guid_prefix="new"), "new.json")
    status, out, _ = run_import(site, renumbered, "--edition", "small")
    assert status == 0
    assert sessions(site) == [n for n in before if not n.startswith("zhong-wen")]
    gone = [line for line in out.splitlines() if "no longer in the source" in line]
    assert gone == [
        "removed  editions/small/sessions/zhong-wen-bo-ke-de-shi-nian.zh-Hans.md "
        "(no longer in the source)",
        "removed  people/zhang-wei.yaml (no longer in the source)",
    ]


def test_hand_written_edition_is_refused_without_merge(site, tmp_path):
    hand = site / "editions/small/edition.yaml"
    hand.parent.mkdir(parents=True)
    hand.write_text("number: 1\n", encoding="utf-8")
    before = files(site)
    source = write_source(tmp_path, schedule())
    for extra in ([], ["--dry-run"]):
        status, out, err = run_import(site, source, "--edition", "small", *extra)
        assert status == 1 and out == ""
        assert err == (
            f"error: {site / 'editions/small'}: edition 'small' has 1 hand-written "
            "file (not written by an import, e.g. edition.yaml); expected an empty "
            "or imported edition, or --merge to import into it anyway\n"
        )
        assert files(site) == before
    status, out, _ = run_import(site, source, "--edition", "small", "--merge")
    assert status == 0
    assert (
        "skipped  editions/small/edition.yaml (exists and was not written by an import; "
        "--force overwrites it)"
    ) in out
    assert hand.read_text("utf-8") == "number: 1\n"
    # the hand-written file is still there: every import into this edition needs --merge
    status, out, _ = run_import(site, source, "--edition", "small")
    assert status == 1


def test_dry_run_writes_nothing_and_says_what_would_happen(site, tmp_path):
    source = write_source(tmp_path, schedule())
    before = files(site)
    status, out, _ = run_import(site, source, "--edition", "small", "--dry-run")
    assert status == 0 and files(site) == before
    assert "would create editions/small/sessions/scaling-a-community-wiki.en.md" in out
    assert summary_line(out).startswith("Dry run, nothing written. 4 events read")
    assert "Files that would be: 9 created" in summary_line(out)
    run_import(site, source, "--edition", "small")
    written = files(site)
    status, out, _ = run_import(
        site,
        write_source(tmp_path, schedule(TALKS[:3]), "b.json"),
        "--edition",
        "small",
        "--language",
        "fr",
        "--dry-run",
    )
    assert files(site) == written
    assert (
        "would move editions/small/sessions/scaling-a-community-wiki.en.md -> "
        "editions/small/sessions/scaling-a-community-wiki.fr.md"
    ) in out
    assert (
        "would remove editions/small/sessions/zhong-wen-bo-ke-de-shi-nian.zh-Hans.md "
        "(no longer in the source)"
    ) in out


def test_undo_removes_what_the_import_wrote_and_keeps_edits(site, tmp_path):
    hand_person = site / "people/organizer.yaml"
    hand_person.parent.mkdir(parents=True)
    # an id inside prose is not a reference (only whole values are)
    hand_person.write_text("name: Organizer\nbio: Met hans-muller, twice\n", encoding="utf-8")
    before = files(site)
    run_import(site, write_source(tmp_path, schedule()), "--edition", "small")
    edited = site / "editions/small/sessions/scaling-a-community-wiki.en.md"
    edited.write_text(edited.read_text("utf-8") + "\nA note by hand.\n", encoding="utf-8")
    post = site / "posts/report.en.md"
    post.parent.mkdir()
    post.write_text("Title: Report\nAuthors: ada-lovelace\n\nText.\n", encoding="utf-8")

    status, out, _ = run_import(site, "--undo", "--edition", "small", "--dry-run")
    assert status == 0 and "would remove editions/small/edition.yaml" in out
    assert (site / "editions/small/.import-manifest.json").exists()

    status, out, _ = run_import(site, "--undo", "--edition", "small")
    assert status == 0
    assert (
        "kept     editions/small/sessions/scaling-a-community-wiki.en.md (edited since the import)"
    ) in out
    assert "kept     people/ada-lovelace.yaml (named in posts/report.en.md)" in out
    assert summary_line(out).endswith("7 files removed, 2 kept, 0 already gone; manifest removed.")
    left = files(site)
    assert set(left) == set(before) | {
        "editions/small/sessions/scaling-a-community-wiki.en.md",
        "people/ada-lovelace.yaml",
        "posts/report.en.md",
    }
    assert left["people/organizer.yaml"] == "name: Organizer\nbio: Met hans-muller, twice\n"
    status, _, err = run_import(site, "--undo", "--edition", "small")
    assert status == 1 and "no import manifest, so nothing to undo" in err


def test_speakers_link_only_by_people_map_or_source_id(site, tmp_path):
    zhang = site / "people/zhang-wei.yaml"
    zhang.parent.mkdir(parents=True)
    zhang.write_text("name: {zh-Hans: 张伟, en: Zhang Wei}\nlisted: true\n", encoding="utf-8")
    source = write_source(tmp_path, schedule())
    status, out, _ = run_import(site, source, "--edition", "small")
    assert status == 0
    assert "suggest  '张伟' has the name of people/zhang-wei.yaml but is not linked" in out
    chinese = site / "editions/small/sessions/zhong-wen-bo-ke-de-shi-nian.zh-Hans.md"
    assert "Speakers: zhang-wei-2" in chinese.read_text("utf-8")
    assert "pretalx.example.org/DDD444" in (site / "people/zhang-wei-2.yaml").read_text("utf-8")
    assert "listed: true" in zhang.read_text("utf-8")

    # another edition from the same source: linked through the recorded source id
    status, out, _ = run_import(site, source, "--edition", "again")
    assert (
        "linked   '张伟' -> people/zhang-wei-2.yaml (source id pretalx.example.org/DDD444)"
    ) in out
    assert not (site / "people/zhang-wei-3.yaml").exists()

    # the organizer says who it is: people-map.yaml wins
    (site / "editions/third").mkdir()
    (site / "editions/third/people-map.yaml").write_text("DDD444: zhang-wei\n", "utf-8")
    status, out, _ = run_import(site, source, "--edition", "third")
    assert status == 0
    assert ("linked   '张伟' -> people/zhang-wei.yaml (editions/third/people-map.yaml)") in out
    third = site / "editions/third/sessions/zhong-wen-bo-ke-de-shi-nian.zh-Hans.md"
    assert "Speakers: zhang-wei\n" in third.read_text("utf-8")
    assert "listed: true" in zhang.read_text("utf-8")  # a linked person's file is not written


def test_people_map_naming_no_person_is_one_clear_line(site, tmp_path):
    (site / "editions/small").mkdir(parents=True)
    (site / "editions/small/people-map.yaml").write_text("DDD444: nobody\n", "utf-8")
    status, _, err = run_import(site, write_source(tmp_path, schedule()), "--edition", "small")
    assert status == 1 and err.count("\n") == 1
    assert "people-map.yaml: 'DDD444' -> 'nobody': no people/nobody.yaml" in err
    assert not (site / "editions/small/edition.yaml").exists()


def test_reimport_of_a_real_schedule_changes_nothing(tmp_path):
    require_corpora("schedules")
    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(CONFERENCE, encoding="utf-8")
    source = str(SCHEDULES / "pretalx-rc3.json")
    run_import(content, source, "--edition", "rc3", "--timezone", "Europe/Berlin")
    before = files(content)
    status, out, _ = run_import(
        content, source, "--edition", "rc3", "--timezone", "Europe/Berlin", "--language", "en"
    )
    assert status == 0 and files(content) == before
    assert "0 created, 0 updated, 0 moved, 0 removed, 105 unchanged" in summary_line(out)


def test_a_move_never_overwrites_or_drops_a_file(site, tmp_path):
    source = write_source(tmp_path, schedule(TALKS[:1]))
    run_import(site, source, "--edition", "small")
    folder = site / "editions/small/sessions"
    english = folder / "scaling-a-community-wiki.en.md"
    english.write_text(english.read_text("utf-8") + "\nEdited.\n", encoding="utf-8")
    status, out, _ = run_import(site, source, "--edition", "small", "--language", "fr")
    assert status == 0 and sessions(site) == ["scaling-a-community-wiki.en.md"]
    assert (
        "skipped  editions/small/sessions/scaling-a-community-wiki.fr.md (would move "
        "editions/small/sessions/scaling-a-community-wiki.en.md, edited since the last "
        "import; --force moves and overwrites it)"
    ) in out

    # a translation written by hand where the talk would move: both stay
    french = folder / "scaling-a-community-wiki.fr.md"
    french.write_text("Title: Faire grandir un wiki\n\nTraduit.\n", encoding="utf-8")
    status, out, _ = run_import(site, source, "--edition", "small", "--language", "fr", "--merge")
    assert status == 0
    assert sessions(site) == ["scaling-a-community-wiki.en.md", "scaling-a-community-wiki.fr.md"]
    assert (
        "kept     editions/small/sessions/scaling-a-community-wiki.en.md (the talk moved to "
        "editions/small/sessions/scaling-a-community-wiki.fr.md, which exists already)"
    ) in out
    assert french.read_text("utf-8") == "Title: Faire grandir un wiki\n\nTraduit.\n"
    assert "Edited." in english.read_text("utf-8")
