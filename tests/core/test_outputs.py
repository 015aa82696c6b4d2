"""No silent overwrite: two sources of one output URL stop the build, naming both."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from plugins.core.errors import ContentError
from plugins.core.outputs import OutputClaims, Source
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _problems(site) -> list[str]:
    with pytest.raises(ContentError) as caught:
        site.build()
    return [str(problem) for problem in caught.value.problems]


def test_an_authors_page_at_the_search_pages_url_is_kept_and_reported(site):
    page = site.write("pages/search.en.md", "Title: Search tips\n\nMy own page.\n")
    problems = _problems(site)
    assert len(problems) == 1  # its untranslated copy in zh-hans is the same root cause
    assert str(page) in problems[0] or "search.en.md" in problems[0]
    assert "search plugin" in problems[0]
    assert "en/search.html" in problems[0] and "zh-hans/search.html" in problems[0]
    assert "My own page." in site.read("en/search.html")  # never replaced


def test_two_posts_with_one_slug_in_one_language(site):
    site.write(
        "posts/other.en.md",
        """\
        Title: Another report
        Date: 2009-11-17 10:00
        Slug: report
        Authors: bob

        Other text.
        """,
    )
    problems = _problems(site)
    assert len(problems) == 1
    # the file whose Slug makes the clash is blamed, at that line, and the other is named
    assert "posts/other.en.md:3: [Slug]" in problems[0]
    assert "posts/report.en.md" in problems[0]
    # the conference plugin's slug check finds it before anything is written
    assert "slug 'report'" in problems[0]


def test_a_clean_site_claims_every_path_once(site):
    site.build()
    assert (site.output / "en" / "search.html").is_file()


def test_claims_group_one_origin_and_skip_the_second_writer():
    claims = OutputClaims()
    page = Source("content/pages/x.md", "content/pages/x.md")
    copy = Source("the untranslated version of content/pages/x.md", "content/pages/x.md")
    plugin = Source("the search plugin's page (search.html)")
    assert claims.claim("en/search.html", page)
    assert claims.claim("en/search.html", page)  # the same source again (pagination)
    assert claims.claim("zh-hans/search.html", copy)
    assert not claims.claim("/en/search.html", plugin)
    assert not claims.claim("zh-hans/search.html", plugin)
    assert len(claims.problems()) == 1  # the page and its copy are one origin: one problem
    assert claims.owners["en/search.html"] is page


def test_the_command_line_build_fails_without_fatal_and_without_traceback(site, tmp_path):
    site.write("pages/search.en.md", "Title: Search tips\n\nMy own page.\n")
    conf = tmp_path / "conf.py"
    conf.write_text(
        textwrap.dedent(f"""\
        from pelicanconf import *  # noqa: F403
        PATH = {str(site.content)!r}
        SEARCH_ENABLED = True
        """),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(conf), "-o", str(site.output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "400", "PYTHONPATH": str(ROOT)},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "search.en.md" in output and "search plugin" in output
    assert "Traceback" not in output


def test_a_page_saved_as_a_feeds_path_keeps_the_feed_unwritten_and_is_reported(site):
    site.write("pages/atom.en.md", "Title: Not a feed\nSave_as: en/feed.atom\n\nText.\n")
    problems = _problems(site)
    assert len(problems) == 1
    assert "pages/atom.en.md:2: [Save_as] writes zh-hans/feed.atom and en/feed.atom" in problems[0]
    assert problems[0].endswith("change its Save_as")
    assert "the languages plugin's feed" in problems[0]
    assert "Text." in site.read("en/feed.atom")  # the author's file, not replaced
