"""The search pages: ``/{lang}/search.html`` in every language tree.

Each page loads Pagefind's default UI from the bundle Pagefind writes into the output
(:mod:`.index`), with its strings translated through the site's catalogs, so the page
searches the index of its own ``<html lang>``. The context entry :data:`SEARCH` tells
every template where the search page and the bundle are; it is absent when search is
off, and templates then show no search box.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pelican.generators import Generator

from plugins.core import keys
from plugins.core.render import write_page
from plugins.core.siteconfig import site

from .settings import SearchSettings

logger = logging.getLogger(__name__)

#: Context entry (read by templates): a :class:`SearchContext`, only when search is on.
SEARCH = keys.SEARCH


@dataclass(frozen=True)
class SearchContext:
    """What templates need: the page inside each tree and the bundle at the site root."""

    page: str
    bundle: str
    #: whether a language may be indexed in shards (``SEARCH_SHARD_PAGES``): only then
    #: does the search page fetch the bundle's list of them before starting
    shards: bool = False


class SearchPageGenerator(Generator):
    """Puts :data:`SEARCH` in the context and writes one search page per language."""

    def generate_context(self) -> None:
        """Validate the settings; announce the search page to every template."""
        self.config = SearchSettings.read(self.settings)
        if self.config.enabled:
            self.context[SEARCH] = SearchContext(
                self.config.page_save_as,
                self.config.bundle_dir,
                shards=self.config.shard_pages is not None,
            )
        else:
            self.context.pop(SEARCH, None)

    def generate_output(self, writer) -> None:
        """Write ``{lang}/search.html`` for every site language."""
        if not self.config.enabled:
            logger.debug("search: SEARCH_ENABLED is False; no search pages")
            return
        for language in site(self.settings).languages:
            write_page(self, writer, "search.html", language, self.config.page_save_as)


def get_generators(pelican):
    """``get_generators`` handler: the search page generator."""
    return SearchPageGenerator
