"""Sitemap plugin: ``/sitemap.xml`` with hreflang alternates, and ``/robots.txt``.

Once Pelican has written everything, :mod:`.scan` reads the head of every HTML page in the
output (its canonical URL, hreflang alternates, ``robots`` meta and dates) and
:mod:`.write` lists each page that is its own canonical and not ``noindex``: untranslated
fallbacks (whose canonical is the original), archive copies and the feed health page stay
out. Reading the finished pages, rather than the content, means the sitemap says exactly
what the pages say, whatever plugin wrote them.
"""

from pelican import signals

from plugins.core import siteconfig

from .write import write_sitemap


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    siteconfig.connect()  # FEED_DOMAIN… derived for the run's PATH
    signals.finalized.connect(write_sitemap)
