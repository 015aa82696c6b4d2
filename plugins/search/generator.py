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
from pathlib import PurePosixPath

from pelican.generators import Generator

from plugins.core import keys
from plugins.core.langtags import Language
from plugins.core.outputs import write_output_of
from plugins.core.render import write_page
from plugins.core.siteconfig import site

from . import hansquery
from .scripts import script_of_tag
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
    #: the query table of Simplified trees inside each of them (:mod:`.hansquery`), or
    #: None when OpenCC's dictionaries cannot be read
    hans: str | None = None

    def hans_table(self, language: Language) -> str | None:
        """The query table's path inside ``language``'s tree: a Simplified Chinese tree's
        search page converts Traditional queries with it (None elsewhere)."""
        return self.hans if self.hans and is_hans(language) else None


def is_hans(language: Language) -> bool:
    """Whether ``language`` is Chinese written in Simplified characters (as the index
    copies read its pages' ``<html lang>``)."""
    return script_of_tag(language.html_lang) == "Hans"


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
                hans=_table_path(self.config.page_save_as) if self._converts() else None,
            )
        else:
            self.context.pop(SEARCH, None)

    def _converts(self) -> bool:
        """Whether a Simplified tree's search page converts Traditional queries: the
        site has one, and the table can be made (only then is it made)."""
        languages = site(self.settings).languages
        return any(is_hans(language) for language in languages) and hansquery.available()

    def generate_output(self, writer) -> None:
        """Write ``{lang}/search.html`` for every site language."""
        if not self.config.enabled:
            logger.debug("search: SEARCH_ENABLED is False; no search pages")
            return
        search: SearchContext = self.context[SEARCH]
        for language in site(self.settings).languages:
            write_page(self, writer, "search.html", language, self.config.page_save_as)
            table = search.hans_table(language)
            if table is not None:
                write_output_of(
                    writer,
                    language.path(table),
                    lambda: hansquery.table_json() or "{}",  # "{}": a table converting nothing
                    "the search plugin's query table",
                    context=self.context,
                    inputs={"opencc": hansquery.opencc_version()},
                )


def _table_path(page_save_as: str) -> str:
    """``search.html`` → ``search.hans.json``, beside the search page in its tree."""
    return str(PurePosixPath(page_save_as).with_suffix(".hans.json"))


def get_generators(pelican):
    """``get_generators`` handler: the search page generator."""
    return SearchPageGenerator
