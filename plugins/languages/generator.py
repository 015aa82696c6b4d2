"""The languages generator: untranslated and converted versions, tags and feeds of every tree.

It runs after Pelican's articles and pages generators (which read the real versions) and
sets ``versions`` (see :mod:`.versions`) on every post and page in ``generate_context``, so
before any plugin writes a listing (``generate_output``); then it announces
``languages_generator_finalized`` (:mod:`.stages`).
"""

from __future__ import annotations

import logging

from pelican.contents import Article, Page
from pelican.generators import Generator

from plugins.core import keys
from plugins.core.render import write_page
from plugins.core.siteconfig import site
from plugins.core.versions import shown_in

from .feeds import FeedWriter
from .settings import LanguagesSettings
from .stages import languages_generator_finalized
from .tags import tags_of
from .versions import assign_versions, is_derived, refresh_copies, translated_in

logger = logging.getLogger(__name__)


class LanguagesGenerator(Generator):
    """Writes fallback and converted pages, per-language tag pages and feeds."""

    def generate_context(self) -> None:
        """Link every post and page to its version in each language."""
        self.languages = site(self.settings).languages
        self.config = LanguagesSettings.read(self.settings)
        contents = sorted(
            (
                c
                for c in self.context["generated_content"].values()
                if isinstance(c, (Article, Page)) and c.status in ("published", "hidden")
            ),
            key=lambda c: c.relative_source_path,
        )
        self.fallbacks = assign_versions(contents, self.languages, self.config.hide_untranslated)
        self.posts = [c for c in contents if isinstance(c, Article) and c.status == "published"]
        languages_generator_finalized.send(self)

    def generate_output(self, writer) -> None:
        """Write untranslated and converted versions, tags and feeds."""
        for extra in self.fallbacks:
            if is_derived(extra):  # converted when written (see .convert)
                kind = "article" if isinstance(extra.converted_from, Article) else "page"
                write_page(
                    self, writer, f"{kind}.html", extra.language, extra.page_path, **{kind: extra}
                )
                continue
            kind = "article" if isinstance(extra.original, Article) else "page"
            write_page(
                self,
                writer,
                f"untranslated_{kind}.html",
                extra.fallback_language,
                extra.page_path,
                **{kind: extra, "original": extra.original},
            )
        if self.config.tags_save_as or self.config.tag_save_as:
            self._write_tags(writer)
        if self.config.feed_domain:
            self._write_feeds(writer)
        else:
            logger.debug("languages: FEED_DOMAIN is not set, so no feed is written")

    def _write_tags(self, writer) -> None:
        config = self.config
        per_language = {
            lang.tag: tags_of(shown_in(self.posts, lang.tag), self.settings, lang.locale)
            for lang in self.languages
        }
        where = {}
        for tag, tags in per_language.items():
            for entry in tags:
                where.setdefault(entry.slug, {})[tag] = config.tag_save_as.format(slug=entry.slug)
        index = config.tags_save_as or "index.html"
        for language in self.languages:
            tags = per_language[language.tag]
            if config.tags_save_as:
                write_page(
                    self, writer, "tags.html", language, config.tags_save_as, language_tags=tags
                )
            if not config.tag_save_as:
                continue
            for entry in tags:
                write_page(
                    self,
                    writer,
                    "tag.html",
                    language,
                    config.tag_save_as.format(slug=entry.slug),
                    tag=entry,
                    posts=entry.posts,
                    language_tags=tags,
                    **{keys.TRANSLATED_PATHS: where[entry.slug], keys.UNTRANSLATED_PATH: index},
                    tags_index=index,
                )

    def _write_feeds(self, writer) -> None:
        config = self.config
        feeds = FeedWriter(self.context, config, writer)
        for language in self.languages:
            # a derived language's feed carries its converted copies (its own versions)
            posts = translated_in(self.posts, language.tag)
            if config.feed_atom:
                feeds.write(language.path(config.feed_atom), "atom", posts, language)
            if config.feed_rss:
                feeds.write(language.path(config.feed_rss), "rss", posts, language)
            if config.feed_json:
                feeds.write(language.path(config.feed_json), "json", posts, language)
        if config.feed_all_atom:
            order = {lang.tag: index for index, lang in enumerate(self.languages)}
            everything = sorted(self.posts, key=lambda p: order.get(p.lang, 0))
            everything.sort(key=lambda p: p.date, reverse=True)
            feeds.write(config.feed_all_atom, "atom", everything, None)


def refresh_versions(generators: list[Generator]) -> None:
    """``all_generators_finalized`` handler: the fallback and converted copies take up what
    other generators set on their sources while building their contexts."""
    for generator in generators:
        if isinstance(generator, LanguagesGenerator):
            refresh_copies(generator.fallbacks)


def get_generators(pelican) -> type[Generator]:
    """``get_generators`` handler."""
    return LanguagesGenerator
