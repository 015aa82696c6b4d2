"""Roundup plugin: what the bloggers said about each edition, quoted, translated, archived."""

from pelican import signals

from plugins.core import outputs, siteconfig
from plugins.core.stages import require

from .generator import RoundupGenerator


def _get_generators(pelican):
    require(pelican.settings, "plugins.roundup", "plugins.conference", "plugins.planet")
    return RoundupGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    signals.get_generators.connect(_get_generators)
