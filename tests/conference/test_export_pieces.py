"""frab XML and JSON assembled from the render cache's pieces (one event per session, kept
between builds as JSON) are the files made without a cache, byte for byte; a changed
session's piece is made again, the others come from the store."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from plugins.conference.exports import frab_json, frab_xml
from plugins.conference.exports.common import ExportContext
from plugins.conference.model import Localized, Person

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

    def fragment(self, kind: str, inputs: dict, make: Any) -> Any:
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
