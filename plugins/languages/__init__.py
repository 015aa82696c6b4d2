"""Languages plugin: one build, a tree per language, Babel for every string and date."""

from pelican import signals

from plugins.core import outputs, siteconfig

from .content import assign_language
from .convert import convert_written
from .generator import get_generators
from .jinja import setup_environment


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    signals.content_object_init.connect(assign_language)
    signals.generator_init.connect(setup_environment)
    signals.get_generators.connect(get_generators)
    signals.content_written.connect(convert_written)
