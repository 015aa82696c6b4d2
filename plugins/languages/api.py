"""Public API of the languages plugin for other plugins.

Another plugin imports from here, never from the languages plugin's other modules, and
never reads its private context entries (:data:`plugins.core.keys.LANGUAGES_CATALOGS`).
"""

from __future__ import annotations

from .convert import converter_for
from .jinja import translate
from .stages import languages_generator_finalized

__all__ = ["converter_for", "languages_generator_finalized", "translate"]
