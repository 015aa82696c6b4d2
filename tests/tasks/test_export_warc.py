"""``invoke export-warc`` on the sample site: every archived image of the 2009 edition is in
the WARC under its original URL, and an unknown edition is an error."""

from __future__ import annotations

import json

import pytest
from invoke import Exit, MockContext
from warcio.archiveiterator import ArchiveIterator

import tasks


def test_the_sample_editions_warc_holds_its_images(tmp_path, capsys):
    target = tmp_path / "2009.warc.gz"
    tasks.export_warc(MockContext(), edition="2009", output=str(target))
    assert f"in {target}" in capsys.readouterr().out
    with target.open("rb") as stream:
        uris = {
            record.rec_headers.get_header("WARC-Target-URI"): record.rec_type
            for record in ArchiveIterator(stream)
        }
    index = json.loads((tasks.ROOT / "data/media/index.json").read_text(encoding="utf-8"))
    assert index["images"] and set(index["images"]) <= set(uris)
    assert "https://linxiao.example.org/2009/11/nianhui-diyitian.html" in uris
    # the wall's posts and their pictures too, never a post the wall hides
    assert "https://files.social.example.org/media/linxiao/postcard.jpg" in uris
    targets = [uri for uri in uris if uri]  # the warcinfo record has none
    assert any(uri.startswith("https://social.example.org/@linxiao/") for uri in targets)
    assert not [uri for uri in targets if "wanderer" in uri or "spam.example" in uri]


def test_an_unknown_edition_is_an_error(tmp_path, capsys):
    with pytest.raises(Exit) as caught:
        tasks.export_warc(MockContext(), edition="1999", output=str(tmp_path / "x.warc.gz"))
    assert caught.value.code == 1
    assert "unknown edition '1999'" in capsys.readouterr().err
