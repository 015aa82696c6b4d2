"""What the render cache (:mod:`plugins.core.buildcache`) knows of the conference model.

A page about one person or one session is rendered again only when something it shows
changed. A session's page shows its texts (every language's file), its edition (whose
files are in the site digest) and its speakers as links; a person's page shows their file
and everything they speak at or wrote. A person reached from another page (an author, a
speaker) is shown as a link: their file and whether they have a page.
"""

from __future__ import annotations

import json
from typing import Any

from plugins.core import buildcache, keys

from .model import Conference, Edition, Person, Session


def person(value: Person, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """A person: as a link, or as the subject of their page (``top``)."""
    link = ["person", value.id, fp.file(value.source_path), value.has_page]
    if not top:
        return link
    # the page sorts what it lists: the order these lists were filled in does not matter
    return [
        *link,
        sorted(json.dumps(session(s, fp, False)) for s in value.sessions),
        sorted(json.dumps(fp.value(p)) for p in value.posts),
    ]


#: what the roundup plugin sets on a session: the posts its page lists
POSTS = ("roundup_posts", "speaker_posts")


def session(value: Session, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """A session: its texts' files, its speakers as links, the people its roundup and
    speakers' posts name, and as a page's subject those posts (from the planet's store)."""
    texts = sorted((tag, str(text.source_path)) for tag, text in value.texts.items())
    named = [
        p.person
        for p in [*getattr(value, "roundup_posts", ()), *getattr(value, "speaker_posts", ())]
        if getattr(p, "person", None) is not None
    ]
    found = [
        "session",
        value.edition.id,
        value.id,
        [[tag, path, fp.file(path)] for tag, path in texts],
        [person(p, fp, False) for p in [*value.speakers, *named]],
    ]
    if top:  # its page lists them (the planet's and the roundup's fingerprints)
        found += [fp.value(list(getattr(value, name, ()))) for name in POSTS]
    return found


def edition(value: Edition, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """An edition as a session's or post's page shows it: its files are in the digest."""
    return ["edition", value.id]


def conference(value: Conference, fp: buildcache.Fingerprinter, top: bool) -> Any:
    """The conference: ``conference.yaml`` is in the site digest."""
    return ["conference"]


def sources(context: dict) -> list[str]:
    """The files the fingerprints above cover: people files and session texts."""
    paths = [p.source_path for p in context.get(keys.PEOPLE, {}).values()]
    for edition_ in context.get(keys.EDITIONS, ()):
        for session_ in edition_.sessions:
            paths += [str(text.source_path) for text in session_.texts.values()]
    return paths


def structure(context: dict) -> Any:
    """Which people have a page, each session's texts' languages, and which share cards
    exist (every page's ``og:image`` links one; none without a font, see ``cards``)."""
    people = sorted([p.id, p.has_page] for p in context.get(keys.PEOPLE, {}).values())
    sessions = sorted(
        [e.id, s.id, sorted(s.texts)] for e in context.get(keys.EDITIONS, ()) for s in e.sessions
    )
    return [people, sessions, sorted(context.get(keys.SHARE_CARDS) or ())]


def install() -> None:
    """Declare the conference's cacheable pages and fingerprints (idempotent)."""
    buildcache.cacheable("session.html", "person.html", "posts.html", "people.html")
    buildcache.register(Person, person)
    buildcache.register(Session, session)
    buildcache.register(Edition, edition)
    buildcache.register(Conference, conference)
    buildcache.add_sources(sources)
    buildcache.add_structure(structure)
    # the time of a publication dates the schedule changes the build records in its
    # snapshots; what shows a change (a session's calendar, its events) is keyed by the
    # session's revision, which those changes make
    buildcache.run_only("CONFERENCE_PUBLISH_TIME")
