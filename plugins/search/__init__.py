"""Search plugin: a Pagefind index of every language tree, and a search page in each.

The generator (:mod:`.generator`) writes ``/{lang}/search.html``; once Pelican has written
everything, :mod:`.index` runs Pagefind on the output folder, which splits the index by
each page's ``<html lang>`` and ships its own UI files, so search works on the static site
with no server code and no external request.
"""

from pelican import signals

from plugins.core import outputs, siteconfig

from .generator import get_generators
from .index import index_output


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_output)
