"""Chinese charsets: declared, sent in the HTTP header, undeclared, and lied about."""

from __future__ import annotations

import re

import pytest

from plugins.planet.fetch import run_fetch
from plugins.planet.parse import ParseJob, parse_feed
from plugins.planet.sources import FeedSource
from plugins.planet.store import Store

from .conftest import ROOT, rss

TITLE_HANS = "第五届中文网志年会在连州举行"
TITLE_HANT = "第五屆中文網誌年會在連州舉行"


def titles(body: bytes, **job) -> list[str]:
    return [e["title"] for e in parse_feed(ParseJob(body=body, **job))["entries"]]


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_declared_gb_encodings(codec):
    body = rss("博客", [("1", TITLE_HANS, "Sat, 14 Nov 2009 10:00:00 +0800")], codec)
    assert titles(body) == [TITLE_HANS]


def test_big5_declared_and_detected_as_traditional():
    body = rss("網誌", [("1", TITLE_HANT, "Sat, 14 Nov 2009 10:00:00 +0800")], "big5")
    (entry,) = parse_feed(ParseJob(body=body))["entries"]
    assert entry["title"] == TITLE_HANT and entry["lang"] == "zh-Hant"


@pytest.mark.parametrize(("codec", "title"), [("gb2312", TITLE_HANS), ("big5", TITLE_HANT)])
def test_undeclared_chinese_is_sniffed(codec, title):
    body = rss("x", [("1", title, "Sat, 14 Nov 2009 10:00:00 +0800")], codec)
    body = re.sub(rb' encoding="[^"]+"', b"", body)
    assert titles(body) == [title]


def test_http_charset_header_wins_over_a_wrong_declaration(tmp_path, settings, server):
    body = rss("博客", [("1", TITLE_HANS, "Sat, 14 Nov 2009 10:00:00 +0800")], "gb2312")
    body = body.replace(b'encoding="gb2312"', b'encoding="iso-8859-1"')
    url = server.add(
        "/gb.xml", body=body, headers={"Content-Type": "application/xml; charset=GB2312"}
    )
    run_fetch(tmp_path, settings, sources=[FeedSource("gb", url)])
    (entry,) = Store(settings["PLANET_STORE_PATH"]).load("gb").entries
    assert entry["title"] == TITLE_HANS and entry["lang"] == "zh-Hans"


def test_encoding_override_for_a_feed_that_lies(tmp_path, settings, server):
    body = rss("博客", [("1", TITLE_HANS, "Sat, 14 Nov 2009 10:00:00 +0800")], "gb18030")
    body = body.replace(b'encoding="gb18030"', b'encoding="utf-8"')
    url = server.add(
        "/liar.xml", body=body, headers={"Content-Type": "text/xml; charset=iso-8859-1"}
    )
    run_fetch(tmp_path, settings, sources=[FeedSource("liar", url, encoding="gb18030")])
    (entry,) = Store(settings["PLANET_STORE_PATH"]).load("liar").entries
    assert entry["title"] == TITLE_HANS


def test_sample_gb2312_feed(tmp_path, settings):
    raw = (ROOT / "data" / "sample-feeds" / "chen-mo.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="gb2312"?>')
    raw.decode("gb2312")  # really GB2312 bytes
    assert "连州第二天：分组讨论笔记" in titles(raw)


def test_corpus_gb2312_and_big5(corpora):
    folder = corpora / "feedparser"
    gb = folder / "illformed" / "chardet" / "gb2312.xml"
    assert titles(gb.read_bytes()) == ["不归移民漫画系列：专业工作"]
    for path in sorted((folder / "encoding").glob("http_*gb2312*.xml")):
        header = re.search(rb"Header:\s*Content-type:\s*(.+)", path.read_bytes()).group(1)
        parsed = parse_feed(
            ParseJob(body=path.read_bytes(), headers={"content-type": header.decode().strip()})
        )
        assert parsed["bozo"] is None, path.name
    big5 = parse_feed(ParseJob(body=(folder / "illformed" / "chardet" / "big5.xml").read_bytes()))
    assert big5["feed"]["title"].startswith("我希望")
