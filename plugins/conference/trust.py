"""Sanitize every Markdown file the site renders (``CONFERENCE_SANITIZE_CONTENT``, on by
default): posts, pages, sessions and roundup introductions.

Pelican passes raw HTML in Markdown through, ``<script>`` and ``onclick`` included: right
for a site whose only authors are its organizers, wrong for one that accepts texts from
the public (pull requests, a shared repository, imported schedules, whose abstracts
speakers write). With the setting on, the HTML of every text read by a Pelican reader
(its content and an explicit summary), whatever plugin reads it, goes through
:func:`plugins.core.sanitize.clean_authored_html`: the nh3 policy of feed entries, plus
``class``, ``id``, site-relative links and Pelican's ``{filename}`` links, which Markdown
and the theme use. Turn it off only when everyone who can change ``content/`` is trusted
(see README, Security). Edition texts and bios (YAML) are plain text, escaped on output.
"""

from __future__ import annotations

import logging

from pelican.contents import Content, Static

from plugins.core.sanitize import INTRASITE_LINK_REGEX, clean_authored_html
from plugins.core.textmemo import remembered

from .settings import ConferenceSettings

logger = logging.getLogger(__name__)


def sanitize_content(instance) -> None:
    """``content_object_init`` handler: sanitize a text's HTML in place (every content
    object but static files: articles, pages, session texts, roundup introductions)."""
    if not isinstance(instance, Content) or isinstance(instance, Static):
        return
    if not ConferenceSettings.read(instance.settings).sanitize_content:
        return
    intrasite = instance.settings.get("INTRASITE_LINK_REGEX") or INTRASITE_LINK_REGEX
    context = getattr(instance, "_context", None)
    content = getattr(instance, "_content", None)
    if content:
        cleaned = _clean(context, content, intrasite)
        if cleaned != content:
            logger.debug("conference: sanitized the HTML of %s", instance.source_path)
        instance._content = cleaned
    summary = instance.metadata.get("summary")
    if summary:
        instance.metadata["summary"] = _clean(context, summary, intrasite)
        if getattr(instance, "_summary", None):
            instance._summary = instance.metadata["summary"]


def _clean(context, html: str, intrasite: str) -> str:
    """:func:`clean_authored_html`, kept between builds for an unchanged text
    (:mod:`plugins.core.textmemo`; None kept for a text that comes out as it went in)."""

    def make() -> str | None:
        cleaned = clean_authored_html(html, intrasite)
        return None if cleaned == html else cleaned

    cleaned = remembered(context, "clean_authored_html", [html, intrasite], make)
    return html if cleaned is None else cleaned
