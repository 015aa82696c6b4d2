"""Give every content object its configured language.

Pelican lower-cases ``DEFAULT_LANG`` when it decides ``in_default_lang``, so ``zh-Hans``
content would never count as default; and its URL patterns can only use the raw ``lang``.
This handler canonicalizes ``lang`` to the configured tag, sets ``in_default_lang`` and
adds ``lang_segment`` to the metadata for URL patterns such as
``ARTICLE_URL = "{lang_segment}/posts/{slug}.html"``.
"""

from __future__ import annotations

import logging

from pelican.contents import Static

from plugins.core.siteconfig import language_set

logger = logging.getLogger(__name__)


def assign_language(content) -> None:
    """``content_object_init`` handler; raises ValueError for a language the site lacks."""
    if isinstance(content, Static):
        return
    languages = language_set(content.settings)
    language = languages.get(getattr(content, "lang", None))
    if language is None:
        # Pelican logs a reader's exception without its message, so say it here first.
        logger.error(
            "languages: %s: language %r is not a site language; expected one of: %s "
            "(Lang metadata or file name <slug>.<lang>.md)",
            content.source_path, content.lang, ", ".join(languages.tags),
        )
        raise ValueError(f"language {content.lang!r} is not a site language")
    content.lang = language.tag
    content.language = language
    content.in_default_lang = language is languages.default
    content.metadata["lang_segment"] = language.segment
