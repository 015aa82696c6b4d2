"""Pelican settings for development builds (``invoke build``, ``invoke serve``).

Site name, languages, default language, time zone and public address come from
``content/conference.yaml``, so organizers edit content, not code
(:mod:`plugins.core.siteconfig`).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # so the settings can import the plugins' helpers

from plugins.core.siteconfig import site_settings  # noqa: E402

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "themes" / "ruyi")
PLUGIN_PATHS = [str(ROOT)]
# Any order: a plugin that needs another's results waits for that plugin's signal, and one
# whose prerequisite is missing stops the build naming it (plugins.core.stages).
PLUGINS = [
    "plugins.languages",
    "plugins.conference",
    "plugins.planet",
    "plugins.wall",
    "plugins.roundup",
    "plugins.sitemap",  # its finalized handler reads the finished pages
    "plugins.search",  # its finalized handler indexes the finished output
]

# SITENAME, DEFAULT_LANG, TIMEZONE and FEED_DOMAIN (site_url: feeds need absolute links),
# derived again for the PATH of each run (a test or benchmark pointing PATH elsewhere).
globals().update(site_settings(globals()))
SITEURL = ""
RELATIVE_URLS = True

LANGUAGES_CATALOG_PATH = str(ROOT / "translations")
# A post, page or session without a translation: shown in its original with a notice.
LANGUAGES_UNTRANSLATED = "notice"

# The sample archive is from 2009: show every stored entry, not only the last 14 days of a
# newly added feed (the default for a live planet).
PLANET_NEW_FEED_DAYS = None

# Rebuilds after an edit (`invoke regenerate`) re-read only changed Markdown files
# (Pelican's reader cache, stamped with the settings and plugins' code) and re-render only
# the pages whose inputs changed (the render cache): plugins/core/buildcache.py.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
# A file is known by its bytes, as the render cache knows it: an edit that keeps the
# modification time (a coarse file system, `cp -p`, `rsync -a`) is still read again.
CHECK_MODIFIED_METHOD = "sha256"
# Pelican writes its whole reader cache again after any edit: gzip made that 0.4 s of a
# 1,000-post rebuild's 4.5 s of CPU (the cache is the build's own folder; size is cheap).
GZIP_CACHE = False
RENDER_CACHE = True

# Only posts and pages are Pelican articles and pages; editions, sessions and people are
# read by the conference plugin.
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Content is Markdown only; the reST reader would warn that docutils lacks zh-Hans.
READERS = {"rst": None}
# <slug>.<lang>.md: files sharing a slug are translations of each other.
FILENAME_METADATA = r"(?P<slug>[^.]+)(?:\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*))?"

# DESIGN.md's URL map: every language has its own tree.
ARTICLE_URL = ARTICLE_LANG_URL = "{lang_segment}/posts/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = "{lang_segment}/posts/{slug}.html"
PAGE_URL = PAGE_LANG_URL = "{lang_segment}/{slug}.html"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = "{lang_segment}/{slug}.html"
DRAFT_URL = DRAFT_LANG_URL = "{lang_segment}/drafts/{slug}.html"
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = "{lang_segment}/drafts/{slug}.html"
DRAFT_PAGE_URL = DRAFT_PAGE_LANG_URL = "{lang_segment}/drafts/pages/{slug}.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = "{lang_segment}/drafts/pages/{slug}.html"

# The conference plugin writes the home pages and listings of each language tree.
DIRECT_TEMPLATES = []
INDEX_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""

# Feeds always carry absolute links to the public site (FEED_DOMAIN, from site_url in
# conference.yaml); without one there is nothing valid to link to, so no feed is written.
# The languages plugin writes /feed.atom and /{lang}/feed.atom|rss with their languages
# declared (LANGUAGES_FEED_*); Pelican's own feeds are off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Autoescape everything: feed titles and names are untrusted. Templates mark the HTML they
# trust (rendered Markdown, sanitized planet entries) with |safe.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.do"],
}


def _newest_first(article):
    """Newest first, and posts of one date by their file's path. Pelican reads the files
    in the order of a set, which changes from run to run, so without the second key two
    builds of the same content could list same-dated posts in two orders."""
    return (-article.date.timestamp(), article.source_path)


ARTICLE_ORDER_BY = _newest_first

DEFAULT_PAGINATION = False
SUMMARY_MAX_LENGTH = 60

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
