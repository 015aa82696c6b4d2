"""Pelican content class for the text of a session in one language."""

from __future__ import annotations

from pelican.contents import Content


class SessionText(Content):
    """``sessions/<id>.<lang>.md``: title, abstract and track in one language.

    Its URL is set by the generator (``override_url``) once the session and language are
    known; the conference generator, not Pelican, writes the page.
    """

    mandatory_properties = ("title",)
    default_template = "session"
    default_status = "published"
