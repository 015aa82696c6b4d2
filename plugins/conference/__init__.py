"""Conference plugin: editions, sessions, people and posts' authors from ``content/``."""

from pelican import signals

from plugins.core import outputs
from plugins.core.errors import install_traceback_filter

from .generator import ConferenceGenerator
from .trust import sanitize_content


def _get_generators(pelican):
    return ConferenceGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    signals.get_generators.connect(_get_generators)
    signals.content_object_init.connect(sanitize_content)
    install_traceback_filter()
