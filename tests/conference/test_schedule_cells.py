"""The schedule grid's cells kept by the render cache (``kept_cell`` in ``schedule.html``):
a cell is rendered again only when its session, language, page or placing changed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

from plugins.conference import fingerprints
from plugins.conference.language_pages import _kept_cell
from plugins.core.buildcache import RenderCache

from .test_planner import EN, LANGUAGES, _edition


class Caller:
    """The call block: counts its renderings."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"<li>cell {self.count}</li>"


def _cell(writer, session, *placing, language=EN, page="editions/fosdem/schedule.html"):
    caller = Caller()
    generator = SimpleNamespace(context={})
    cell = _kept_cell(generator, writer, language, page, session, *placing, caller=caller)
    assert isinstance(cell, Markup)
    return str(cell), caller.count


def _build(tmp_path: Path, last: RenderCache | None = None) -> SimpleNamespace:
    """A writer with the render cache of a build (after ``last``, saved)."""
    if last is not None:
        last.save(set())
    cache = RenderCache({"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)})
    cache._site = "site digest"
    return SimpleNamespace(render_cache=cache)


def test_a_cell_is_rendered_again_only_when_its_inputs_changed(tmp_path: Path):
    fingerprints.install()  # as the conference plugin does when Pelican loads it
    edition = _edition()
    for session in edition.sessions:  # each text's file: what the session's key is made of
        path = tmp_path / f"{session.id}.en.md"
        path.write_text(f"Title: {session.id}\n", encoding="utf-8")
        session.texts["en"].source_path = str(path)
    first, second = edition.sessions[:2]
    writer = _build(tmp_path)
    assert _cell(writer, first, "grid-row: 2 / 3", False, 1) == ("<li>cell 1</li>", 1)
    assert _cell(writer, second, "grid-row: 2 / 3", False, 1)[1] == 1
    writer = _build(tmp_path, writer.render_cache)
    assert _cell(writer, first, "grid-row: 2 / 3", False, 1) == ("<li>cell 1</li>", 0)
    assert _cell(writer, second, "grid-row: 2 / 3", False, 1)[1] == 0
    # another placing, language or page: rendered
    assert _cell(writer, first, "grid-row: 2 / 4", False, 1)[1] == 1
    assert _cell(writer, first, "grid-row: 2 / 3", True, 1)[1] == 1
    assert _cell(writer, first, "grid-row: 2 / 3", False, 1, language=LANGUAGES.get("fr"))[1]
    assert _cell(writer, first, "grid-row: 2 / 3", False, 1, page="other/schedule.html")[1]
    # its text edited (a session is known by its files' bytes): rendered, the other kept
    writer = _build(tmp_path, writer.render_cache)
    Path(first.texts["en"].source_path).write_text("Title: First\n", encoding="utf-8")
    assert _cell(writer, first, "grid-row: 2 / 3", False, 1)[1] == 1
    assert _cell(writer, second, "grid-row: 2 / 3", False, 1)[1] == 0


def test_without_a_render_cache_every_cell_is_rendered():
    writer = SimpleNamespace(render_cache=None)
    session = _edition().sessions[0]
    assert _cell(writer, session, "", False, 1) == ("<li>cell 1</li>", 1)
    assert _cell(writer, session, "", False, 1) == ("<li>cell 1</li>", 1)
