"""An edition's offline list (plugins/conference/offline.py): what the pages ask the service
worker to keep, and the session pages' size, measured on the written pages, against
CONFERENCE_OFFLINE_AUTO_SIZE."""

from __future__ import annotations

import gzip
import os
from types import SimpleNamespace

from plugins.conference.offline import build_version, edition_offline, size_label, write_worker
from plugins.core.langtags import make_language, make_language_set


def _person(pid, has_page=True):
    return SimpleNamespace(id=pid, has_page=has_page, page_path=f"people/{pid}.html")


def _edition():
    speaker, hidden = _person("ann"), _person("bob", has_page=False)
    sessions = [
        SimpleNamespace(page_path=f"editions/2030/sessions/s{i}.html", speakers=[speaker, hidden])
        for i in range(3)
    ]
    return SimpleNamespace(
        id="2030",
        page_path="editions/2030/index.html",
        schedule_path="editions/2030/schedule.html",
        wall_path="editions/2030/wall.html",
        roundup_path="editions/2030/roundup.html",
        wall=None,
        roundup=object(),
        organizers=[_person("org")],
        listed_participants=[speaker],
        sessions=sessions,
    )


def _write_sessions(output, language, edition, size):
    for session in edition.sessions:
        path = output / language.path(session.page_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size))  # random bytes: gzip cannot shrink them


def test_the_list_and_the_threshold(tmp_path):
    en = make_language("en")
    edition = _edition()
    _write_sessions(tmp_path, en, edition, 2000)
    small = edition_offline(tmp_path, edition, en, auto_size=10_000)
    assert small["pages"] == [
        "index.html",
        "schedule.html",
        "sessions.json",
        "roundup.html",  # no wall: not listed
        "../../people/org.html",
        "../../people/ann.html",  # once, and never a person without a page
    ]
    assert small["sessions"] == ["sessions/s0.html", "sessions/s1.html", "sessions/s2.html"]
    assert 6000 < small["size"] < 6200 and not small["on_request"]
    large = edition_offline(tmp_path, edition, en, auto_size=5000)
    assert large["on_request"] and large["size"] == small["size"]


def test_size_labels_are_the_languages():
    # the numbers only: the unit's words are CLDR's, whose data changes between versions
    mega, kilo = size_label(2_121_316, make_language("en")), size_label(46_344, make_language("en"))
    assert mega.startswith("2.1") and kilo.startswith("46") and mega != kilo
    assert size_label(2_121_316, make_language("fr")).startswith("2,1")
    assert size_label(10, make_language("en")).startswith("1")


def test_the_worker_knows_each_languages_offline_page(tmp_path):
    theme = tmp_path / "theme"
    (theme / "js").mkdir(parents=True)
    (theme / "js/sw.js").write_text("/* worker */")
    languages = make_language_set([make_language("zh-Hans"), make_language("en")], "zh-Hans")
    write_worker(tmp_path / "out", theme, languages)
    head = (tmp_path / "out/sw.js").read_text().splitlines()[1]
    assert head.startswith("var OFFLINE = ") and '"default": "zh-hans"' in head
    assert '"en": "en/offline.html"' in head and '"zh-hans": "zh-hans/offline.html"' in head


def test_sizes_kept_from_the_last_build_are_used(tmp_path):
    """A page the render cache left as it was keeps its size (``known``); the others are
    compressed again."""
    en = make_language("en")
    edition = _edition()
    _write_sessions(tmp_path, en, edition, 2000)
    whole = edition_offline(tmp_path, edition, en, auto_size=10_000)["size"]
    asked = []

    def known(path, make):
        asked.append(path.name)
        return 7 if path.name != "s1.html" else make()

    kept = edition_offline(tmp_path, edition, en, auto_size=10_000, known=known)["size"]
    assert asked == ["s0.html", "s1.html", "s2.html"]
    s1 = tmp_path / en.path(edition.sessions[1].page_path)
    assert kept == 7 + len(gzip.compress(s1.read_bytes(), mtime=0)) + 7
    assert kept < whole


def test_the_version_from_the_written_files_is_the_version_of_the_globbed_ones(tmp_path):
    """``build_version`` of the files a build wrote (no walk of the output) hashes the same
    files in the same order as its globs of the whole output."""
    theme = tmp_path / "static"
    (theme / "js").mkdir(parents=True)
    (theme / "js" / "sw.js").write_text("worker", encoding="utf-8")
    output = tmp_path / "out"
    names = [
        "en/editions/index.html",
        "en/editions/2009/index.html",
        "en/editions/2009/sessions/keynote.html",
        "en/editions/2009/sessions/a-b.html",
        "fr/editions/2009/sessions.json",
        "en/editions/2009/sessions.json",
        "en/editions/2009/offline.json",
        "en/editions/2009/sessions/offline.json",  # too deep for its pattern
        "en/editions/2009/schedule.xml",
        "en/index.html",
        "editions/2009/index.html",
        "x/en/editions/2009/index.html",
    ]
    for number, name in enumerate(names):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(f"page {number}", encoding="utf-8")
    every = build_version(output, theme)
    assert build_version(output, theme, set(names) | {"en/gone.html"}) == every
    assert build_version(output, theme, set(names) - {"en/editions/index.html"}) != every
