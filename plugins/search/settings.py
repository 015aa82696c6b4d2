"""Settings of the search plugin, declared once (see :mod:`plugins.core.settings`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from plugins.core.settings import (
    PluginSettings,
    boolean,
    custom,
    integer,
    seconds,
    setting,
    string_list,
)

# A relative path of plain segments: no "..", no leading slash, no backslash.
_RELATIVE = re.compile(r"^(?!.*(?:^|/)\.\.?(?:/|$))[\w.-]+(?:/[\w.-]+)*$")


def _relative(suffix: str = "") -> Any:
    return custom(
        "str",
        f"a relative path without '..'{' ending in .html' if suffix else ''}",
        lambda v: isinstance(v, str) and bool(_RELATIVE.match(v)) and v.endswith(suffix),
    )


@dataclass(frozen=True, kw_only=True)
class SearchSettings(PluginSettings):
    """Validated settings (read from Pelican's settings, never mutated)."""

    enabled: bool = setting(
        "SEARCH_ENABLED",
        True,
        boolean(),
        "index with Pagefind, write the search pages, show the search box; `False` turns "
        "all three off (quick builds)",
    )
    page_save_as: str = setting(
        "SEARCH_PAGE_SAVE_AS",
        "search.html",
        _relative(".html"),
        "the search page inside each language tree",
    )
    bundle_dir: str = setting(
        "SEARCH_BUNDLE_DIR",
        "pagefind",
        _relative(),
        "folder of the index and Pagefind's UI files, relative to the output root",
    )
    exclude_selectors: tuple[str, ...] = setting(
        "SEARCH_EXCLUDE_SELECTORS",
        [],
        string_list("a list of CSS selectors", item=lambda s: bool(s.strip())),
        "CSS selectors of content left out of the index (besides `data-pagefind-ignore`)",
    )
    pagefind_binary: str | None = setting(
        "SEARCH_PAGEFIND_BINARY",
        None,
        custom(
            "str or None",
            "None or the path of an executable",
            lambda v: v is None or (isinstance(v, str) and bool(v)),
        ),
        "the Pagefind executable; `None` uses the one the package ships",
    )
    timeout: float = setting("SEARCH_TIMEOUT", 300.0, seconds(), "time limit of one Pagefind run")
    index_jobs: int | None = setting(
        "SEARCH_INDEX_JOBS",
        None,
        integer(1, none=True),
        "Pagefind runs (one per language, or per shard) at once, each starting as soon as "
        "its index copy is made: `None` runs several only while the sum of their expected "
        "peak memory (measured at their last run) stays within the largest run's, so the "
        "peak is that of one run after the other, and no more than the cores; a number: at "
        "most that many, whatever their memory (`1`: one after the other)",
    )
    shard_pages: int | None = setting(
        "SEARCH_SHARD_PAGES",
        None,
        integer(2, none=True),
        "`None`: one Pagefind run per language (what one index finds); a number: most "
        "pages of one run, a language with more indexed in shards (each page's shard fixed "
        "by a hash of its path) merged by the search page: a Chinese run of 120 pages peaks "
        "near 120 MiB and a rebuild re-indexes only the shards whose pages changed, but "
        "merged shards find more pages than one index for many queries (README, Search)",
    )
    defer_index: bool = setting(
        "SEARCH_DEFER_INDEX",
        False,
        boolean(),
        "write the search pages but leave running Pagefind to the caller "
        "(`python -m plugins.search OUTPUT`); `invoke regenerate` sets it and indexes after "
        "each rebuild, off the critical path, and `invoke build` once Pelican has ended",
    )


DEFAULTS: dict[str, Any] = SearchSettings.defaults()
