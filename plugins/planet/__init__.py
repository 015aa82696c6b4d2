"""Planet plugin: aggregate consenting participants' feeds into the site.

``invoke fetch`` (``python -m plugins.planet fetch``) downloads feeds into the committed
store ``data/planet/``; the build reads only the store (see :mod:`.generator`).

Pelican is imported only when the plugin is registered: the fetch side (and its parser
processes) never needs it, and importing it costs a fifth of a second per process.
"""


def _get_generators(pelican):
    from plugins.core.stages import require

    from .generator import PlanetGenerator

    require(pelican.settings, "plugins.planet", "plugins.conference")  # the people

    return PlanetGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from plugins.core import outputs, siteconfig

    from . import fingerprints

    fingerprints.install()  # what the render cache keys the planet's pages by
    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH

    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_add_filters)


def _add_filters(generator):
    from .generator import add_filters

    add_filters(generator)
