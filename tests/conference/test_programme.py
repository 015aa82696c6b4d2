"""``invoke programme --edition ID``: one PDF per language (WeasyPrint) whose text, read back
with pypdf, holds every session's title in that language, by day and room, with speakers
and abstracts; WeasyPrint reads only the build's own files (plugins/conference/programme.py).
"""

from __future__ import annotations

import re

import pytest
import yaml
from invoke import Exit, MockContext

import tasks
from tests.conftest import skip_or_fail

ROOT = tasks.ROOT
SESSIONS = ROOT / "content/editions/2009/sessions"
SEGMENTS = {"zh-hans": "zh-Hans", "en": "en", "fr": "fr"}

try:
    import pypdf
    import weasyprint  # noqa: F401 - needs Pango: import fails without it
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    pypdf = None
    MISSING = str(exc)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The 2009 edition's programme in every language, written by the task."""
    if pypdf is None:
        skip_or_fail(
            f"WeasyPrint or pypdf is missing ({MISSING}): "
            "pip install --no-deps -r requirements/test.lock"
        )
    dest = tmp_path_factory.mktemp("programme")
    tasks.programme(MockContext(), edition="2009", dest=str(dest))
    return dest


def _title(path) -> str:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return next(line[6:].strip() for line in head.splitlines() if line.startswith("Title:"))


def _titles(tag: str) -> dict[str, str]:
    """Each session's title in ``tag`` (the original's when the session has no translation)."""
    titles = {}
    for original in sorted(SESSIONS.glob("*.zh-Hans.md")):
        session = original.name.removesuffix(".zh-Hans.md")
        translated = SESSIONS / f"{session}.{tag}.md"
        titles[session] = _title(translated if translated.exists() else original)
    return titles


def _text(pdf) -> str:
    """The PDF's text without white space (a title may be broken over two lines)."""
    reader = pypdf.PdfReader(pdf)
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.slow
@pytest.mark.parametrize("segment", sorted(SEGMENTS))
def test_every_session_title_is_in_the_pdf_of_each_language(pdfs, segment):
    pdf = pdfs / f"2009-programme.{segment}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = _text(pdf)
    titles = _titles(SEGMENTS[segment])
    assert len(titles) > 10
    for session, title in titles.items():
        assert re.sub(r"\s+", "", title) in text, f"{session}: {title!r} not in {pdf.name}"


@pytest.mark.slow
def test_the_programme_is_by_day_and_room_with_speakers_and_abstracts(pdfs):
    text = _text(pdfs / "2009-programme.en.pdf")
    edition = yaml.safe_load((ROOT / "content/editions/2009/edition.yaml").read_text("utf-8"))
    # a room heading, a speaker's name, a sentence of an abstract, in the page's language
    assert edition["rooms"][0]["name"]["en"].replace(" ", "") in text
    assert "HuYong" in text
    assert "Onevoiceissmall." in text
    # the Chinese programme embeds a CJK font: its glyphs are text, not missing boxes
    zh = _text(pdfs / "2009-programme.zh-hans.pdf")
    assert "微动力" in zh and "胡泳" in zh
    fonts = set()
    for page in pypdf.PdfReader(pdfs / "2009-programme.zh-hans.pdf").pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in name for name in fonts), fonts


@pytest.mark.slow
def test_an_unknown_edition_is_an_error(tmp_path, monkeypatch):
    if pypdf is None:
        skip_or_fail(f"WeasyPrint or pypdf is missing ({MISSING})")
    with pytest.raises(Exit) as caught:
        tasks.programme(MockContext(), edition="1999", dest=str(tmp_path))
    assert caught.value.code == 1
    assert "no edition '1999'; expected one of: 2008, 2009" in str(caught.value.message)
    assert not list(tmp_path.iterdir())


def test_weasyprint_reads_only_the_builds_files(tmp_path):
    if pypdf is None:
        skip_or_fail(f"WeasyPrint or pypdf is missing ({MISSING})")
    from plugins.conference.programme import local_site

    site = tmp_path / "site"
    (site / "theme").mkdir(parents=True)
    (site / "theme/site.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = local_site("https://blog.example.org", site)
    found = fetcher.fetch("https://blog.example.org/theme/site.css")
    assert b"color: red" in found.read()
    for url in (
        "https://elsewhere.example.org/theme/site.css",
        "https://blog.example.org/../secret.txt",
        "https://blog.example.org/%2e%2e/secret.txt",
        (tmp_path / "secret.txt").as_uri(),
        "http://127.0.0.1:1/x.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.slow
def test_the_map_of_the_rooms_is_printed(pdfs):
    """The sample edition's ``map: rooms.png``: a page of its own, the image embedded."""
    reader = pypdf.PdfReader(pdfs / "2009-programme.en.pdf")
    pages = [p for p in reader.pages if "Map of the rooms" in p.extract_text()]
    assert len(pages) == 1 and len(pages[0].images) == 1


@pytest.mark.parametrize(
    ("value", "make", "message"),
    [
        ("../2008/rooms.png", None, "is not a file name; expected <name>.png or .jpg"),
        ("/etc/rooms.png", None, "is not a file name"),
        ("rooms.svg", None, "is not a file name"),
        ("missing.png", None, "no file 'missing.png' beside edition.yaml"),
        ("fake.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG or JPEG"),
        ("gif.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "is not a PNG or JPEG"),
    ],
)
def test_a_bad_map_is_one_located_problem(tmp_path, value, make, message):
    from plugins.conference.fields import Fields
    from plugins.conference.loader import read_map
    from plugins.core.errors import ProblemCollector
    from plugins.core.yamlio import load_yaml_mapping

    if make is not None:
        (tmp_path / value).write_bytes(make)
    source = tmp_path / "edition.yaml"
    source.write_text(f"number: 1\nmap: {value}\n", encoding="utf-8")
    problems = ProblemCollector()
    fields = Fields(load_yaml_mapping(source), str(source), problems, "en")
    assert read_map(fields, tmp_path) is None
    (problem,) = problems.problems
    assert problem.where == "map" and problem.line == 2 and message in problem.message


def test_a_good_map_is_its_path(tmp_path):
    from PIL import Image

    from plugins.conference.fields import Fields
    from plugins.conference.loader import read_map
    from plugins.core.errors import ProblemCollector
    from plugins.core.yamlio import load_yaml_mapping

    Image.new("L", (4, 4), 255).save(tmp_path / "plan.JPG", format="JPEG")
    source = tmp_path / "edition.yaml"
    source.write_text("map: plan.JPG\n", encoding="utf-8")
    problems = ProblemCollector()
    fields = Fields(load_yaml_mapping(source), str(source), problems, "en")
    assert read_map(fields, tmp_path) == str(tmp_path / "plan.JPG")
    assert not problems.problems
