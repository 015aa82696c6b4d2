"""Pieces of pages kept between builds (plugins/core/keptpieces.py): a ``kept_piece`` call
block rendered once per key (its inputs, the page's SITEURL and language, the site
digest), shared by the pages of one folder and language, dropped when long unused."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment

from plugins.core import keptpieces, keys
from plugins.core.buildcache import RenderCache
from plugins.core.langtags import Language

_TEMPLATE = (
    "{% for n in numbers %}{% call kept_piece('card', n) %}"
    "{{ made(n) }}<a href='{{ SITEURL }}/{{ n }}.html'>{{ n }}</a>{% endcall %}{% endfor %}"
)


class _Build:
    """One build's render cache, ``kept_piece`` and a counter of blocks rendered."""

    def __init__(self, tmp_path: Path, site: str = "site digest") -> None:
        settings = {"OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)}
        self.cache = RenderCache(settings)
        self.cache._site = site  # what every key starts from; the settings' own is tested apart
        self.context: dict = {}
        self.piece = keptpieces.for_run(self.cache, self.context)
        self.rendered: list[int] = []
        env = Environment(autoescape=True)
        env.globals["made"] = lambda n: self.rendered.append(n) or ""
        keptpieces.install(type("Generator", (), {"env": env})())
        self.template = env.from_string(_TEMPLATE)

    def render(self, numbers, siteurl: str = "..", language: str | None = "en", **extra) -> str:
        values = {"numbers": numbers, "SITEURL": siteurl, "output_file": "en/x.html", **extra}
        if language is not None:
            values[keys.PAGE_LANGUAGE] = Language(language, language)
        return self.template.render(values, kept_piece=self.piece)

    def finish(self) -> None:
        store, _ = self.context[keys.KEPT_PIECES]
        store.finalized(object())


def test_a_piece_is_rendered_once_per_key_and_kept_for_the_next_build(tmp_path: Path):
    first = _Build(tmp_path)
    page = first.render([1, 2])
    assert page == "<a href='../1.html'>1</a><a href='../2.html'>2</a>"
    assert first.render([2, 1]).startswith("<a href='../2.html'>")  # another page, same folder
    assert first.rendered == [1, 2]
    assert first.render([1], siteurl="../..") == "<a href='../../1.html'>1</a>"  # deeper
    assert first.render([1], language="fr") == "<a href='../1.html'>1</a>"
    assert first.rendered == [1, 2, 1, 1]
    first.finish()
    second = _Build(tmp_path)
    assert second.render([1, 2]) == page and second.rendered == []
    assert second.render([3]) == "<a href='../3.html'>3</a>" and second.rendered == [3]
    third = _Build(tmp_path, site="another site digest")  # the theme, settings… changed
    assert third.render([1, 2]) == page and third.rendered == [1, 2]


def test_without_a_page_language_the_page_itself_is_in_the_key(tmp_path: Path):
    build = _Build(tmp_path)
    build.render([1], language=None)
    build.render([1], language=None)
    build.render([1], language=None, output_file="en/y.html")
    assert build.rendered == [1, 1]


def test_without_the_render_cache_the_block_renders_as_it_is():
    env = Environment(autoescape=True)
    keptpieces.install(type("Generator", (), {"env": env})())
    template = env.from_string("{% call kept_piece('card', 1) %}<b>{{ 1 }}</b>{% endcall %}")
    assert template.render() == "<b>1</b>"


def test_a_piece_long_unused_is_dropped_and_a_build_with_nothing_new_writes_nothing(
    tmp_path: Path,
):
    build = _Build(tmp_path)
    build.render([1, 2])
    build.finish()
    path = next(tmp_path.glob("pieces-*.json"))
    stamp = path.stat().st_mtime_ns
    again = _Build(tmp_path)
    again.render([1])  # nothing made, nothing dropped yet: the file is as it was
    again.finish()
    assert path.stat().st_mtime_ns == stamp
    for number in range(keptpieces.KEEP_BUILDS + 1):  # each build makes a new piece
        later = _Build(tmp_path)
        later.render([1, 100 + number])
        later.finish()
    pieces = json.loads(path.read_text("utf-8"))["pieces"]
    assert len(pieces) == keptpieces.KEEP_BUILDS + 1  # 1, and the last KEEP_BUILDS new ones
    last = _Build(tmp_path)
    last.render([2, 1])
    assert last.rendered == [2]  # dropped: unused for KEEP_BUILDS builds
