"""Markdown converted in a worker process while the build reads on
(plugins/conference/prefetch.py): the same site, the same located errors."""

from __future__ import annotations

import hashlib

import pytest

from plugins.conference import prefetch
from plugins.core.errors import ContentError

SUMMARY_POST = """\
    Title: Notes with a summary
    Date: 2009-11-18 10:00
    Authors: alice
    Summary: A *formatted* summary[^1].

    Text with a footnote[^1] and a [link](https://example.org/).

    [^1]: The note.
    """


def _digests(output) -> dict[str, str]:
    return {
        str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def _served(monkeypatch) -> list[str]:
    """The paths the worker's results were used for."""
    served: list[str] = []
    take = prefetch.Prefetch.take

    def counting(self, path):
        found = take(self, path)
        if found is not None:
            served.append(path)
        return found

    monkeypatch.setattr(prefetch.Prefetch, "take", counting)
    return served


def test_the_worker_gives_the_site_the_build_alone_gives(site, monkeypatch):
    site.write("posts/summary.en.md", SUMMARY_POST)
    served = _served(monkeypatch)
    monkeypatch.setattr(prefetch, "MIN_FILES", 1)
    with_worker = _digests(site.build(SEARCH_ENABLED=False, RENDER_CACHE=False))
    assert any(path.endswith("summary.en.md") for path in served)
    assert any(path.endswith("about.en.md") for path in served)  # pages too
    assert any("/sessions/" in path for path in served)  # and sessions
    served.clear()
    monkeypatch.setattr(prefetch, "MIN_FILES", 10**9)
    alone = _digests(site.build(SEARCH_ENABLED=False, RENDER_CACHE=False))
    assert not served
    assert with_worker == alone


def _problems(site, monkeypatch, minimum: int) -> str:
    monkeypatch.setattr(prefetch, "MIN_FILES", minimum)
    with pytest.raises(ContentError) as info:
        site.build(SEARCH_ENABLED=False, RENDER_CACHE=False)
    return str(info.value)


def test_a_file_the_worker_fails_on_is_reported_by_the_build_as_without_it(site, monkeypatch):
    for relative in ("posts/report.zh-Hans.md", "editions/2009/sessions/tools.zh-Hans.md"):
        path = site.path(relative)
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    site.write("posts/summary.en.md", SUMMARY_POST.replace("Title: Notes", "Titel: Notes"))
    with_worker = _problems(site, monkeypatch, 1)
    assert "report.zh-Hans.md:" in with_worker and "not saved as UTF-8" in with_worker
    assert "summary.en.md:" in with_worker and "'Titel'" in with_worker
    assert "tools.zh-Hans.md:" in with_worker
    assert with_worker == _problems(site, monkeypatch, 10**9)


def test_a_worker_that_dies_leaves_the_build_to_read_on(site, monkeypatch):
    """A killed worker never answers its files: the build stops waiting and reads them."""
    served = _served(monkeypatch)
    monkeypatch.setattr(prefetch, "MIN_FILES", 1)
    monkeypatch.setattr(prefetch, "WAIT", 0.5)
    monkeypatch.setattr(prefetch, "_convert", _die)
    alone = _digests(site.build(SEARCH_ENABLED=False, RENDER_CACHE=False))
    assert not served
    monkeypatch.setattr(prefetch, "MIN_FILES", 10**9)
    assert _digests(site.build(SEARCH_ENABLED=False, RENDER_CACHE=False)) == alone


def _die(path):
    import os

    os._exit(1)
