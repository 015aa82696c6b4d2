"""The languages plugin's stages, announced as Pelican announces its generators' stages.

Sender: the :class:`~.generator.LanguagesGenerator`.
"""

from blinker import signal

#: every post and page has ``versions`` (language tag -> what that tree shows), and the
#: untranslated and converted versions to write are known
languages_generator_finalized = signal("languages_generator_finalized")
