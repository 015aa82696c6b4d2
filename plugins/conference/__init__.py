"""Conference plugin: editions, sessions, people and posts' authors from ``content/``."""

from pelican import signals

from plugins.core import outputs, report, siteconfig

from . import fingerprints, prefetch
from .contents import give_drafts_a_category
from .generator import ConferenceGenerator
from .pages import add_template_functions
from .reader import use_checking_reader
from .trust import sanitize_content


def _get_generators(pelican):
    return ConferenceGenerator


def _raise_pending(pelican):
    report.raise_pending()


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    outputs.connect()  # one source per output file, problems reported (plugins.core.outputs)
    siteconfig.connect()  # SITENAME, DEFAULT_LANG… derived for the run's PATH
    fingerprints.install()  # what the render cache knows of the model
    signals.get_generators.connect(_get_generators)
    signals.content_object_init.connect(sanitize_content)
    signals.readers_init.connect(use_checking_reader)
    # Markdown converted in a worker process while the build reads on (.prefetch)
    signals.article_generator_preread.connect(prefetch.start)
    signals.page_generator_preread.connect(prefetch.start)
    signals.all_generators_finalized.connect(prefetch.stop)
    signals.article_generator_pretaxonomy.connect(give_drafts_a_category)
    signals.generator_init.connect(add_template_functions)
    signals.all_generators_finalized.connect(_raise_pending)
    signals.finalized.connect(_raise_pending)  # links are resolved while writing
