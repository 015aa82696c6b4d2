"""Micro-blog account handles (``@user@host``), as moderation rules, people files and
stream posts spell them, and the handle a post's URL reveals.

Feeds of short posts rarely name their author's account: Mastodon's tag and account RSS
give none, so the handle is read from the post's address (``https://host/@user/123``), the
way Mastodon itself builds those addresses; Bluesky's RSS links read
``https://bsky.app/profile/<handle>/post/<id>``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_HANDLE = re.compile(r"^@?([A-Za-z0-9_.-]{1,100})@([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)$")
_USER = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def normalize_handle(value: object) -> str | None:
    """A handle as ``@user@host`` in lower case, or None when ``value`` is not one.
    ``user@host`` and ``@User@Host`` give the same handle."""
    if not isinstance(value, str):
        return None
    found = _HANDLE.match(value.strip())
    if not found:
        return None
    return f"@{found.group(1)}@{found.group(2)}".lower()


def handle_from_url(url: object) -> str | None:
    """The account a post or profile URL belongs to, or None: ``https://host/@user/1`` →
    ``@user@host``; ``https://bsky.app/profile/alice.example/post/x`` →
    ``@alice.example@bsky.app``."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if not host or not segments:
        return None
    user = None
    if segments[0].startswith("@") and "@" not in segments[0][1:]:
        user = segments[0][1:]
    elif segments[0] in ("users", "profile") and len(segments) > 1:
        user = segments[1]
    if user and _USER.match(user):
        return normalize_handle(f"@{user}@{host}")
    return None
