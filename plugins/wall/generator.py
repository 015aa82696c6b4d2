"""The build side of the wall: ``edition.wall`` for templates, and the wall's files.

For every edition that lists ``streams``, in every language tree:

- ``/{lang}/editions/{edition}/wall.html``: every visible post, by day and hour, each hour
  with the sessions running then; ``wall/<stream>.html`` (when the edition has several
  streams) and ``wall/lang-<segment>.html`` / ``wall/lang-other.html`` (when the posts are
  in several languages) are the same filtered, plain pages reached by links, so the
  filters work without JavaScript;
- ``/{lang}/editions/{edition}/wall.atom`` (and ``/editions/{edition}/wall.atom`` in the
  default language): the newest ``WALL_FEED_MAX_ENTRIES`` posts.

The edition page shows the newest posts (``WALL_LATEST_POSTS``) and the roundup the count
and the most-shared posts (``WALL_MOST_SHARED``), both from ``edition.wall``.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from markupsafe import escape
from pelican.generators import Generator

from plugins.core import keys
from plugins.core.errors import ContentError, Problem, display_path
from plugins.core.feeds import AtomFeed, write_feed
from plugins.core.langtags import display_name
from plugins.core.media import image_urls
from plugins.core.records import short_tag
from plugins.core.render import write_page
from plugins.core.report import report_root
from plugins.core.siteconfig import site
from plugins.core.stages import after
from plugins.core.timezones import shown_zone_name
from plugins.languages.api import translate
from plugins.planet.api import (
    load_feeds,
    normalize_link,
    planet_generator_finalized,
    project_root,
    store_of,
)

from .model import Wall, WallPost, count_shares
from .moderation import Visibility, unmatched_rules
from .settings import WallSettings

logger = logging.getLogger(__name__)

#: Marker of the view of posts in languages the site does not have.
OTHER = "other"


class WallGenerator(Generator):
    """Sets ``edition.wall`` on every edition; writes walls and their feeds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the editions and people come from the conference plugin, the planet (whose
        # shown pictures are never withheld) from the planet plugin, wherever they stand
        after(planet_generator_finalized, self, self._build)

    def generate_context(self) -> None:
        """Validate the settings (the walls are built by :meth:`_build`)."""
        self.config = WallSettings.read(self.settings)
        self.languages = site(self.settings).languages

    def _build(self) -> None:
        """Read each edition's streams from the store, moderated."""
        self.config = WallSettings.read(self.settings)
        self.languages = site(self.settings).languages
        people = self.context.get(keys.PEOPLE) or {}
        problems: list[Problem] = []
        withheld: set[str] = set()
        shown: set[str] = set()
        for edition in self.context.get(keys.EDITIONS) or []:
            edition.wall = build_wall(edition, people, self.settings, problems)
            withheld |= edition.wall.withheld
            shown.update(url for post in edition.wall.posts for url in pictures(post.entry))
            edition.wall.latest_count = self.config.latest_posts
            edition.wall.shared_count = self.config.most_shared
            if edition.wall.hidden:
                logger.info(
                    "wall: %s: %d stored posts hidden by moderation or consent",
                    edition.id,
                    edition.wall.hidden,
                )
        if problems:
            raise ContentError(problems)
        # A hidden post's pictures are published nowhere (the planet copies media/),
        # unless a shown post of a wall or of the planet carries the same picture.
        planet = self.context.get(keys.PLANET)
        for feed_id in planet.records if planet is not None else []:
            for entry in planet.entries_for(feed_id):
                shown.update(image_urls(entry.html))
        self.context.setdefault(keys.WITHHELD_MEDIA, set()).update(withheld - shown)

    def generate_output(self, writer) -> None:
        """Every edition's wall pages in every language, and its feeds."""
        for edition in self.context.get(keys.EDITIONS) or []:
            wall = edition.wall
            if not wall:
                continue
            views = self._views(wall)
            for language in self.languages:
                for view in views:
                    write_page(
                        self,
                        writer,
                        "wall.html",
                        language,
                        view["path"],
                        edition=edition,
                        wall=wall,
                        view=view,
                        wall_days=wall.days(view["posts"]),
                        source_filters=[v for v in views if v["kind"] in ("all", "stream")],
                        language_filters=[v for v in views if v["kind"] in ("all", "lang")],
                        wall_feed=feed_path(edition, language),
                        time_zone=shown_zone_name(
                            edition.timezone, language.locale, [p.entry.date for p in wall.posts]
                        ),
                    )
            self._write_feeds(writer, wall)

    def _views(self, wall: Wall) -> list[dict[str, Any]]:
        """All posts, then one view per stream and per language (when there are several)."""
        edition = wall.edition
        folder = f"editions/{edition.id}/wall/"
        views: list[dict[str, Any]] = [
            {
                "kind": "all",
                "path": edition.wall_path,
                "posts": wall.posts,
                "stream": None,
                "tag": None,
            }
        ]
        if len(wall.streams) > 1:
            for stream in wall.streams:
                posts = [p for p in wall.posts if p.stream is stream]
                views.append(
                    {
                        "kind": "stream",
                        "path": f"{folder}{stream.id}.html",
                        "posts": posts,
                        "stream": stream,
                        "tag": None,
                    }
                )
        tags = {lang.tag: short_tag(lang.tag) or lang.tag for lang in self.languages}
        by_lang = []
        for language in self.languages:
            posts = [p for p in wall.posts if p.entry.lang == tags[language.tag]]
            if posts:
                by_lang.append(
                    {
                        "kind": "lang",
                        "path": f"{folder}lang-{language.segment}.html",
                        "posts": posts,
                        "stream": None,
                        "tag": language.tag,
                    }
                )
        others = [p for p in wall.posts if p.entry.lang not in tags.values()]
        if others:
            by_lang.append(
                {
                    "kind": "lang",
                    "path": f"{folder}lang-{OTHER}.html",
                    "posts": others,
                    "stream": None,
                    "tag": OTHER,
                }
            )
        if len(by_lang) > 1:
            views += by_lang
        return views

    def _write_feeds(self, writer, wall: Wall) -> None:
        """The neutral feed (default language) and one per language tree."""
        conference = self.context[keys.CONFERENCE]
        edition = wall.edition
        # a derived language's (zh-Hant) is converted when written (the languages plugin)
        for language, path in [
            (self.languages.default, feed_path(edition)),
            *((lang, feed_path(edition, lang)) for lang in self.languages),
        ]:
            # "Wall" is a template string too, so the catalogs have it
            title = (
                f"{conference.name.localized(language)} · {edition.year} · "
                f"{translate(self.context, language.tag, 'Wall')}"
            )
            write_feed(
                writer,
                self.context,
                path,
                wall_feed(wall, conference, language, path, self.config, title),
                "the wall plugin's feed",
            )


def feed_path(edition: Any, language: Any = None) -> str:
    """Output path of the wall feed in ``language``'s tree (the neutral one for None)."""
    path = f"editions/{edition.id}/wall.atom"
    return language.path(path) if language is not None else path


def language_label(tag: str, in_tag: str) -> str:
    """A filter's label: the language's name in the page's language, capitalized."""
    name = display_name(tag, in_tag)
    return name[:1].upper() + name[1:]


def build_wall(
    edition: Any,
    people: dict[str, Any],
    settings: dict[str, Any],
    problems: list | None = None,
) -> Wall:
    """The :class:`Wall` of ``edition`` from the store (empty without streams). With
    ``problems`` (a list), the moderation rules that match no stored post are added to it
    (:func:`.moderation.unmatched_rules`), when any of the streams has been fetched."""
    streams = list(getattr(edition, "streams", None) or [])
    if not streams:
        return Wall(edition, [], [])
    by_feed = {stream.feed_id: stream for stream in streams}
    feeds = load_feeds(settings, list(by_feed))
    visibility = Visibility(edition.moderation, people, by_feed)
    if problems is not None and feeds:
        folder = store_of(project_root(settings), settings).folder
        label = display_path(str(folder / f"stream.{edition.id}.*.json"), report_root())
        problems += unmatched_rules(visibility, [record for record, _ in feeds.values()], label)
    posts: list[WallPost] = []
    seen: set[str] = set()
    hidden = 0
    withheld: set[str] = set()
    for stream in streams:
        _record, entries = feeds.get(stream.feed_id, (None, []))
        start, end = _window(stream, edition)
        for entry in entries:
            post = visibility.post(stream.feed_id, entry.id, entry.link, entry.handle)
            shown = start <= entry.date < end
            if visibility.verdict(post):
                hidden += int(shown)
                withheld |= pictures(entry)  # never published, even outside the window
                continue
            if not shown:
                continue
            key = normalize_link(entry.link) or f"{stream.feed_id}\x00{entry.id}"
            if key in seen:  # the same post in two streams (a tag feed and an account)
                continue
            seen.add(key)
            person = visibility.person_of(post)
            name = None if visibility.impersonates(entry.author, post) else entry.author
            posts.append(WallPost(entry, stream, person, account=post.account, display_name=name))
    posts.sort(key=lambda p: (p.entry.date, p.entry.feed_id, p.id))
    count_shares(posts)
    return Wall(edition, posts, streams, hidden, withheld=withheld)


def pictures(entry: Any) -> set[str]:
    """The image URLs of a stream post: in its HTML and attached."""
    attached = {m["url"] for m in entry.media if m.get("medium") == "image"}
    return set(image_urls(entry.html)) | attached


def _window(stream: Any, edition: Any) -> tuple[datetime, datetime]:
    zone = edition.timezone
    first = stream.start or edition.start
    last = stream.end or edition.end
    return (
        datetime.combine(first, time(), zone),
        datetime.combine(last + timedelta(days=1), time(), zone),
    )


def wall_feed(
    wall: Wall, conference: Any, language: Any, path: str, config, title: str
) -> AtomFeed:
    """The Atom document of ``wall`` in ``language``: its newest posts, each titled by
    its text, with its media as links."""
    edition = wall.edition
    base = conference.site_url
    last_day = datetime.combine(edition.end, time(23, 59), edition.timezone)
    feed = AtomFeed(
        title=title,
        link=f"{base}/{language.path(edition.wall_path)}",
        feed_url=f"{base}/{path}",
        description=edition.theme.localized(language),
        language=language.tag,
        stable_date=last_day,
    )
    for post in wall.latest(config.feed_max_entries):
        feed.add_item(
            title=post.title(config.title_length),
            link=post.entry.link or f"{base}/{language.path(edition.wall_path)}#{post.anchor}",
            description=None,
            content=post.entry.content + media_html(post) or None,
            author_name=post.author_in(language.tag) or None,
            pubdate=post.entry.date,
            item_lang=post.entry.lang,
            unique_id=post.entry.atom_id,
        )
    return feed


def media_html(post: WallPost) -> str:
    """A post's attachments as links (pictures stay on their host, as in the planet)."""
    links = [
        f'<li><a href="{escape(m["url"])}">{escape(m.get("alt") or m["url"])}</a></li>'
        for m in post.entry.media
    ]
    return f"<ul>{''.join(links)}</ul>" if links else ""
