"""An import's share of the site is bounded: the README documents the caps of an import
(plugins/conference/importer/limits.py) and that the site grows about 25 bytes per byte of
imported text. Imports a schedule of long abstracts (Chinese and English, a fifth of the
text cap) into the sample site, builds it with ``--fatal warnings``, and checks the growth
of the output against that factor, so an export or page that starts copying texts once
more fails here."""

from __future__ import annotations

import io
import json
import shutil

from plugins.conference.importer import limits
from plugins.conference.importer.cli import main
from tests.site.sample import ROOT, pelican

#: bytes of output per byte of imported text the README states (measured: 24)
FACTOR = 25
TALKS = 20


def _text(size: int, index: int) -> str:
    words = ["博客年会微动力广天地", "blogs and the memory of the web", "fédérés et libres"]
    text = ""
    while len(text.encode()) < size:
        text += f"{words[index % 3]} {len(text)} "
    return text


def _schedule() -> tuple[str, int]:
    per_talk = limits.MAX_TEXT // 5 // TALKS // 2  # abstract and description each
    events = [
        {
            "guid": f"bound-{i}",
            "id": i + 1,
            "title": f"Talk {i}",
            "abstract": _text(per_talk, i),
            "description": _text(per_talk, i + 1),
            "date": f"2024-05-04T{9 + i // 4:02d}:{(i % 4) * 15:02d}:00+08:00",
            "duration": "00:15",
            "room": "Hall",
            "persons": [{"code": f"S{i}", "public_name": f"Speaker {i}"}],
        }
        for i in range(TALKS)
    ]
    size = sum(len((e["abstract"] + e["description"]).encode()) for e in events)
    data = {
        "schedule": {
            "conference": {
                "title": "Bound",
                "start": "2024-05-04",
                "end": "2024-05-04",
                "time_zone_name": "Asia/Shanghai",
                "days": [{"index": 1, "date": "2024-05-04", "rooms": {"Hall": events}}],
            }
        }
    }
    return json.dumps(data, ensure_ascii=False), size


def _size(folder) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_an_import_grows_the_site_within_the_documented_bound(tmp_path):
    settings = {"SEARCH_ENABLED": False, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    before = tmp_path / "before"
    settings["PATH"] = str(ROOT / "content")
    result = pelican(before, settings=settings)
    assert result.returncode == 0, result.stderr
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    source, text_bytes = _schedule()
    (tmp_path / "bound.json").write_text(source, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = [str(tmp_path / "bound.json"), "--edition", "bound", "--content", str(content)]
    assert main([*argv, "--language", "en"], out, err) == 0, err.getvalue()
    after = tmp_path / "after"
    result = pelican(after, settings={**settings, "PATH": str(content)})
    assert result.returncode == 0, result.stderr
    assert text_bytes > limits.MAX_TEXT // 6
    growth = _size(after) - _size(before)
    assert 0 < growth < FACTOR * text_bytes, (growth, text_bytes, growth / text_bytes)
