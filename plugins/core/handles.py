"""Micro-blog account handles (``@user@host``), as moderation rules, people files and
stream posts spell them, and the account a post's URL reveals.

Feeds of short posts rarely name their author's account: Mastodon's tag and account RSS
give none, so the handle is read from the post's address, the way Mastodon itself builds
those addresses. One account has several address forms, all read here to the same
handle (hand-written: no library of the field parses ActivityPub addresses offline):

- ``https://host/@user/123``: a post on the account's own server;
- ``https://host/@user@otherhost/123``: a post of a remote account as ``host`` shows it
  (the handle is ``@user@otherhost``, not ``host``'s);
- ``https://host/users/user/statuses/123``: the ActivityPub id of a Mastodon post;
- ``https://bsky.app/profile/<handle>/post/<id>``: a Bluesky post.

A display name is never a source: the poster chooses it freely, so a spammer can call
themselves ``@linxiao@social.example.org``; the address is what the server gives.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_HANDLE = re.compile(r"^@?([A-Za-z0-9_.-]{1,100})@([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)$")
_USER = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
#: Feed suffixes of an account's address (Mastodon's ``@user.rss``, a bridge's ``.json``).
_FEED_SUFFIX = re.compile(r"\.(?:rss|atom|json)$", re.IGNORECASE)


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
    """The account a post or profile URL belongs to, or None: ``https://host/@user/1``,
    ``https://host/users/user/statuses/1`` and ``https://other/@user@host/9`` →
    ``@user@host``; ``https://bsky.app/profile/alice.example/post/x`` →
    ``@alice.example@bsky.app``; an account's feed ``https://host/@user.rss`` →
    ``@user@host``."""
    found = _parse(url)
    return found[0] if found else None


def post_key(url: object) -> str | None:
    """The same post under every address form: ``@user@host/123`` for a post URL of one
    of the forms above (``https://host/@user/123``, ``https://other/@user@host/123``,
    ``https://host/users/user/statuses/123``), None for any other URL (a profile, a blog
    post). Mastodon gives a post the same number in all of its own forms; a copy on
    another server with its own number is a different address, matched by its account."""
    found = _parse(url)
    if not found or found[1] is None:
        return None
    return f"{found[0]}/{found[1]}"


def _parse(url: object) -> tuple[str, str | None] | None:
    """(handle, the post's number or None) of an account or post URL, else None."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if not host or not segments:
        return None
    first, rest = segments[0], segments[1:]
    user, post = None, None
    if first.startswith("@"):
        if len(segments) == 1:
            first = _FEED_SUFFIX.sub("", first)
        user, _, remote = first[1:].partition("@")
        host = remote.lower() if remote else host
        post = rest[0] if len(rest) == 1 else None
    elif first == "users" and rest:
        user = rest[0]
        if len(rest) == 3 and rest[1] == "statuses":
            post = rest[2]
    elif first == "profile" and rest:
        user = rest[0]
        if len(rest) == 3 and rest[1] == "post":
            post = rest[2]
    if not user or not _USER.match(user):
        return None
    handle = normalize_handle(f"@{user}@{host}")
    if handle is None:
        return None
    if post is not None and not _USER.match(post):
        post = None
    return handle, post
