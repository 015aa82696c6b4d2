"""Our errors come before Pelican's: every warning Pelican logs about a content mistake
(fatal under ``--fatal warnings``, a wrapped traceback) is one located line instead, or
nothing when the file at its root is already reported (plugins/core/pelicanwarnings.py)."""

from __future__ import annotations

import logging

import pytest

from plugins.core.pelicanwarnings import translate
from tests.conference.test_problems import check_stops, invoke_build, rewrite


def three_languages(site) -> None:
    """The fixture site in zh-Hans, en and fr, its report post in all three."""
    rewrite(site, "conference.yaml", "languages: [zh-Hans, en]", "languages: [zh-Hans, en, fr]")
    site.write(
        "posts/report.fr.md",
        "Title: Rapport\nDate: 2009-11-16 21:00\nAuthors: alice\n\nTexte.\n",
    )


@pytest.mark.parametrize(
    ("old", "new", "located"),
    [
        ("Date: 2009-11-16 21:00", "Date: 2009-02-30 21:00", ":2: [Date]"),
        ("Title: 年会报道\n", "", ":1: [Title]"),
        ("Edition: 2009", "Editon: 2009", ":4: [Editon]"),
    ],
    ids=["impossible-date", "no-title", "unknown-key"],
)
def test_broken_original_of_two_translations(site, old, new, located):
    """Pelican's "2 original items with slug" never fires: the original is the problem."""
    three_languages(site)
    rewrite(site, "posts/report.zh-Hans.md", old, new)
    lines = check_stops(site, f"content/posts/report.zh-Hans.md{located}")
    assert len(lines) == 1, lines


def test_three_languages_build(site):
    three_languages(site)
    code, output = invoke_build(site)
    assert code == 0, output


def test_two_originals_of_one_slug(site):
    three_languages(site)
    site.write("posts/other.en.md", "Title: O\nDate: 2009-11-16\nSlug: x\n\nT.\n")
    site.write("posts/x.fr.md", "Title: X\nDate: 2009-11-16\n\nT.\n")
    check_stops(
        site, "content/posts/other.en.md:3:", "[Slug]", "second original", "content/posts/x.fr.md"
    )


def test_unknown_replacement_indicator(site):
    rewrite(site, "posts/report.en.md", "Text.", "See [it]({filname}report.zh-Hans.md).")
    check_stops(site, "content/posts/report.en.md:6:", "[link]", "did you mean {filename}?")


def test_attach_link_that_cannot_move(site):
    site.write("images/a.png", "not really a picture")
    rewrite(site, "posts/report.en.md", "Text.", "![a]({attach}../images/a.png)")
    site.write("posts/other.en.md", "Title: O\nDate: 2009-11-16\n\n![a]({attach}../images/a.png)\n")
    lines = check_stops(site, "content/posts/", "[link]", "{attach}", "images/a.png")
    assert len(lines) == 1, lines


def test_tag_without_a_slug(site):
    rewrite(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nTags: ???, ok")
    check_stops(site, "content/posts/report.en.md:5:", "[Tags]", "'???'")


def test_html_meta_tag_without_name(site):
    site.write(
        "posts/extra.en.html",
        "<html><head><title>X</title>\n<meta content='2009-11-16' />\n"
        "<meta name='date' content='2009-11-16'/></head><body>x</body></html>\n",
    )
    check_stops(site, "content/posts/extra.en.html:2:", "[meta]", "no name")


def test_template_not_in_the_theme(site):
    """Pelican would stop with PelicanTemplateNotFound (CRITICAL, a traceback)."""
    rewrite(site, "posts/report.en.md", "Edition: 2009", "Edition: 2009\nTemplate: artcle")
    check_stops(site, "content/posts/report.en.md:5:", "[Template]", "did you mean 'article'?")


def test_an_unknown_pelican_warning_is_reported_on_its_content_file(tmp_path):
    """A warning this project does not know yet, raised while Pelican handles one content
    object, is still a line on that object's file, with Pelican's words."""

    class Content:
        source_path = str(tmp_path / "content/posts/a.en.md")

        def get_relative_source_path(self):
            return "posts/a.en.md"

        def handle(self):
            record = logging.LogRecord(
                "pelican.contents", logging.WARNING, "x", 1, "Something odd in\n%s", ("a",), None
            )
            return translate(record, str(tmp_path / "content"), [])

    (problem,) = Content().handle()
    assert problem.path == Content.source_path
    assert problem.message == "Something odd in a (reported by Pelican)"


def test_a_pelican_warning_about_no_content_is_left_to_pelican(tmp_path):
    record = logging.LogRecord("pelican.utils", logging.WARNING, "x", 1, "Odd %s", ("a",), None)
    assert translate(record, str(tmp_path), []) is None


@pytest.mark.parametrize(
    ("header", "body", "located", "fragment"),
    [
        ("Save_as: ../../outside.html", "Text.", ": [Save_as]", "would be written outside"),
        ("", "![](photo.png)", ":6: [alt]", "no alternative text"),
        ("", "[it]({filename}../images/a.png)", ":6: [link]", "{static} for a file"),
        ("", "![a]({static}../images/none.png)", ":6: [link]", "which is not in content/"),
        ("", "[it]({filename}missing.md)", ":6: [link]", "which is not in the site"),
        ("Date: 2009-11-17", "Text.", ":5: [Date]", "given twice"),
    ],
    ids=["save-as-outside", "empty-alt", "filename-to-static", "static-missing", "link", "dup"],
)
def test_each_pelican_warning_about_a_post(site, header, body, located, fragment):
    """Pelican's own warnings (fatal under --fatal warnings) as one located line each."""
    site.write("images/a.png", "not really a picture")
    rewrite(site, "posts/report.en.md", "Text.", body)
    if header:
        rewrite(site, "posts/report.en.md", "Edition: 2009", f"Edition: 2009\n{header}")
    lines = check_stops(site, f"content/posts/report.en.md{located}", fragment)
    assert len(lines) == 1, lines


def test_broken_original_of_one_translation(site):
    """Pelican's "all items are translations" never fires: the original is the problem."""
    rewrite(site, "posts/report.zh-Hans.md", "Date: 2009-11-16 21:00", "Date: yesterday")
    lines = check_stops(site, "content/posts/report.zh-Hans.md:2: [Date]")
    assert len(lines) == 1, lines


def test_html_meta_tag_with_contents(site):
    site.write(
        "posts/extra.en.html",
        "<html><head><title>X</title>\n<meta name='date' contents='2009-11-16' />\n"
        "</head><body>x</body></html>\n",
    )
    check_stops(site, "content/posts/extra.en.html:2:", "[meta]", "'contents'")


def test_broken_original_page_of_two_translations(site):
    """A misspelt ``Titel:`` is the one problem: the title is not also reported missing."""
    three_languages(site)
    site.write("pages/about.fr.md", "Title: À propos\n\nSite.\n")
    rewrite(site, "pages/about.zh-Hans.md", "Title: 关于", "Titel: 关于")
    lines = check_stops(site, "content/pages/about.zh-Hans.md:1: [Titel]", "did you mean 'Title'")
    assert len(lines) == 1, lines
