"""Sanitize Markdown posts and pages (``CONFERENCE_SANITIZE_CONTENT``, on by default).

Pelican passes raw HTML in Markdown through, ``<script>`` and ``onclick`` included: right
for a site whose only authors are its organizers, wrong for one that accepts posts from
the public (pull requests, a shared repository). With the setting on, the HTML of every
article and page (its content and an explicit summary) goes through
:func:`plugins.core.sanitize.clean_authored_html`: the nh3 policy of feed entries, plus
``class``, ``id`` and relative links, which Markdown and the theme use. Turn it off only
when everyone who can change ``content/`` is trusted (see README, Security).
"""

from __future__ import annotations

import logging

from pelican.contents import Article, Page

from plugins.core.sanitize import clean_authored_html

from .settings import ConferenceSettings

logger = logging.getLogger(__name__)


def sanitize_content(instance) -> None:
    """``content_object_init`` handler: sanitize an article's or page's HTML in place."""
    if not isinstance(instance, Article | Page):
        return
    if not ConferenceSettings.read(instance.settings).sanitize_content:
        return
    content = getattr(instance, "_content", None)
    if content:
        cleaned = clean_authored_html(content)
        if cleaned != content:
            logger.debug("conference: sanitized the HTML of %s", instance.source_path)
        instance._content = cleaned
    summary = instance.metadata.get("summary")
    if summary:
        instance.metadata["summary"] = clean_authored_html(summary)
        if getattr(instance, "_summary", None):
            instance._summary = instance.metadata["summary"]
