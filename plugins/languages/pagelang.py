"""The language of the page being rendered: one definition for the Jinja helpers
(:mod:`.jinja`), the readable-text helpers (:mod:`.readable`) and the converted trees
(:mod:`.convert`), which all need it and so cannot import each other for it."""

from __future__ import annotations

from typing import Any

from plugins.core import keys
from plugins.core.langtags import Language


def page_language(ctx: Any) -> Language:
    """The language of the page being rendered."""
    language = ctx.get(keys.PAGE_LANGUAGE)
    if isinstance(language, Language):
        return language
    languages = ctx[keys.LANGUAGES]
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "lang", None):
            return languages.get(content.lang) or languages.default
    return languages.default
