"""Conference plugin: editions, sessions, people and posts' authors from ``content/``."""

from pelican import signals

from plugins.core import outputs
from plugins.core.errors import install_traceback_filter

from .generator import ConferenceGenerator


def _get_generators(pelican):
    return ConferenceGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    signals.get_generators.connect(_get_generators)
    install_traceback_filter()
