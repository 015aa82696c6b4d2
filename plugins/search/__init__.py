"""Search plugin: a Pagefind index of every language tree, and a search page in each.

The generator (:mod:`.generator`) writes ``/{lang}/search.html``; once Pelican has written
everything, :mod:`.index` runs Pagefind on the output folder, which splits the index by
each page's ``<html lang>`` and ships its own UI files, so search works on the static site
with no server code and no external request.
"""

from pelican import signals

from plugins.core import buildcache, outputs, siteconfig

from .generator import get_generators
from .index import index_output


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    # when and how Pagefind runs changes no page: not in the caches' keys, so a build
    # that indexes later (invoke build, invoke dev) and one that indexes at once (a live
    # round) share their caches instead of each rendering every page again
    buildcache.run_only("SEARCH_DEFER_INDEX", "SEARCH_INDEX_JOBS", "SEARCH_TIMEOUT")
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_output)
