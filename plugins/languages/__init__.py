"""Languages plugin: one build, a tree per language, Babel for every string and date."""

from pelican import signals

from plugins.core import buildcache, outputs, siteconfig, urlmemo

from .content import assign_language
from .convert import convert_feed, convert_written
from .generator import get_generators, refresh_versions
from .jinja import setup_environment
from .tags import LanguageTag
from .typeset import typeset_feed, typeset_written


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file (plugins.core.outputs)
    # pages about one post or page: rendered again only when it or its authors change
    buildcache.cacheable(
        "article.html",
        "page.html",
        "untranslated_article.html",
        "untranslated_page.html",
        "tag.html",
        "tags.html",
    )
    buildcache.register(LanguageTag, _tag_fingerprint)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    urlmemo.connect()  # posts' and pages' URLs formatted once per build
    signals.content_object_init.connect(assign_language)
    signals.generator_init.connect(setup_environment)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(refresh_versions)
    signals.content_written.connect(convert_written)
    signals.content_written.connect(typeset_written)
    signals.feed_generated.connect(typeset_feed)
    signals.feed_generated.connect(convert_feed)


def _tag_fingerprint(tag: LanguageTag, fp: buildcache.Fingerprinter, top: bool) -> list:
    """A tag's page shows its posts; another page (the tags index, a tag page listing the
    other tags) shows its name, link and number of posts."""
    shallow = ["tag", tag.name, tag.slug, len(tag.posts)]
    return [*shallow, fp.value(list(tag.posts))] if top else shallow
