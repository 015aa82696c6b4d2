"""Planet plugin: aggregate consenting participants' feeds into the site.

``invoke fetch`` (``python -m plugins.planet fetch``) downloads feeds into the committed
store ``data/planet/``; the build reads only the store (see :mod:`.generator`).
"""

from pelican import signals

from .generator import PlanetGenerator


def _get_generators(pelican):
    return PlanetGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    signals.get_generators.connect(_get_generators)
