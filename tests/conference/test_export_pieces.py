"""frab XML and JSON assembled from each event's text (one per session, kept between builds
by the render cache) are the plain indented dump of the whole schedule, byte for byte,
with or without a cache; a changed session's piece is made again, the others come from the
store; a text of the skeleton that reads as an event's mark falls back to the whole dump."""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from typing import Any

from plugins.conference import fingerprints
from plugins.conference.exports import frab_json, frab_xml, ical
from plugins.conference.exports.common import ExportContext
from plugins.conference.model import Localized, Person, Room
from plugins.core.buildcache import RenderCache

from .test_planner import EN, LANGUAGES, _edition

CONFERENCE = SimpleNamespace(
    site_url="https://conf.example.org",
    name=Localized({"en": "Conf"}),
    short_name=Localized({"en": "Conf"}),
)


class Store:
    """Pieces by kind and inputs, kept as JSON as the render cache keeps them."""

    def __init__(self) -> None:
        self.kept: dict[str, Any] = {}
        self.made: list[str] = []

    def fragment(self, kind: str, inputs: dict, make: Any, key: str | None = None) -> Any:
        session = inputs["session"]
        key = json.dumps(
            [kind, session.id, str(session.texts["en"].title), inputs["language"], inputs["files"]]
        )
        if key not in self.kept:
            self.made.append(session.id)
            self.kept[key] = json.loads(json.dumps(make()))
        return self.kept[key]


def _model():
    edition = _edition()
    speaker = Person(id="ada", name=Localized({"en": "Ada <L>"}), source_path="p")
    edition.sessions[1].speakers = [speaker]
    return edition


def _render(edition, store: Store | None) -> tuple[bytes, bytes]:
    ctx = ExportContext(CONFERENCE, edition, LANGUAGES, EN, "en/editions/fosdem")
    if store is not None:
        ctx.fragment = store.fragment
    return frab_xml.render(ctx, "en/editions/fosdem/schedule.xml"), frab_json.render(ctx)


def test_files_from_kept_pieces_are_the_files_made_whole():
    edition = _model()
    whole = _render(edition, None)
    store = Store()
    assert _render(edition, store) == whole  # pieces made
    assert len(store.made) == 2 * len(edition.sessions)
    store.made.clear()
    assert _render(_model(), store) == whole  # pieces read back (another model, same data)
    assert store.made == []
    assert whole[0].count(b"<event ") == 4 and b"Ada &lt;L&gt;" in whole[0]
    assert b"Ada <L>" in whole[1]


def test_a_changed_session_alone_is_made_again():
    store = Store()
    _render(_model(), store)
    store.made.clear()
    edition = _model()
    edition.sessions[2].texts["en"].title = "Guix, renamed"
    assert _render(edition, store) == _render(edition, None)
    assert store.made == ["guix", "guix"]


def _plain(edition) -> tuple[bytes, bytes]:
    """The files as one whole tree indented, one whole mapping dumped."""
    ctx = ExportContext(CONFERENCE, edition, LANGUAGES, EN, "en/editions/fosdem")
    root = frab_xml.build(ctx, "en/editions/fosdem/schedule.xml")
    ET.indent(root)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    text = json.dumps(frab_json.schedule_data(ctx), ensure_ascii=False, indent=2)
    return (xml + "\n").encode("utf-8"), (text + "\n").encode("utf-8")


def test_assembled_files_are_the_whole_tree_and_mapping_dumped():
    edition = _model()
    edition.sessions[0].texts["en"].title = 'Line\nbreak, <tags> & "quotes"\x00'
    plain = _plain(edition)
    assert _render(edition, None) == plain
    assert _render(edition, Store()) == plain
    assert b"Line\\nbreak" in plain[1] and b'      "rooms": {' in plain[1]
    assert plain[0].count(b"\n      <event ") == 4


def test_a_text_that_reads_as_a_mark_is_dumped_whole():
    edition = _model()
    # in the skeleton (a room's name) and in an event (a title): neither is taken for a mark
    room = edition.rooms["k"] = Room("k", Localized({"en": "\x00frab-event-0"}))
    edition.sessions[0].rooms = [room]
    edition.sessions[1].texts["en"].title = "\x00frab-event-1"
    plain = _plain(edition)
    assert _render(edition, Store()) == plain
    # the room in the list of rooms, as a day's key and in its event; the title
    assert plain[1].count(b'"\\u0000frab-event-') == 4


def test_a_sessions_pieces_of_every_kind_share_one_key(tmp_path):
    """The frab XML and JSON events and the calendar's event of a session in one tree are
    kept under one key of their inputs, made once."""
    fingerprints.install()  # as the conference plugin does when Pelican loads it
    edition = _model()
    for session in edition.sessions:
        path = tmp_path / f"{session.id}.en.md"
        path.write_text(f"Title: {session.id}\n", encoding="utf-8")
        session.texts["en"].source_path = str(path)
    cache = RenderCache({"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)})
    cache._site = "site digest"
    made: list[str] = []

    def inputs_key(inputs: dict) -> str | None:
        made.append(inputs["session"].id)
        return cache.inputs_key({}, inputs)

    ctx = ExportContext(CONFERENCE, edition, LANGUAGES, EN, "en/editions/fosdem")
    ctx.fragment = functools.partial(cache.fragment, context={})
    ctx.inputs_key = inputs_key
    files = (frab_xml.render(ctx, "en/editions/fosdem/schedule.xml"), frab_json.render(ctx))
    assert files == _plain(edition)
    ical.EditionCalendarExporter().render(ctx, "en/editions/fosdem/fosdem.ics")
    assert sorted(made) == sorted(s.id for s in edition.sessions)
    assert {kind: len(pieces) for kind, pieces in cache.fragments.items()} == {
        "frab-xml-text": 4,
        "frab-json-text": 4,
        "ical-event": 4,
    }
    assert cache.fragments["frab-xml-text"].keys() == cache.fragments["ical-event"].keys()
