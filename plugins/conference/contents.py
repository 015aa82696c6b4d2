"""Pelican content class for the text of a session in one language; drafts made writable."""

from __future__ import annotations

from pelican.contents import Content
from pelican.urlwrappers import Category


class SessionText(Content):
    """``sessions/<id>.<lang>.md``: title, abstract and track in one language.

    Its URL is set by the generator (``override_url``) once the session and language are
    known; the conference generator, not Pelican, writes the page.
    """

    mandatory_properties = ("title",)
    default_template = "session"
    default_status = "published"


def give_drafts_a_category(generator) -> None:
    """``article_generator_pretaxonomy`` handler: Pelican writes a draft with its
    ``category``, which no post has on this site (``CATEGORY_SAVE_AS`` is empty, so Pelican
    gives none): without one, ``Status: draft`` stopped the build with a traceback."""
    for draft in [*generator.drafts, *generator.drafts_translations]:
        if not hasattr(draft, "category"):  # a name, for URL patterns; no page is written
            draft.category = Category("posts", draft.settings)
