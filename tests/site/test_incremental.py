"""A rebuild gives byte for byte the output of a clean build.

The development settings cache what Markdown files read to and skip rendering pages whose
inputs did not change (``plugins/core/buildcache.py``). Each test here changes the sample
site in one way (a post, a session, a person, a translation, a template, a static file,
the share cards' font, a Jinja filter in the settings, the Jinja environment, a file
edited without a new modification time, a room's name, a session's room and speakers,
the edition and conference files, a post's tags and date, a page, the roundup and the
coverage, a catalog, the planet store after a fetch, a new post on a wall, a picture
leaving the media archive, a publication recorded in the schedule's snapshot, a takedown
and a withdrawn consent), rebuilds incrementally into the output of the previous build,
builds the same site from scratch with both caches off, and compares the two trees; for
most edits it also checks that the change shows (or, for a takedown, is gone) in the
output, and for local edits that the rebuild left most pages alone, so the comparison is
of the cache at work, not of a full render. A seeded random walk of edits, additions,
removals and touches compares after every step.

The site is a copy of the sample's content, theme, ``data/`` (planet store, media,
schedule snapshots) and catalogs. Its settings file (``sitesettings.py``) is the
project's plus Jinja filters (one from a helper module, one bound to a data file's table)
that ``article.html`` uses; the share cards' font is ``fonts/card.ttf`` of the site,
which a fake ``fc-list`` lists when it is there: absent until a test installs one, as on
a machine without a Chinese font.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pelican as pelican_package
import pytest

from .sample import CONTENT, ROOT, pelican

pytestmark = pytest.mark.slow

THEME = ROOT / "themes" / "ruyi"
#: a font every install has (Pelican's default theme ships it); drawn with, it makes
#: cards unlike any other font's
FONT = (
    Path(pelican_package.__file__).parent
    / "themes/notmyidea/static/fonts/Yanone_Kaffeesatz_400.ttf"
)
#: other fonts, for a font updated in place: the first present one is used
OTHER_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    *sorted(Path(pelican_package.__file__).parents[1].glob("playwright/**/codicon*.ttf")),
)

SETTINGS = f"""\
import functools
import json
import sys
from pathlib import Path

sys.path[:0] = [{str(ROOT)!r}, str(Path(__file__).parent)]

from pelicanconf import *  # noqa: E402, F403
from sitefilters import shout  # noqa: E402


def _gloss(table, text):
    return table.get(str(text), str(text))


def _mark(text):
    return "[" + str(text) + "]"


# the site's own copies of the catalogs (the planet store, media and schedule snapshots
# are found beside the content folder: data/)
LANGUAGES_CATALOG_PATH = str(Path(__file__).parent / "translations")

JINJA_FILTERS = {{
    "mark": _mark,
    "shout": shout,
    "gloss": functools.partial(
        _gloss, json.loads((Path(__file__).parent / "glossary.json").read_text())
    ),
}}
"""
#: fontconfig's fc-list as the share cards ask it, listing the site's font when present
FC_LIST = """#!/bin/sh
[ -f '{font}' ] && echo '{font}|0|Fake Sans CJK SC|Regular'
exit 0
"""
FILTERS = 'def shout(text):\n    return str(text).upper() + "!"\n'
GLOSSARY = {"Lianzhou": "Lianzhou, Guangdong"}
FILTERED = (
    '<p class="filtered">{{ article.title|mark }} {{ article.title|shout }}'
    ' {{ "Lianzhou"|gloss }}</p>'
)


def _build(
    site: Path, output: Path, cache: Path, *, cached: bool, ok: bool = True, **settings: object
) -> str:
    extra = {
        **settings,
        "PATH": str(site / "content"),
        "THEME": str(site / "theme"),
        "CACHE_PATH": str(cache),
        "RENDER_CACHE": cached,
        "CACHE_CONTENT": cached,
        "LOAD_CONTENT_CACHE": cached,
    }
    # fontconfig as on a machine where the site's fonts/card.ttf is the one Chinese font
    env = {**os.environ, "PATH": f"{site / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    # two fixed string hash seeds: an output that follows a set's order (which changes
    # from run to run) differs between the rebuild and the clean build the same way on
    # every run, not now and then (the random walk's same-dated post shows it)
    env["PYTHONHASHSEED"] = "1" if cached else "2"
    result = pelican(output, settings=extra, settings_file=site / "sitesettings.py", env=env)
    assert (result.returncode == 0) == ok, result.stdout + result.stderr
    return result.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _rebuild_and_compare(site: Path, clean: Path, note: str = "") -> dict[str, bytes]:
    """Rebuild ``site`` incrementally, build it from scratch under ``clean``, and assert
    that the two trees are equal; returns the clean tree. The two builds share nothing
    but the sources they read, so they run at once (a core each, where there are two)."""
    shutil.rmtree(clean, ignore_errors=True)
    with ThreadPoolExecutor(2) as pool:
        builds = [
            pool.submit(_build, site, site / "out", site / "cache", cached=True),
            pool.submit(_build, site, clean / "out", clean / "cache", cached=False),
        ]
        for build in builds:
            build.result()
    incremental, fresh = _tree(site / "out"), _tree(clean / "out")
    assert sorted(set(incremental) ^ set(fresh)) == [], note
    assert [name for name in fresh if incremental[name] != fresh[name]] == [], note
    return fresh


def _last_build(cache: Path) -> dict[str, int]:
    (keys,) = cache.glob("render-*.json")
    return json.loads(keys.read_text(encoding="utf-8"))["last_build"]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _keep_mtime(path: Path, edit: Callable[[], None]) -> None:
    """``edit()`` the file, then give it back its modification time (``cp -p``,
    ``rsync -a`` and coarse file systems do the same)."""
    stat = path.stat()
    edit()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns


def _edit_post(content: Path) -> None:
    path = content / "posts" / "micro-power-keynote.en.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nAn added closing paragraph.\n", encoding="utf-8"
    )


def _edit_session(content: Path) -> None:
    path = content / "editions" / "2009" / "sessions" / "micro-power.zh-Hans.md"
    _replace(path, "Title: 微动力", "Title: 微动力（修订）")
    path.write_text(path.read_text(encoding="utf-8") + "\n补充的一段说明。\n", encoding="utf-8")


def _move_session(content: Path) -> None:
    """A later start and end: its cell moves in the grid (the others' rows may too)."""
    path = content / "editions" / "2009" / "sessions" / "data-safety.zh-Hans.md"
    _replace(path, "Start: 2009-11-15 11:00", "Start: 2009-11-15 11:15")
    _replace(path, "End: 2009-11-15 12:00", "End: 2009-11-15 12:30")


def _edit_session_text(content: Path) -> None:
    """A translation's text alone: no cell of the grid shows it."""
    path = content / "editions" / "2009" / "sessions" / "data-safety.fr.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", "utf-8")


def _edit_person(content: Path) -> None:
    path = content / "people" / "chen-mo.yaml"
    _replace(path, "en: Chen Mo", "en: Chen Mo (editor)")
    _replace(path, "zh-Hans: 前报社记者", "zh-Hans: 曾任报社记者")


def _edit_translation(content: Path) -> None:
    _replace(
        content / "posts" / "micro-power-keynote.fr.md",
        "Title: « Micro-puissance »",
        "Title: « Micro-puissance » (revu)",
    )


def _remove_translation(content: Path) -> None:
    (content / "posts" / "lianzhou-impressions.fr.md").unlink()


def _remove_session(content: Path) -> None:
    for path in (content / "editions" / "2009" / "sessions").glob("lunch.*.md"):
        path.unlink()


def _edit_template(site: Path) -> None:
    _replace(
        site / "theme" / "templates" / "article.html",
        '<article class="post h-entry">',
        '<article class="post h-entry" data-edited>',
    )


def _same_size_same_mtime(site: Path) -> None:
    path = site / "content" / "posts" / "translating-bloggers.en.md"
    _keep_mtime(path, lambda: _replace(path, "too much tea", "too much TEA"))


def _add_statics(site: Path) -> None:
    (site / "content" / "images").mkdir(exist_ok=True)
    (site / "content" / "images" / "added.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (site / "theme" / "static" / "css" / "added.css").write_text("p { margin: 0 }\n")


def _remove_statics(site: Path) -> None:
    (site / "content" / "images" / "added.png").unlink(missing_ok=True)
    (site / "theme" / "static" / "css" / "added.css").unlink(missing_ok=True)


def _install_font(site: Path, font: Path = FONT) -> None:
    (site / "fonts").mkdir(exist_ok=True)
    shutil.copyfile(font, site / "fonts" / "card.ttf")


def _remove_font(site: Path) -> None:
    (site / "fonts" / "card.ttf").unlink(missing_ok=True)


def _update_font(site: Path) -> None:
    other = next((f for f in OTHER_FONTS if f.is_file()), None)
    if other is None:
        pytest.skip("no second font file to update the card font with")
    _install_font(site, other)


def _edit_filter_body(site: Path) -> None:
    _replace(
        site / "sitesettings.py", 'return "[" + str(text) + "]"', 'return "<" + str(text) + ">"'
    )


def _edit_filter_helper(site: Path) -> None:
    _replace(site / "sitefilters.py", 'upper() + "!"', 'swapcase() + "!"')


def _edit_filter_data(site: Path) -> None:
    # only a filter's bound argument holds this file: the settings file stays as it is
    (site / "glossary.json").write_text(json.dumps({"Lianzhou": "连州 (Lianzhou)"}))


def _edit_jinja_environment(site: Path) -> None:
    path = site / "sitesettings.py"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "JINJA_ENVIRONMENT = {**JINJA_ENVIRONMENT, "
        + '"trim_blocks": False, "lstrip_blocks": False}\n',
        encoding="utf-8",
    )


def _rename_room(content: Path) -> None:
    """A room's name shows in every grid cell of that room, which the cache keeps."""
    _replace(
        content / "editions" / "2009" / "edition.yaml", "en: Room A (Yanxi Room)", "en: Yanxi Hall"
    )


def _change_room_and_speakers(content: Path) -> None:
    """A session moves to another room and gets another speaker: the grid, both people's
    pages and the exports follow."""
    path = content / "editions" / "2009" / "sessions" / "data-safety.zh-Hans.md"
    _replace(path, "Room: main-hall", "Room: room-b")
    _replace(path, "Speakers: xu-ming", "Speakers: xu-ming, guo-fang")


def _edit_edition(content: Path) -> None:
    path = content / "editions" / "2009" / "edition.yaml"
    _replace(path, "en: Huangchuan Conference Centre", "en: Huangchuan Centre")
    _replace(path, "participant_count: 150", "participant_count: 151")


def _edit_conference(content: Path) -> None:
    _replace(content / "conference.yaml", "en: CNBlogCon", "en: CNBlogCon Archive")


def _retag_and_redate_post(content: Path) -> None:
    """Tags and date decide the tag pages, the listings' order and the feeds."""
    path = content / "posts" / "micro-power-keynote.en.md"
    _replace(path, "Date: 2009-11-16 21:00", "Date: 2009-11-13 08:00")
    _replace(path, "Tags: conference, micro power, Hu Yong, keynote", "Tags: conference, retagged")


def _edit_page_roundup_coverage(content: Path) -> None:
    _replace(content / "pages" / "about.en.md", "Title: About this site", "Title: About us")
    edition = content / "editions" / "2009"
    _replace(edition / "roundup.en.md", "went home and wrote", "went home and soon wrote")
    _replace(edition / "coverage.yaml", "公民报道圆桌：我们到底在争论什么", "公民报道圆桌（修订）")


def _edit_catalog(site: Path) -> None:
    path = site / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    _replace(path, 'msgid "Schedule"\nmsgstr "Programme"', 'msgid "Schedule"\nmsgstr "Horaires"')


def _edit_planet_store(site: Path) -> None:
    """What a fetch round does: an entry's text changes, another entry arrives."""
    path = site / "data" / "planet" / "lin-xiao.json"
    feed = json.loads(path.read_text(encoding="utf-8"))
    first = feed["entries"][0]
    first["content"] = first["content"].replace("萝卜排骨汤", "萝卜牛腩汤")
    added = dict(first, title="第二锅汤", content="<p>又炖了一锅。</p>")
    added["id"] = added["link"] = first["link"].replace(".html", "-2.html")
    added["date"] = added["published"] = "2009-12-02T11:40:00Z"
    feed["entries"].insert(0, added)
    for entry in feed["entries"]:  # a speaker's post during the edition: on session pages
        entry["title"] = entry["title"].replace("年会第一天", "年会第一天（更新）")
    path.write_text(json.dumps(feed, ensure_ascii=False, indent=1), encoding="utf-8")


def _add_wall_post(site: Path) -> None:
    """A live round: a new post on a wall's stream (no cacheable page shows the walls)."""
    path = site / "data" / "planet" / "stream.2009.linxiao.json"
    stream = json.loads(path.read_text(encoding="utf-8"))
    first = stream["entries"][0]
    added = dict(first, content="<p>会场的茶很好喝。 #cnbc09</p>")
    added["id"] = added["link"] = "https://social.example.org/@linxiao/777"
    stream["entries"].insert(0, added)
    path.write_text(json.dumps(stream, ensure_ascii=False, indent=1), encoding="utf-8")


def _unarchive_picture(site: Path) -> None:
    """A picture leaves the media archive: the person page that showed its copy links
    to the original instead."""
    path = site / "data" / "media" / "index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    del index["images"]["https://chenmo.example.net/uploads/2009/11/taolun.jpg"]
    path.write_text(json.dumps(index, indent=1), encoding="utf-8")


def _record_publication(site: Path) -> None:
    """What a publication records in the schedule's snapshot: a session changed once
    since (its calendars' SEQUENCE and DTSTAMP)."""
    path = site / "data" / "schedule" / "2009.json"
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    snapshot["sessions"]["citizen-journalism"].update(sequence=1, stamp="2009-11-10T00:00:00+00:00")
    path.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")


def _take_down(content: Path) -> None:
    """A wall post taken down by a rule, and a participant who withdraws consent: both
    leave every page, feed and export."""
    path = content / "editions" / "2009" / "moderation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - url: https://social.example.org/@linxiao/103\n"
        + "    reason: takedown\n    note: asked by its author\n",
        encoding="utf-8",
    )
    _replace(content / "people" / "chen-mo.yaml", "aggregate: true", "aggregate: false")


#: name -> (change to build first, or None; the change the rebuild is compared after)
EDITS: dict[str, tuple[Callable[[Path], None] | None, Callable[[Path], None]]] = {
    "post": (None, lambda site: _edit_post(site / "content")),
    "session": (None, lambda site: _edit_session(site / "content")),
    "person": (None, lambda site: _edit_person(site / "content")),
    "session moved": (None, lambda site: _move_session(site / "content")),
    "session text": (None, lambda site: _edit_session_text(site / "content")),
    "translation": (None, lambda site: _edit_translation(site / "content")),
    "removed translation": (None, lambda site: _remove_translation(site / "content")),
    "removed session": (None, lambda site: _remove_session(site / "content")),
    "template": (None, _edit_template),
    "same size and mtime": (None, _same_size_same_mtime),
    "static files added": (_remove_statics, _add_statics),
    "static files removed": (_add_statics, _remove_statics),
    "font installed": (_remove_font, _install_font),
    "font updated": (_install_font, _update_font),
    "font removed": (_install_font, _remove_font),
    "filter body": (None, _edit_filter_body),
    "filter helper module": (None, _edit_filter_helper),
    "filter bound data": (None, _edit_filter_data),
    "jinja environment": (None, _edit_jinja_environment),
    "room renamed": (None, lambda site: _rename_room(site / "content")),
    "session room and speakers": (None, lambda site: _change_room_and_speakers(site / "content")),
    "edition": (None, lambda site: _edit_edition(site / "content")),
    "conference": (None, lambda site: _edit_conference(site / "content")),
    "post tags and date": (None, lambda site: _retag_and_redate_post(site / "content")),
    "page, roundup and coverage": (
        None,
        lambda site: _edit_page_roundup_coverage(site / "content"),
    ),
    "catalog": (None, _edit_catalog),
    "planet store": (None, _edit_planet_store),
    "wall post": (None, _add_wall_post),
    "publication recorded": (None, _record_publication),
    "picture unarchived": (None, _unarchive_picture),
    "takedown": (None, lambda site: _take_down(site / "content")),
}
#: edit -> (output file or "*" for any, bytes, whether the change adds or removes them):
#: the edit shows in the output, so the comparison is of a change
SHOWS: dict[str, list[tuple[str, bytes, bool]]] = {
    "room renamed": [("en/editions/2009/schedule.html", b"Yanxi Hall", True)],
    "session room and speakers": [
        ("en/people/guo-fang.html", b"sessions/data-safety.html", True),
        ("en/editions/2009/sessions/data-safety.html", b"Room B", True),
    ],
    "edition": [("*", b"Huangchuan Centre", True)],
    "conference": [("*", b"CNBlogCon Archive", True)],
    "post tags and date": [("en/tags/retagged.html", b"micro-power-keynote.html", True)],
    "page, roundup and coverage": [
        ("en/about.html", b"About us", True),
        ("en/editions/2009/roundup.html", b"soon wrote", True),
        ("*", "公民报道圆桌（修订）".encode(), True),
    ],
    "catalog": [("fr/editions/2009/schedule.html", b"Horaires", True)],
    "planet store": [
        ("en/people/lin-xiao.html", "萝卜牛腩汤".encode(), True),
        ("en/people/lin-xiao.html", "第二锅汤".encode(), True),
        ("en/editions/2009/sessions/microblogging.html", "第一天（更新）".encode(), True),
    ],
    "wall post": [("zh-hans/editions/2009/wall.html", "会场的茶很好喝".encode(), True)],
    "publication recorded": [
        ("en/editions/2009/sessions/citizen-journalism.ics", b"SEQUENCE:1", True)
    ],
    "picture unarchived": [
        ("en/people/chen-mo.html", b"c00af57477e4454585ffff38f89294b836a3bcfbdcec91f5288a81", False)
    ],
    "takedown": [
        ("*", b"social.example.org/@linxiao/103", False),
        ("*", b"chenmo.example.net/archives/520", False),
        ("*", "读书笔记：乡土中国".encode(), False),
    ],
}
#: edits that leave the site's structure alone re-render only the pages that show them
LOCAL = {
    "post",
    "session",
    "person",
    "session moved",
    "session text",
    "translation",
    "same size and mtime",
    "planet store",
    "wall post",
    "picture unarchived",
    "publication recorded",
}


def _make_site(root: Path) -> Path:
    """A copy of the sample content and theme with the test's settings, built once with
    the caches on."""
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(THEME, root / "theme")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "translations", root / "translations")
    (root / "sitesettings.py").write_text(SETTINGS, encoding="utf-8")
    (root / "sitefilters.py").write_text(FILTERS, encoding="utf-8")
    (root / "glossary.json").write_text(json.dumps(GLOSSARY), encoding="utf-8")
    fc_list = root / "bin" / "fc-list"
    fc_list.parent.mkdir()
    fc_list.write_text(FC_LIST.format(font=root / "fonts" / "card.ttf"), encoding="utf-8")
    fc_list.chmod(0o755)
    _replace(
        root / "theme" / "templates" / "article.html",
        '<h1 class="p-name">{{ article.title }}</h1>',
        '<h1 class="p-name">{{ article.title }}</h1>\n' + FILTERED,
    )
    _build(root, root / "out", root / "cache", cached=True)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site, shared by the tests of this module (each leaves it built)."""
    return _make_site(tmp_path_factory.mktemp("incremental"))


@pytest.mark.parametrize("edit", list(EDITS))
def test_rebuild_after_edit_equals_clean_build(site: Path, edit: str, tmp_path: Path):
    before, change = EDITS[edit]
    if before is not None:
        before(site)
        _build(site, site / "out", site / "cache", cached=True)
    previous = _tree(site / "out") if edit in SHOWS else {}
    change(site)
    calendars = {p: p.stat().st_mtime_ns for p in (site / "out").rglob("sessions/*.ics")}
    clean = _rebuild_and_compare(site, tmp_path / "clean", edit)
    for name, needle, added in SHOWS.get(edit, []):
        found = {
            tree: any(needle in data for key, data in files.items() if name in ("*", key))
            for tree, files in (("before", previous), ("after", clean))
        }
        assert found == {"before": not added, "after": added}, (name, needle, found)
    last = _last_build(site / "cache")
    if edit == "session":  # the other sessions' calendars are left as they were
        written = {p.name for p, mtime in calendars.items() if p.stat().st_mtime_ns != mtime}
        assert written == {"micro-power.ics"}, written
    if edit in LOCAL:
        assert last["unchanged"] > last["rendered"], last
    # the edit shows in the output, so the comparison is of a change
    if edit.startswith("static"):
        added = {"images/added.png", "theme/css/added.css"}
        assert added <= set(clean) if edit.endswith("added") else not added & set(clean)
    if edit.startswith("font"):
        cards = edit != "font removed"
        assert ("en/share.png" in clean) == cards
        assert (b'property="og:image"' in clean["en/posts/micro-power-keynote.html"]) == cards
    if edit.startswith("filter"):
        page = clean["en/posts/translating-bloggers.html"].decode("utf-8")
        expected = {
            "filter body": "&lt;Lost and found",
            "filter helper module": "lOST AND FOUND",
            "filter bound data": "连州 (Lianzhou)",
        }[edit]
        assert expected in page


def test_when_and_how_search_runs_renders_nothing_again(site: Path):
    """A build that defers indexing (``invoke build``, ``invoke dev``) and one that
    indexes at once (a live round) share the caches: those settings are in no key."""
    out, cache = site / "out", site / "cache"
    _build(site, out, cache, cached=True, SEARCH_DEFER_INDEX=True, SEARCH_INDEX_JOBS=2)
    assert _last_build(cache)["rendered"] == 0
    _build(site, out, cache, cached=True)
    assert _last_build(cache)["rendered"] == 0


def test_a_file_touched_is_not_rendered_again(site: Path, tmp_path: Path):
    """A new modification time alone changes nothing: files are known by their bytes."""
    for path in (site / "content" / "posts").glob("*.md"):
        os.utime(path)
    _rebuild_and_compare(site, tmp_path / "clean")
    assert _last_build(site / "cache")["rendered"] == 0


#: the random walk's seed and length (``INCREMENTAL_SEED=7 pytest -k random`` replays seed
#: 7); the default's eight steps take eight kinds of change of the nine
SEED = int(os.environ.get("INCREMENTAL_SEED", "160"))
STEPS = int(os.environ.get("INCREMENTAL_STEPS", "8"))
_PLAIN = set("abcdefghijklmnopqrstuvwxyz")
_MARKUP = set("[](){}<>:/`*#|_!&")


class Walk:
    """Random changes to a site, from a seeded generator: the same seed, the same walk."""

    def __init__(self, site: Path, rng: random.Random) -> None:
        self.site, self.rng = site, rng
        self.content = site / "content"
        self.added: list[Path] = []

    def _pick(self, pattern: str, root: Path | None = None) -> Path:
        return self.rng.choice(sorted((root or self.content).glob(pattern)))

    def append_to_post(self, step: int) -> str:
        path = self._pick("posts/*.md")
        path.write_text(path.read_text(encoding="utf-8") + f"\nStep {step} was here.\n")
        return f"appended to {path.name}"

    def edit_keeping_size_and_mtime(self, step: int) -> str:
        path = self._pick("posts/*.[ef][nr].md")  # an English or French text
        lines = path.read_text(encoding="utf-8").split("\n")
        body = lines.index("") + 1
        spots = [
            (n, i)
            for n, line in enumerate(lines[body:], start=body)
            if not _MARKUP & set(line)
            for i, char in enumerate(line)
            if char in _PLAIN
        ]
        n, i = self.rng.choice(spots)
        lines[n] = lines[n][:i] + lines[n][i].upper() + lines[n][i + 1 :]
        _keep_mtime(path, lambda: path.write_text("\n".join(lines), encoding="utf-8"))
        return f"upper-cased a letter of {path.name} line {n + 1}, same size and mtime"

    def retitle_session(self, step: int) -> str:
        path = self._pick("editions/2009/sessions/*.md")
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [f"{line} ({step})" if line.startswith("Title:") else line for line in lines]
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"retitled {path.name}"

    def touch(self, step: int) -> str:
        path = self._pick("**/*.*")
        os.utime(path)
        return f"touched {path.relative_to(self.content)}"

    def add_post(self, step: int) -> str:
        model = self._pick("posts/*.en.md")
        head = model.read_text(encoding="utf-8").split("\n\n", 1)[0].split("\n")
        head = [f"Title: Post of step {step}" if h.startswith("Title:") else h for h in head]
        words = " ".join(self.rng.choice(["micro", "power", "blog", "Lianzhou"]) for _ in range(9))
        path = self.content / "posts" / f"step-{step}.en.md"
        path.write_text("\n".join(head) + f"\n\n{words}.\n", encoding="utf-8")
        self.added.append(path)
        return f"added {path.name} (like {model.name})"

    def remove_post(self, step: int) -> str:
        posts = [p for p in self.added if p.parent.name == "posts"]
        path = self.rng.choice(posts) if posts else self._pick("posts/*.fr.md")
        path.unlink()
        self.added = [p for p in self.added if p != path]
        return f"removed {path.name}"

    def add_static(self, step: int) -> str:
        if self.rng.random() < 0.5:
            path = self.content / "images" / f"step-{step}.png"
        else:
            path = self.site / "theme" / "static" / "css" / f"step-{step}.css"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(self.rng.randbytes(64))
        self.added.append(path)
        return f"added static {path.relative_to(self.site)}"

    def remove_static(self, step: int) -> str:
        statics = [p for p in self.added if p.parent.name != "posts"]
        if not statics:
            return self.add_static(step)
        path = self.rng.choice(statics)
        path.unlink()
        self.added.remove(path)
        return f"removed static {path.relative_to(self.site)}"

    def toggle_font(self, step: int) -> str:
        if (self.site / "fonts" / "card.ttf").exists():
            _remove_font(self.site)
            return "removed the card font"
        _install_font(self.site)
        return "installed the card font"

    def step(self, step: int) -> str:
        """Make one random change; returns what it did."""
        changes = [
            self.append_to_post,
            self.edit_keeping_size_and_mtime,
            self.retitle_session,
            self.touch,
            self.add_post,
            self.remove_post,
            self.add_static,
            self.remove_static,
            self.toggle_font,
        ]
        return self.rng.choice(changes)(step)


def test_a_random_walk_of_changes_rebuilds_as_a_clean_build(tmp_path: Path):
    """Edits, additions, removals and touches in a seeded random order; after each, the
    rebuild equals a clean build. A failure names the seed and the steps to replay."""
    site = _make_site(tmp_path / "site")
    walk = Walk(site, random.Random(SEED))
    done: list[str] = []
    for step in range(STEPS):
        done.append(walk.step(step))
        _rebuild_and_compare(site, tmp_path / "clean", f"seed {SEED}: " + "; ".join(done))


def test_a_session_with_a_problem_is_reported_on_every_build(site: Path):
    """Session files go through Pelican's reader cache too; one with a problem is never
    cached, so its error line comes back until it is fixed."""
    path = site / "content" / "editions" / "2009" / "sessions" / "micro-power.zh-Hans.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Type: keynote", "Type: keynote\nColour: red"), encoding="utf-8")
    try:
        first = _build(site, site / "out", site / "cache", cached=True, ok=False)
        again = _build(site, site / "out", site / "cache", cached=True, ok=False)
        assert "micro-power.zh-Hans.md:6: [Colour] unknown key" in first, first
        assert [line for line in again.splitlines() if "micro-power.zh-Hans.md" in line] == [
            line for line in first.splitlines() if "micro-power.zh-Hans.md" in line
        ]
    finally:
        path.write_text(good, encoding="utf-8")
    _build(site, site / "out", site / "cache", cached=True)
