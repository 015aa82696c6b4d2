"""``/sitemap.xml`` and ``/robots.txt`` of the sample site: valid, complete, and honest about
languages (hreflang lists page translations only, never feeds)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from plugins.core.settings import SettingError
from plugins.sitemap.scan import PageHead, head_record, read_head
from plugins.sitemap.settings import SitemapSettings
from plugins.sitemap.write import html_files, listed_pages
from tests.conftest import SCHEMAS
from tests.site.sample import site_url

pytestmark = pytest.mark.slow

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _entries(built_site: Path) -> dict[str, dict[str, str]]:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_is_valid(built_site):
    schema = xmlschema.XMLSchema(
        str(SCHEMAS / "sitemap/sitemap.xsd"),
        locations=[("http://www.w3.org/1999/xhtml", str(SCHEMAS / "sitemap/xhtml-link.xsd"))],
    )
    schema.validate(str(built_site / "sitemap.xml"))


def test_sitemap_lists_every_public_page_once_with_its_alternates(built_site):
    entries = _entries(built_site)
    base = site_url()
    for segment in ("zh-hans", "en", "fr"):
        for page in (
            "index.html",
            "editions/2009/schedule.html",
            "about.html",
            "editions/2009/sessions/micro-power.html",
            "people/huyong.html",
        ):
            url = f"{base}/{segment}/{page}"
            assert url in entries, url
            assert entries[url]["x-default"] == f"{base}/zh-hans/{page}"
            assert {entries[url][tag] for tag in ("zh-Hans", "en", "fr")} == {
                f"{base}/{s}/{page}" for s in ("zh-hans", "en", "fr")
            }
    # every alternate is a page, never a feed
    hrefs = {href for links in entries.values() for href in links.values()}
    assert hrefs and all(href.endswith(".html") for href in hrefs)


def test_sitemap_leaves_out_fallbacks_copies_and_noindex_pages(built_site):
    entries = _entries(built_site)
    base = site_url()
    # 2008's disaster-relief session exists only in Chinese: the English page is a fallback
    assert f"{base}/zh-hans/editions/2008/sessions/disaster-relief.html" in entries
    assert f"{base}/en/editions/2008/sessions/disaster-relief.html" not in entries
    assert f"{base}/planet/health.html" not in entries
    archived = [url for url in entries if "/archive/" in url]
    assert archived == []
    # and everything listed is a page on disk that calls itself canonical
    for url in entries:
        path = built_site / url.removeprefix(base + "/")
        assert path.is_file() and read_head(path).canonical == url


def test_posts_carry_their_dates(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    dated = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }
    post = dated[f"{site_url()}/en/posts/call-for-participation.html"]
    assert re.fullmatch(r"2009-11-10T\d\d:\d\d:\d\d\+08:00", post)


def test_robots_points_to_the_sitemap(built_site):
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {site_url()}/sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots.splitlines()


def test_pages_advertise_feeds_without_hreflang_and_with_absolute_links(built_site):
    text = (built_site / "fr/index.html").read_text("utf-8")
    feeds = re.findall(r'<link rel="alternate" type="application/[a-z+]+xml"[^>]*>', text)
    assert feeds and all("hreflang" not in tag for tag in feeds)
    assert all(f'href="{site_url()}/' in tag for tag in feeds)


def test_large_sites_get_a_sitemap_index(built_site, tmp_path):
    from types import SimpleNamespace

    from plugins.sitemap.write import write_sitemap

    run = SimpleNamespace(
        settings={"FEED_DOMAIN": site_url(), "SITEMAP_MAX_URLS": 50}, output_path=str(tmp_path)
    )
    for path in sorted(built_site.rglob("*.html")):
        target = tmp_path / path.relative_to(built_site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    write_sitemap(run)
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    parts = [loc.text for loc in index.iter(f"{{{NS['s']}}}loc")]
    count = len(listed_pages(tmp_path, site_url()))
    assert index.tag == f"{{{NS['s']}}}sitemapindex" and len(parts) == -(-count // 50)
    assert sum(len(ET.parse(tmp_path / p.rsplit("/", 1)[1]).getroot()) for p in parts) == count


@pytest.mark.parametrize(
    ("key", "value"),
    [("SITEMAP_SAVE_AS", "../x.xml"), ("SITEMAP_MAX_URLS", 0), ("SITEMAP_ROBOTS_SAVE_AS", 3)],
)
def test_bad_settings_name_the_setting(key, value):
    with pytest.raises(SettingError, match=key):
        SitemapSettings.read({key: value})


def test_a_rebuild_reads_only_the_heads_of_pages_written_again(tmp_path, monkeypatch):
    from plugins.sitemap import scan
    from plugins.sitemap.scan import HeadCache

    output = tmp_path / "output"
    (output / "en").mkdir(parents=True)
    page = '<html><head><link rel="canonical" href="https://x.test/en/{0}.html">{1}</head>'
    for name in ("a", "b"):
        (output / "en" / f"{name}.html").write_text(page.format(name, ""), encoding="utf-8")
    settings = {"RENDER_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    assert HeadCache.of({**settings, "RENDER_CACHE": False}, output) is None  # publishing

    def scan_with_cache() -> tuple[list, list[str]]:
        read = []
        real = scan.read_head
        monkeypatch.setattr(
            "plugins.sitemap.scan.read_head", lambda path: read.append(path.name) or real(path)
        )
        known = HeadCache.of(settings, output)
        pages = listed_pages(output, "https://x.test", known)
        known.save()
        return pages, read

    first, read = scan_with_cache()
    assert sorted(read) == ["a.html", "b.html"] and len(first) == 2
    again, read = scan_with_cache()
    assert read == [] and again == first  # nothing written again: nothing read
    noindex = '<meta name="robots" content="noindex">'
    (output / "en" / "b.html").write_text(page.format("b", noindex), encoding="utf-8")
    changed, read = scan_with_cache()
    assert read == ["b.html"] and [url for url, _ in changed] == ["https://x.test/en/a.html"]
    [cache_file] = (tmp_path / "cache").glob("sitemap-*.json")
    cache_file.write_text('{"code": "x", "heads": {"en/a.html": 5}}', encoding="utf-8")
    _, read = scan_with_cache()  # a cache of other code, or damaged: every head is read
    assert sorted(read) == ["a.html", "b.html"]


def test_a_site_below_its_hosts_root_is_told_where_robots_txt_went(tmp_path, caplog):
    from types import SimpleNamespace

    from plugins.sitemap.write import write_sitemap

    content = tmp_path / "content"
    content.mkdir()
    (content / "conference.yaml").write_text(
        "name: Conf\nlanguages: [en]\ndefault_language: en\nsite_url: https://example.org/conf/\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    output.mkdir()
    settings = {"PATH": str(content), "FEED_DOMAIN": "https://example.org/conf"}
    with caplog.at_level("WARNING", logger="plugins.sitemap.write"):
        write_sitemap(SimpleNamespace(settings=settings, output_path=str(output)))
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warning == (
        f"sitemap: {content / 'conference.yaml'}:4: [site_url] https://example.org/conf has a "
        "path, so robots.txt is written under /conf/, where crawlers never look; expected a "
        "site at its host's root, or the line 'Sitemap: https://example.org/conf/sitemap.xml' "
        'in the host\'s own https://example.org/robots.txt and SITEMAP_ROBOTS_SAVE_AS = "" in '
        "the settings"
    )
    assert (output / "robots.txt").is_file()  # still written: the warning says where
    caplog.clear()
    with caplog.at_level("WARNING", logger="plugins.sitemap.write"):
        write_sitemap(
            SimpleNamespace(
                settings={**settings, "SITEMAP_ROBOTS_SAVE_AS": ""}, output_path=str(output)
            )
        )
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # acknowledged


def test_a_rebuild_keeps_sitemap_files_whose_pages_and_heads_are_the_same(tmp_path):
    """With the render cache, the sitemap is written again only when a listed page, a head
    or a setting changed, or someone changed the file; what is kept equals a fresh write."""
    from types import SimpleNamespace

    from plugins.sitemap.write import write_sitemap

    output = tmp_path / "output"
    (output / "en").mkdir(parents=True)
    page = '<html lang="en"><head><link rel="canonical" href="https://x.test/en/{0}.html">'
    for name in ("a", "b"):
        (output / "en" / f"{name}.html").write_text(page.format(name), encoding="utf-8")
    settings = {
        "FEED_DOMAIN": "https://x.test",
        "RENDER_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    run = SimpleNamespace(settings=settings, output_path=str(output))
    sitemap = output / "sitemap.xml"

    def build() -> int:
        write_sitemap(run)
        return sitemap.stat().st_mtime_ns

    first = build()
    assert build() == first  # nothing changed: kept
    (output / "en" / "c.html").write_text(page.format("c"), encoding="utf-8")
    second = build()
    assert second != first and b"/en/c.html" in sitemap.read_bytes()
    fresh = tmp_path / "fresh"
    fresh_run = SimpleNamespace(settings={"FEED_DOMAIN": "https://x.test"}, output_path=str(fresh))
    shutil.copytree(output / "en", fresh / "en")
    write_sitemap(fresh_run)
    assert sitemap.read_bytes() == (fresh / "sitemap.xml").read_bytes()
    sitemap.write_text("changed by hand", encoding="utf-8")
    build()
    assert sitemap.read_bytes() == (fresh / "sitemap.xml").read_bytes()  # written again
    run.settings = {**settings, "SITEMAP_MAX_URLS": 2}  # a setting: an index now
    build()
    assert (output / "sitemap-2.xml").is_file() and b"sitemapindex" in sitemap.read_bytes()


def test_a_heads_record_has_every_field_as_asdict_gives_them():
    """The kept heads and the sitemap's digest are made of :func:`head_record`, a shallow
    ``asdict``: a field added to PageHead must be added there too."""
    head = PageHead("https://x.org/en/", {"fr": "https://x.org/fr/"}, True, "2009-11-14")
    assert head_record(head) == dataclasses.asdict(head)
    assert list(head_record(head)) == [f.name for f in dataclasses.fields(PageHead)]


def test_the_pages_are_listed_in_the_order_of_sorted_paths(tmp_path: Path):
    """``html_files`` (names from os.walk) gives the pages of ``sorted(rglob("*.html"))``
    in the same order, where comparing whole strings would not (``a-b`` < ``a/b``)."""
    names = ["a/b.html", "a-b.html", "a.html", "a/c/d.html", "a0.html", "é/x.html", "b.htm"]
    for name in [*names, "a/c/notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    globbed = [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*.html"))]
    assert html_files(tmp_path) == globbed
    assert globbed.index("a/b.html") < globbed.index("a-b.html")
