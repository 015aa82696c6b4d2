"""The roundup plugin's stages, announced as Pelican announces its generators' stages.

Sender: the :class:`~.generator.RoundupGenerator`.
"""

from blinker import signal

#: every edition has its ``roundup`` and every session its ``roundup_posts`` and
#: ``speaker_posts``
roundup_generator_finalized = signal("roundup_generator_finalized")
