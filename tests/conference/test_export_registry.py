"""The registry of schedule file formats: one class per format, and everything follows it.

A fourth format is one module plus its test: :class:`SessionsCsv` below is such a module
(a CSV of the sessions, for a spreadsheet), registered through the conference plugin's
API; the build writes it in every tree and the pages link it, with nothing else changed.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.conference.api import (
    ExportContext,
    Exporter,
    SessionExporter,
    conference_exporters,
    register_exporter,
)
from plugins.conference.exports.registry import Exporters, builtin, collect
from tests.conftest import ROOT


class SessionsCsv(Exporter):
    """``sessions.csv``: one row per session (id, start, end, title in the tree's
    language)."""

    identifier = "sessions_csv"
    path = "sessions.csv"
    media_type = "text/csv"
    label = "Sessions (CSV)"
    link_text = "CSV"

    def render(self, ctx: ExportContext, path: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "start", "end", "title"])
        for session in ctx.edition.sessions:
            text = ctx.session_text(session)
            writer.writerow(
                [session.id, session.start.isoformat(), session.end.isoformat(), text.title]
            )
        return out.getvalue().encode("utf-8")

    def validate(self, data: bytes) -> list[str]:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        return [f"row {i}: expected 4 fields" for i, row in enumerate(rows, 1) if len(row) != 4]


def _csv_receiver(sender):
    return SessionsCsv


def test_a_fourth_format_is_one_class_registered_through_the_api(site):
    with conference_exporters.connected_to(_csv_receiver):
        output = site.build()
    exporter = SessionsCsv()
    for folder in ("editions/2009", "zh-hans/editions/2009", "en/editions/2009"):
        data = (output / folder / "sessions.csv").read_bytes()
        assert exporter.validate(data) == []
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert rows[0] == ["id", "start", "end", "title"] and len(rows) > 1
    english = {
        row[0]: row[3]
        for row in csv.reader(io.StringIO(site.read("en/editions/2009/sessions.csv")))
    }
    chinese = {
        row[0]: row[3]
        for row in csv.reader(io.StringIO(site.read("zh-hans/editions/2009/sessions.csv")))
    }
    assert english["keynote"] != chinese["keynote"]  # each tree in its language
    edition = site.read("en/editions/2009/index.html")
    assert (
        'href="../../../en/editions/2009/sessions.csv" type="text/csv">Sessions (CSV)</a>'
        in edition
    )
    schedule = site.read("en/editions/2009/schedule.html")
    assert 'href="../../../en/editions/2009/sessions.csv" type="text/csv">CSV</a></p>' in schedule
    # the built-in formats are still written and linked, before it
    assert schedule.index("schedule.json") < schedule.index("sessions.csv")
    assert (output / "en/editions/2009/schedule.xml").is_file()


def test_without_the_receiver_the_format_is_gone(site):
    output = site.build()
    assert not (output / "en/editions/2009/sessions.csv").exists()
    assert "sessions.csv" not in site.read("en/editions/2009/index.html")


class SessionText(SessionExporter):
    identifier = "session_txt"
    path = "sessions/{session}.txt"
    media_type = "text/plain"
    label = link_text = "Text"

    def render(self, ctx, path, session=None):
        return ctx.session_text(session).title.encode("utf-8")


def test_a_session_format_is_written_per_session_and_linked_from_its_page(site):
    with conference_exporters.connected_to(lambda sender: [SessionText]):
        output = site.build()
    assert (output / "en/editions/2009/sessions/keynote.txt").read_text("utf-8")
    page = site.read("en/editions/2009/sessions/keynote.html")
    link = 'href="../../../../en/editions/2009/sessions/keynote.txt" type="text/plain"'
    assert f"{link} download>Text</a>" in page
    assert "keynote.ics" in page  # the calendar too, first


def test_register_exporter_adds_a_format_once():
    before = set(conference_exporters.receivers)
    try:
        assert register_exporter(SessionsCsv) is SessionsCsv
        register_exporter(SessionsCsv)  # a plugin's register() run twice
        exporters = collect(object())
    finally:
        for key in set(conference_exporters.receivers) - before:
            conference_exporters.disconnect(conference_exporters.receivers[key])
    assert [e.identifier for e in exporters].count("sessions_csv") == 1
    assert [e.identifier for e in collect(object())] == [e.identifier for e in builtin()]


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"identifier": "ical"}, "both use 'ical'"),
        ({"path": "schedule.xml"}, "both use 'schedule.xml'"),
        ({"path": "../x.csv"}, "inside the edition's folder"),
        ({"path": "/x.csv"}, "inside the edition's folder"),
        ({"path": "a/./x.csv"}, "inside the edition's folder"),
        ({"path": "{session}.csv"}, "inside the edition's folder"),
        ({"path": "{site_url}.csv"}, "inside the edition's folder"),
        ({"media_type": ""}, "has no media_type"),
        ({"link_text": ""}, "has no link_text"),
        ({"identifier": None}, "has no identifier"),
    ],
)
def test_a_bad_exporter_is_refused_naming_it(attributes, message):
    bad = type("BadExporter", (SessionsCsv,), attributes)
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        Exporters([*builtin(), bad])
    assert "BadExporter" in str(error.value)


def test_a_session_format_needs_the_session_in_its_path():
    bad = type("NoSession", (SessionText,), {"path": "sessions/all.txt"})
    with pytest.raises(ValueError, match="NoSession"):
        Exporters([bad])


def test_a_receiver_must_return_exporter_classes():
    def wrong(sender):
        return "csv"

    with conference_exporters.connected_to(wrong), pytest.raises(ValueError, match="wrong"):
        collect(object())


def test_the_readme_lists_every_format_with_its_path_and_media_type():
    text = (ROOT / "README.md").read_text("utf-8")
    table = text.split("<!-- exporters:", 1)[1].split("\n\n", 1)[0]
    rows = [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in table.splitlines()[3:]
    ]
    expected = [
        [e.identifier, e.path.format(edition="<id>", session="<session>"), e.media_type]
        for e in Exporters(builtin())
    ]
    assert rows == expected


def test_the_labels_are_in_the_theme_catalogs():
    """Labels are msgids the templates translate: each is in every catalog."""
    for catalog in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        text = catalog.read_text("utf-8")
        for exporter in Exporters(builtin()):
            for msgid in {exporter.label, exporter.link_text}:
                assert f'msgid "{msgid}"' in text, (catalog, msgid)


def test_builtin_exports_of_a_build_pass_their_own_validation(site):
    output = site.build()
    for exporter in Exporters(builtin()).edition_exporters:
        for folder in ("editions/2009", "zh-hans/editions/2009", "en/editions/2009"):
            path = Path(exporter.output_path(folder, SimpleNamespace(id="2009")))
            assert exporter.validate((output / path).read_bytes()) == [], (
                exporter.identifier,
                path,
            )
