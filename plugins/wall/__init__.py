"""Wall plugin: an edition's micro-blog stream, moderated, beside its schedule.

``invoke fetch`` stores the streams an edition lists (``streams`` in ``edition.yaml``) in
the planet's store; this plugin reads them at build time, hides what
``moderation.yaml`` and the people files' consent hide, and writes
``/{lang}/editions/{edition}/wall.html`` with its Atom feeds (see :mod:`.generator`).
"""


def _get_generators(pelican):
    from plugins.core.stages import require

    from .generator import WallGenerator

    require(pelican.settings, "plugins.wall", "plugins.conference", "plugins.planet")
    return WallGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    from pelican import signals

    from plugins.core import outputs, siteconfig
    from plugins.planet.api import media_wanted

    from .api import media_wants

    outputs.connect()  # one source per output file (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    signals.get_generators.connect(_get_generators)
    media_wanted.connect(media_wants)  # what the planet's media archive keeps
