"""Every ``SEARCH_*`` setting: its default, its validation, and the typed view of them all.

| setting | type | default | meaning |
|---|---|---|---|
| ``SEARCH_ENABLED`` | bool | ``True`` | index the output with Pagefind, write the search pages and show the search box; ``False`` for quick builds |
| ``SEARCH_PAGE_SAVE_AS`` | str | ``"search.html"`` | the search page inside each language tree |
| ``SEARCH_BUNDLE_DIR`` | str | ``"pagefind"`` | folder of the index and Pagefind's UI files, relative to the output root |
| ``SEARCH_EXCLUDE_SELECTORS`` | list of str | ``[]`` | CSS selectors of content left out of the index (besides ``data-pagefind-ignore``) |
| ``SEARCH_PAGEFIND_BINARY`` | str or None | ``None`` | path of the ``pagefind`` executable; ``None`` uses the one the ``pagefind[extended]`` package ships (or ``PAGEFIND_BINARY_PATH``) |
| ``SEARCH_TIMEOUT`` | float (s) | ``300.0`` | limit for one Pagefind run |
| ``SEARCH_DEFER_INDEX`` | bool | ``False`` | write the search pages but do not run Pagefind: the caller indexes the output afterwards with ``python -m plugins.search OUTPUT`` (``invoke regenerate`` does, off a rebuild's critical path) |
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULTS: dict[str, Any] = {
    "SEARCH_ENABLED": True,
    "SEARCH_PAGE_SAVE_AS": "search.html",
    "SEARCH_BUNDLE_DIR": "pagefind",
    "SEARCH_EXCLUDE_SELECTORS": [],
    "SEARCH_PAGEFIND_BINARY": None,
    "SEARCH_TIMEOUT": 300.0,
    "SEARCH_DEFER_INDEX": False,
}

# A relative path of plain segments: no "..", no leading slash, no backslash.
_RELATIVE = re.compile(r"^(?!.*(?:^|/)\.\.?(?:/|$))[\w.-]+(?:/[\w.-]+)*$")


class SearchSettingsError(ValueError):
    """A ``SEARCH_*`` setting has a wrong type or value; the message names it."""


@dataclass(frozen=True)
class SearchSettings:
    """Validated settings (read from Pelican's settings, never mutated)."""

    enabled: bool
    page_save_as: str
    bundle_dir: str
    exclude_selectors: tuple[str, ...]
    pagefind_binary: str | None
    timeout: float
    defer_index: bool = False


def read_settings(settings: Mapping[str, Any]) -> SearchSettings:
    """Validate the SEARCH_* settings; a bad one raises :class:`SearchSettingsError`."""
    value = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    for key in ("SEARCH_ENABLED", "SEARCH_DEFER_INDEX"):
        if not isinstance(value[key], bool):
            _fail(key, "True or False", value[key])
    for key, suffix in (("SEARCH_PAGE_SAVE_AS", ".html"), ("SEARCH_BUNDLE_DIR", "")):
        path = value[key]
        if not isinstance(path, str) or not _RELATIVE.match(path) or not path.endswith(suffix):
            _fail(key, f"a relative path without '..'{' ending in .html' if suffix else ''}",
                  path)
    selectors = value["SEARCH_EXCLUDE_SELECTORS"]
    if isinstance(selectors, str) or not isinstance(selectors, list | tuple) or not all(
        isinstance(s, str) and s.strip() for s in selectors
    ):
        _fail("SEARCH_EXCLUDE_SELECTORS", "a list of CSS selectors", selectors)
    binary = value["SEARCH_PAGEFIND_BINARY"]
    if binary is not None and (not isinstance(binary, str) or not binary):
        _fail("SEARCH_PAGEFIND_BINARY", "None or the path of an executable", binary)
    timeout = value["SEARCH_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        _fail("SEARCH_TIMEOUT", "a number of seconds > 0", timeout)
    return SearchSettings(
        enabled=value["SEARCH_ENABLED"],
        page_save_as=value["SEARCH_PAGE_SAVE_AS"],
        bundle_dir=value["SEARCH_BUNDLE_DIR"],
        exclude_selectors=tuple(selectors),
        pagefind_binary=binary,
        timeout=float(timeout),
        defer_index=value["SEARCH_DEFER_INDEX"],
    )


def _fail(key: str, expected: str, got: Any) -> None:
    raise SearchSettingsError(f"setting {key} must be {expected}, got {got!r}")
