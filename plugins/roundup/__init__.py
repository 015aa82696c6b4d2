"""Roundup plugin: what the bloggers said about each edition, quoted, translated, archived."""

from pelican import signals

from plugins.core import outputs, siteconfig
from plugins.core.stages import require
from plugins.planet.api import media_wanted

from .api import media_wants
from .generator import RoundupGenerator


def _get_generators(pelican):
    require(pelican.settings, "plugins.roundup", "plugins.conference", "plugins.planet")
    return RoundupGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    signals.get_generators.connect(_get_generators)
    media_wanted.connect(media_wants)  # the archived copies' images (planet's media archive)
