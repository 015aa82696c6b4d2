"""Functional tests: build fixture sites and the sample site, assert on the output."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests import cldr
from tests.conftest import ROOT, FixtureSite

URL_MAP = [
    "index.html",
    "{lang}/index.html",
    "{lang}/editions/index.html",
    "{lang}/editions/2009/index.html",
    "{lang}/editions/2009/schedule.html",
    "{lang}/editions/2009/sessions/keynote.html",
    "{lang}/editions/2009/sessions/tools.html",
    "{lang}/people/alice.html",
    "{lang}/people/index.html",
    "{lang}/posts/index.html",
    "{lang}/about.html",
    "feed.atom",
]


def test_fixture_site_has_every_path_of_the_url_map(site, warnings_logged):
    output = site.build()
    for pattern in URL_MAP:
        for lang in ("zh-hans", "en"):
            assert (output / pattern.format(lang=lang)).is_file(), pattern.format(lang=lang)
    assert (output / "zh-hans/posts/report.html").is_file()
    assert (output / "en/posts/report.html").is_file()
    assert warnings_logged() == []


def test_references_are_linked(site):
    site.build()
    session = site.read("en/editions/2009/sessions/keynote.html")
    assert 'href="../../../../en/people/alice.html"' in session
    assert "Micro power" in session
    post = site.read("en/posts/report.html")
    # both authors, linked, joined the English way
    assert re.search(r'people/alice.html">Alice</a> and <a [^>]*people/bob.html">Bob</a>', post)
    post_zh = site.read("zh-hans/posts/report.html")
    assert re.search(r"爱丽丝</a>和<a [^>]*>鲍勃</a>", post_zh)
    assert 'href="../../zh-hans/editions/2009/index.html"' in post_zh


def test_consent_controls_listing(site):
    site.build()
    edition = site.read("en/editions/2009/index.html")
    assert "people/alice.html" in edition
    assert "Carol" not in edition  # listed: false, and no public role
    assert not (site.output / "en/people/carol.html").exists()


def test_untranslated_session_falls_back_to_original_with_notice(site):
    site.build()
    page = site.read("en/editions/2009/sessions/tools.html")
    assert "工具" in page
    assert 'lang="zh-Hans"' in page
    assert f"has not yet been translated into {cldr.language_name('en')}" in page


def test_dates_are_localized_per_tree(site):
    site.build()
    first, last = date(2009, 11, 14), date(2009, 11, 15)
    for segment, tag in (("zh-hans", "zh-Hans"), ("en", "en")):
        page = site.read(f"{segment}/editions/2009/index.html")
        assert f'datetime="2009-11-14">{cldr.date_range(first, last, tag)}</time>' in page
    assert cldr.date_range(first, last, "zh-Hans") != cldr.date_range(first, last, "en")


def test_html_lang_per_tree(site):
    site.build()
    assert '<html lang="zh-Hans">' in site.read("zh-hans/index.html")
    assert '<html lang="en">' in site.read("en/index.html")
    assert '<html lang="en">' in site.read("en/posts/report.html")


def test_configured_segment_moves_the_tree(site):
    site.write(
        "conference.yaml",
        site.path("conference.yaml")
        .read_text()
        .replace("languages: [zh-Hans, en]", "languages: [{tag: zh-Hans, segment: zh}, en]"),
    )
    output = site.build()
    assert (output / "zh/editions/2009/index.html").is_file()
    assert (output / "zh/posts/report.html").is_file()
    assert not (output / "zh-hans").exists()


@pytest.mark.slow
def test_sample_site_builds_without_warnings(tmp_path, warnings_logged):
    sample = FixtureSite.__new__(FixtureSite)
    sample.root, sample.content, sample.output = ROOT, ROOT / "content", tmp_path / "out"
    output = sample.build()
    for lang in ("zh-hans", "en", "fr"):
        for path in (
            "index.html",
            "editions/index.html",
            "editions/2009/index.html",
            "editions/2009/schedule.html",
            "editions/2009/sessions/micro-power.html",
            "editions/2008/index.html",
            "people/huyong.html",
            "posts/index.html",
            "posts/micro-power-keynote.html",
            "about.html",
            "code-of-conduct.html",
        ):
            assert (output / lang / path).is_file(), f"{lang}/{path}"
    assert len(list((output / "zh-hans/editions/2009/sessions").glob("*.html"))) >= 8
    assert warnings_logged() == []
