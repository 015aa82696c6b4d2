"""Give every content object its configured language, a pinyin slug and CJK-aware text data.

Pelican lower-cases ``DEFAULT_LANG`` when it decides ``in_default_lang``, so ``zh-Hans``
content would never count as default; and its URL patterns can only use the raw ``lang``.
This handler canonicalizes ``lang`` to the configured tag, sets ``in_default_lang`` and
adds ``lang_segment`` to the metadata for URL patterns such as
``ARTICLE_URL = "{lang_segment}/posts/{slug}.html"``.

It also sets, on every post, page and session text:

- ``slug`` in pinyin when it contains Chinese characters (``LANGUAGES_PINYIN_SLUGS``);
- ``cjk_chars``, ``latin_words``, ``word_count`` and ``reading_minutes``;
- a CJK-aware ``summary`` (unless the file gives ``Summary``), see :func:`.cjk.summarize`.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

from pelican.contents import Static

from plugins.core.errors import ContentError, Problem
from plugins.core.langtags import LanguageSet, closest_tags
from plugins.core.metadata import metadata_line
from plugins.core.siteconfig import site
from plugins.core.text import has_cjk, slugify
from plugins.core.textmemo import remembered

from .cjk import summarize, text_stats
from .settings import LanguagesSettings
from .versions import pick_original

logger = logging.getLogger(__name__)


def assign_language(content) -> None:
    """``content_object_init`` handler; raises ContentError for a language the site lacks."""
    if isinstance(content, Static):
        return
    languages = site(content.settings).languages
    language = languages.get(getattr(content, "lang", None))
    written = _written_language(content, languages, language)
    if (
        language is None
        or language.is_derived
        or (written is not None and languages.get(written) is not language)
    ):
        raise ContentError([_language_problem(content, languages, language, written)])
    content.lang = language.tag
    content.language = language
    content.in_default_lang = language is languages.default
    content.metadata["lang_segment"] = language.segment
    _mark_translation(content, languages)
    annotate_text(content)


def _written_language(content, languages: LanguageSet, language) -> str | None:
    """The language part of the file name as written, when no ``Lang`` key overrides it.

    Pelican's ``FILENAME_METADATA`` takes ``en`` from ``keynote.en_US.md``: the whole part
    after the slug is what the author meant, and it must be a site language too. The file
    is read for a ``Lang`` key only when that part is not ``language`` (either way the
    answer is then the same, and a rebuild reads 3,000 files less).
    """
    pattern = content.settings.get("FILENAME_METADATA")
    if not pattern or not content.source_path:
        return None
    stem = os.path.splitext(os.path.basename(content.source_path))[0]
    match = re.match(pattern, stem)
    if not match or not match.groupdict().get("lang"):
        return None
    written = stem[match.start("lang") :]
    if languages.get(written) is not language and metadata_line(content.source_path, "lang"):
        return None
    return written


def _language_problem(content, languages: LanguageSet, language, written=None) -> Problem:
    """The file's language is not one it may be written in: say where it came from."""
    path = content.source_path
    line = metadata_line(path, "lang")
    written = str(content.metadata.get("lang") if line else written or content.lang)
    origin = "Lang" if line else "the file name <slug>.<lang>.md"
    if language is not None and language.is_derived:
        return Problem(
            path,
            f"{language.tag} (from {origin}) is converted from "
            f"{language.source} when the site is built; expected a text written "
            f"in {language.source}",
            "Lang",
            line,
        )
    close = closest_tags(written, languages)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return Problem(
        path,
        f"language {written!r} (from {origin}) is not a site language{hint}; "
        f"expected one of: {', '.join(languages.tags)}",
        "Lang",
        line,
    )


def _mark_translation(content, languages: LanguageSet) -> None:
    """Mark every version but the original ``Translation: true``, as Pelican expects.

    Pelican takes the default-language file of a group as the original; when there is
    none, it takes all of them and warns (fatal with ``--fatal warnings``). The group is
    known from the file names (``<slug>.<lang>.md`` beside each other), and the original
    is chosen as :func:`.versions.pick_original` does.
    """
    if "translation" in content.metadata or not content.source_path:
        return
    pattern = content.settings.get("FILENAME_METADATA")
    if not pattern:
        return
    folder, name = os.path.split(content.source_path)
    stamp = os.stat(folder).st_mtime_ns
    groups = _filename_groups(folder, stamp, pattern)
    key, _ = _parse_name(name, pattern)
    tags = [lang.tag for lang in map(languages.get, groups.get(key, ())) if lang]
    if content.lang in tags and content.lang != pick_original(tags, languages):
        content.metadata["translation"] = "true"
        content.translation = "true"


@lru_cache(maxsize=256)
def _filename_groups(folder: str, stamp: int, pattern: str) -> dict[str, tuple[str, ...]]:
    # A pure function of the folder's listing (its mtime changes when files come and go).
    del stamp
    groups: dict[str, list[str]] = {}
    for name in sorted(os.listdir(folder)):
        key, lang = _parse_name(name, pattern)
        if key and lang:
            groups.setdefault(key, []).append(lang)
    return {key: tuple(langs) for key, langs in groups.items()}


def _parse_name(name: str, pattern: str) -> tuple[str | None, str | None]:
    match = re.match(pattern, os.path.splitext(name)[0])
    if not match:
        return None, None
    found = match.groupdict()
    return found.get("slug"), found.get("lang")


def annotate_text(content) -> None:
    """Pinyin slug, word counts, reading time and summary of one content object."""
    config = LanguagesSettings.read(content.settings)
    if config.pinyin_slugs:
        _pinyin_slug(content)
    body = content._content or ""
    context = getattr(content, "_context", None)
    cjk_chars, latin_words, word_count, reading_minutes = remembered(
        context,
        "text_stats",
        [body, config.cjk_per_minute, config.words_per_minute],
        lambda: _stats(body, config),
    )
    content.cjk_chars = cjk_chars
    content.latin_words = latin_words
    content.word_count = word_count
    content.reading_minutes = reading_minutes
    content.summary_is_auto = False
    if "summary" not in content.metadata and config.summary_max_length is not None:
        summary = remembered_summary(context, body, config)
        # Pelican reads a summary from metadata and resolves its {filename} links later.
        content.metadata["summary"] = summary
        content._summary = summary
        content.summary_is_auto = True


def _stats(body: str, config: LanguagesSettings) -> tuple[int, int, int, int]:
    stats = text_stats(body, config.cjk_per_minute, config.words_per_minute)
    return stats.cjk_chars, stats.latin_words, stats.word_count, stats.reading_minutes


def remembered_summary(context, html: str, config: LanguagesSettings) -> str:
    """:func:`.cjk.summarize` of ``html`` with the configured lengths, kept between builds
    for an unchanged text (:mod:`plugins.core.textmemo`)."""
    arguments = [html, config.summary_max_length, config.cjk_per_word, config.summary_suffix]
    return remembered(context, "summarize", arguments, lambda: summarize(*arguments))


def _pinyin_slug(content) -> None:
    slug = getattr(content, "slug", None)
    if slug and has_cjk(slug):  # from the file name or the Slug key
        source = slug
    elif (
        "slug" not in content.metadata
        and content.settings.get("SLUGIFY_SOURCE") == "title"
        and has_cjk(getattr(content, "title", ""))
    ):  # Pelican made it from the title
        source = content.title
    else:
        return
    content.slug = slugify(source, content.settings)
    content.metadata["slug"] = content.slug
