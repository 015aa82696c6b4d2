"""The planet plugin's stages, announced as Pelican announces its generators' stages.

Sender: the :class:`~.generator.PlanetGenerator`; the planet is in its run's context
under :data:`plugins.core.keys.PLANET`. Consumers wait with
:func:`plugins.core.stages.after`, never on the order of ``PLUGINS``.
"""

from blinker import signal

#: the planet is read from the store (filtered to the consenting people) and in the context
planet_generator_finalized = signal("planet_generator_finalized")
