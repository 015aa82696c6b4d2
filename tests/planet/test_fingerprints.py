"""The render cache's keys of planet entries and of a person's blog entries
(plugins/planet/fingerprints.py): they change exactly when what a page shows does."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from plugins.core import buildcache, keys
from plugins.core.media import LocalImage
from plugins.planet import fingerprints
from plugins.planet.model import PlanetEntry

PICTURE = "https://blog.example.org/a.jpg"


def _entry(**changes) -> PlanetEntry:
    fields = {
        "feed_id": "lin-xiao",
        "id": "1",
        "link": "https://blog.example.org/1",
        "title": "Day one",
        "author": None,
        "date": datetime(2009, 11, 14, 8, tzinfo=UTC),
        "first_seen": datetime(2009, 11, 14, 9, tzinfo=UTC),
        "lang": "zh-Hans",
        "content": "<p>text</p>",
        "front_page": True,
        "html": f'<p>text</p><img src="{PICTURE}" alt="">',
    }
    return PlanetEntry(**{**fields, **changes})


class _Library:
    def __init__(self, copies: dict[str, LocalImage]) -> None:
        self.copies = copies

    def find(self, url: str) -> LocalImage | None:
        return self.copies.get(url)


class _Planet:
    def __init__(self, entries: dict[str, list[PlanetEntry]]) -> None:
        self.entries = entries

    def recent_for(self, person_id: str) -> list[PlanetEntry]:
        return self.entries.get(person_id, [])


def _key(value, context) -> str:
    return buildcache.compact_json(_fingerprinter(context).value(value, True))


@pytest.fixture(autouse=True)
def installed():
    fingerprints.install()


def test_an_entry_is_keyed_by_its_text_and_its_pictures_copies():
    copy = LocalImage("media/ab/abc.jpg", 640, 420)
    archived = {keys.MEDIA: _Library({PICTURE: copy})}
    unarchived = {keys.MEDIA: _Library({})}
    withheld = {keys.MEDIA: _Library({PICTURE: copy}), keys.WITHHELD_MEDIA: {PICTURE}}
    entry = _entry()
    assert _key(entry, archived) == _key(_entry(), archived)
    assert _key(entry, archived) != _key(entry, unarchived)
    assert _key(entry, withheld) == _key(entry, unarchived)  # a withheld picture: no copy
    assert _key(entry, archived) != _key(_entry(title="Day one, edited"), archived)
    moved = {keys.MEDIA: _Library({PICTURE: LocalImage("media/cd/cde.jpg", 640, 420)})}
    assert _key(entry, archived) != _key(entry, moved)


def test_without_the_build_context_an_entry_is_not_cacheable():
    with pytest.raises(buildcache.Uncacheable):
        buildcache.Fingerprinter().value(_entry())


def test_a_person_page_is_keyed_by_the_entries_it_lists_and_a_link_is_not():
    person = SimpleNamespace(id="lin-xiao")
    context = {keys.MEDIA: _Library({})}
    before = {**context, keys.PLANET: _Planet({"lin-xiao": [_entry()]})}
    after = {**context, keys.PLANET: _Planet({"lin-xiao": [_entry(), _entry(id="2")]})}
    other = {**context, keys.PLANET: _Planet({"lin-xiao": [_entry()], "chen-mo": [_entry()]})}

    def as_page(context):
        return fingerprints.person_entries(person, _fingerprinter(context), True)

    assert as_page(before) != as_page(after)
    assert as_page(before) == as_page(other)  # another person's new post: not on this page
    assert fingerprints.person_entries(person, _fingerprinter(after), False) is None
    assert fingerprints.person_entries(person, _fingerprinter(context), True) == []


def _fingerprinter(context) -> buildcache.Fingerprinter:
    fp = buildcache.Fingerprinter()
    fp.context = context
    return fp
