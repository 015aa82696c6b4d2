"""Load the UI string catalogs, compiling ``.po`` files in memory at build time.

No compiled ``.mo`` is committed: Babel's own reader and writer turn each ``messages.po``
into a :class:`babel.support.Translations` when the build starts.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from plugins.core.errors import ContentError, Problem
from plugins.core.langtags import LanguageSet

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def po_path(folder: Path, catalog_dir: str) -> Path:
    """Where the catalog of one locale lives."""
    return folder / catalog_dir / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(path: Path) -> NullTranslations:
    """Compile one ``.po`` file (fuzzy entries left out) into translations."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as exc:
        raise ContentError([Problem(str(path), f"is not a valid gettext catalog: {exc}")]) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def load_catalogs(folder: Path, languages: LanguageSet) -> dict[str, NullTranslations]:
    """Translations per language tag; a language without a catalog shows the msgids.

    A derived language (zh-Hant converted from zh-Hans) uses its source's catalog: its
    pages are converted once rendered, UI strings included, so its catalog is generated
    at build time and never goes stale (none is committed).
    """
    result: dict[str, NullTranslations] = {}
    for language in languages:
        if language.is_derived:
            continue
        path = po_path(folder, language.catalog_dir)
        if path.exists():
            result[language.tag] = load_catalog(path)
        else:
            logger.debug("languages: no catalog %s, %s shows source strings", path, language.tag)
            result[language.tag] = NullTranslations()
    for language in languages:
        if language.is_derived:
            result[language.tag] = result[languages.get(language.source).tag]
    return result
