"""The roundup generator: joins editions, coverage and the planet in one page per edition.

It matches when the planet plugin announces ``planet_generator_finalized`` (which follows
the conference plugin's ``conference_generator_finalized``), wherever the plugins stand in
``PLUGINS``; it reads their public context keys and the archive of frozen posts beside
each edition.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.generators import Generator

from plugins.core import keys
from plugins.core.feeds import write_feed
from plugins.core.render import write_page
from plugins.core.sanitize import clean_html, offline_media
from plugins.core.siteconfig import site
from plugins.core.stages import after
from plugins.core.text import html_to_text
from plugins.core.timezones import shown_zone_name
from plugins.languages.api import translate
from plugins.planet.api import planet_generator_finalized

from .archive import FOLDER, ArchivedPost, load_archive, post_key
from .feed import feed_path, roundup_feed
from .matching import Matcher, edition_page_prefixes, names_session
from .model import CoverageItem, Roundup, RoundupPost
from .settings import RoundupSettings
from .stages import roundup_generator_finalized

logger = logging.getLogger(__name__)


class RoundupIntro(Content):
    """``editions/<id>/roundup.<lang>.md``: the editorial introduction of a roundup."""

    default_template = "roundup"
    default_status = "published"


class RoundupGenerator(Generator):
    """Sets ``edition.roundup`` and ``session.roundup_posts``; writes roundup pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        after(planet_generator_finalized, self, self._match)

    def generate_context(self) -> None:
        """Validate the settings (the matching waits for the planet: :meth:`_match`)."""
        self.config = RoundupSettings.read(self.settings)

    def _match(self) -> None:
        """Match planet posts to editions and gather coverage, intros and archives."""
        self.config = RoundupSettings.read(self.settings)
        self.languages = site(self.settings).languages
        conference = self.context[keys.CONFERENCE]
        planet = self.context.get(keys.PLANET)
        entries = _all_entries(planet)
        segments = [lang.segment for lang in self.languages]
        for edition in self.context[keys.EDITIONS]:
            folder = Path(edition.source_path).parent
            matcher = Matcher(
                edition,
                edition_page_prefixes(conference.site_url, segments, edition.id),
                self.config.days_before,
                self.config.days_after,
            )
            posts = {}
            for entry in entries:
                found = matcher.matches(entry)
                if found:
                    post = _from_entry(entry, found, edition.id)
                    posts.setdefault(post.key, post)
            for archived in load_archive(folder / FOLDER):
                post = _from_archive(archived, matcher, edition.id, self.context[keys.PEOPLE])
                posts.setdefault(post.key, post)
            roundup = Roundup(
                edition,
                intros=self._read_intros(folder),
                posts=sorted(posts.values(), key=lambda p: p.date),
            )
            roundup.coverage = _coverage(edition, roundup.posts)
            edition.roundup = roundup
            limit = self.config.per_page  # a session page lists at most one page of posts
            for session in edition.sessions:
                session.speaker_posts = _speaker_posts(planet, session)[:limit]
                session.roundup_posts = [
                    p
                    for p in roundup.posts
                    if names_session(
                        f"{p.title} {html_to_text(p.content)}", session, list(self.languages)
                    )
                ][:limit]
        roundup_generator_finalized.send(self)

    def _read_intros(self, folder: Path) -> dict[str, Any]:
        intros = {}
        for path in sorted(folder.glob("roundup.*.md")):
            intro = self.readers.read_file(
                base_path=self.path,
                path=str(path.relative_to(self.path)),
                content_class=RoundupIntro,
                context=self.context,
            )
            intros[intro.lang] = intro
        return intros

    def generate_output(self, writer) -> None:
        """Roundup pages and archived copies in every language; one Atom feed per edition.

        The roundup is paginated (``ROUNDUP_PER_PAGE`` posts a page, oldest first; the
        introduction, figures and coverage on the first page), so its size is bounded
        however many posts match."""
        per_page = self.config.per_page
        for edition in self.context[keys.EDITIONS]:
            roundup = edition.roundup
            paths = roundup.page_paths(per_page)
            moments = [post.date for post in roundup.posts]
            wall = getattr(edition, "wall", None)  # the wall plugin's, when it runs
            if wall:
                moments += [post.entry.date for post in wall.posts]
            for language in self.languages:
                # every day and time the pages show is in the edition's zone, named once
                time_zone = shown_zone_name(edition.timezone, language.locale, moments)
                for number, path in enumerate(paths, start=1):
                    write_page(
                        self,
                        writer,
                        "roundup.html",
                        language,
                        path,
                        edition=edition,
                        roundup=roundup,
                        excerpt_length=self.config.excerpt_length,
                        page_posts=roundup.listed_posts[
                            (number - 1) * per_page : number * per_page
                        ],
                        page_number=number,
                        page_count=len(paths),
                        previous_path=paths[number - 2] if number > 1 else None,
                        next_path=paths[number] if number < len(paths) else None,
                        time_zone=time_zone if moments else None,
                    )
                for post in roundup.posts:
                    write_page(
                        self,
                        writer,
                        "archived_post.html",
                        language,
                        post.archive_path,
                        edition=edition,
                        post=post,
                        time_zone=shown_zone_name(
                            edition.timezone, language.locale, [post.date, post.first_seen]
                        ),
                    )
            if not roundup.is_empty:
                self._write_feeds(writer, roundup)

    def _write_feeds(self, writer, roundup: Roundup) -> None:
        """The neutral feed (default language) and one per language tree, with a link."""
        conference = self.context[keys.CONFERENCE]
        edition = roundup.edition
        # a derived language's (zh-Hant) is converted when written (the languages plugin)
        for language, path in [
            (self.languages.default, feed_path(edition)),
            *((lang, feed_path(edition, lang)) for lang in self.languages),
        ]:
            feed = roundup_feed(
                roundup,
                conference,
                language,
                path,
                self.config.feed_max_entries,
                self.config.excerpt_length,
                lambda message, tag=language.tag: translate(self.context, tag, message),
            )
            write_feed(writer, self.context, path, feed, "the roundup plugin's feed")


def _all_entries(planet: Any) -> list[Any]:
    """Every stored entry of every aggregated feed (not only the front page)."""
    if planet is None:
        return []
    return [e for feed_id in sorted(planet.records) for e in planet.entries_for(feed_id)]


def _speaker_posts(planet: Any, session: Any) -> list[Any]:
    """Planet entries of the session's speakers dated on the edition's days (its zone)."""
    if planet is None:
        return []
    edition = session.edition
    posts = [
        entry
        for speaker in session.speakers
        for entry in planet.entries_for(speaker.id)
        if edition.start <= entry.date.astimezone(edition.timezone).date() <= edition.end
    ]
    return sorted(posts, key=lambda e: e.date)


def _from_entry(entry: Any, found, edition_id: str) -> RoundupPost:
    return RoundupPost(
        key=post_key(entry.link, entry.feed_id, entry.id),
        feed_id=entry.feed_id,
        link=entry.link,
        title=entry.title,
        author=entry.author,
        person=entry.person,
        date=entry.date,
        first_seen=entry.first_seen,
        lang=entry.lang,
        content=entry.content,
        match=found,
        edition_id=edition_id,
        entry_id=entry.id,
        html=getattr(entry, "html", "") or entry.content,
    )


def _from_archive(
    archived: ArchivedPost, matcher: Matcher, edition_id: str, people: dict[str, Any]
) -> RoundupPost:
    # The archive is a committed file anyone may edit: sanitize again on every load.
    cleaned = clean_html(archived.content, archived.link)
    content = offline_media(cleaned)
    return RoundupPost(
        key=archived.key,
        feed_id=archived.feed_id,
        link=archived.link,
        title=archived.title,
        author=archived.author,
        person=people.get(archived.person_id or ""),
        date=archived.date_value,
        first_seen=archived.first_seen_value,
        lang=archived.lang,
        content=content,
        match=matcher.match(archived.title, content),
        edition_id=edition_id,
        entry_id=archived.id,
        html=cleaned,
    )


def _coverage(edition, posts: list[RoundupPost]) -> list[CoverageItem]:
    by_link = {p.link.rstrip("/"): p for p in posts if p.link}
    sessions = {s.id: s for s in edition.sessions}
    items = []
    for raw in edition.coverage:
        quote = raw.get("quote") or {}
        items.append(
            CoverageItem(
                type=raw["type"],
                url=raw["url"],
                title=raw["title"],
                lang=raw["lang"],
                author=raw.get("author"),
                date=raw.get("date"),
                session=sessions.get(raw.get("session") or ""),
                quote=quote.get("text") if isinstance(quote, dict) else None,
                quote_translations=dict(quote.get("translations") or {})
                if isinstance(quote, dict)
                else {},
                archived=by_link.get((raw["url"] or "").rstrip("/")),
            )
        )
    return items
