"""The conference generator: reads the content model, checks it, writes its pages.

It runs after Pelican's articles and pages generators, so it can also check that every
post names existing people and editions, and link posts to their authors. When all is
loaded it announces ``conference_generator_finalized`` (:mod:`.stages`): the plugins that
use people and editions wait for it instead of relying on the order of ``PLUGINS``.
"""

from __future__ import annotations

import functools
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from pelican.contents import Article, Page
from pelican.generators import Generator

from plugins.core import keys
from plugins.core.collation import collate
from plugins.core.errors import ContentError, ProblemCollector, display_path, shown
from plugins.core.feeds import write_feed
from plugins.core.langtags import PageTranslations
from plugins.core.links import symlink_problems
from plugins.core.metadata import metadata_line
from plugins.core.outputs import DEFERRED, write_output
from plugins.core.render import write_global, write_page
from plugins.core.report import content_problems, report_root, take_pending
from plugins.core.siteconfig import site
from plugins.core.versions import shown_in
from plugins.languages.api import converter_for

from . import pages
from .cards import find_font, plan_cards, write_cards
from .changelog import change_rows, changes_feed, changes_path
from .changes import (
    load_snapshot,
    pending_time,
    publish_snapshot,
    schedule_changes,
    snapshot_path,
)
from .contents import SessionText
from .exports import write_exports
from .exports.registry import collect as collect_exporters
from .fields import suggest
from .layout import check_layout
from .loader import load_conference, load_editions, load_people, unknown_person
from .offline import (
    OFFLINE_PAGE,
    edition_offline,
    offline_json,
    offline_path,
    write_manifests,
    write_worker,
)
from .prefetch import prefetch
from .sessions import build_sessions
from .settings import ConferenceSettings
from .stages import conference_generator_finalized

logger = logging.getLogger(__name__)


class ConferenceGenerator(Generator):
    """Builds ``context["editions"]``, ``["people"]``, ``["sessions"]`` and their pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Pelican's reader cache for the session files, as its generators have for
        # articles and pages (CACHE_CONTENT; a file with a problem is never cached)
        kwargs.setdefault("readers_cache_name", f"{type(self).__name__}-Readers")
        super().__init__(*args, **kwargs)
        # Before any generator reads a file (all are created before the first reads):
        # no symlink in the content folder or the theme leads outside the project.
        problems = symlink_problems(Path(self.path).resolve().parent, [self.path, self.theme])
        if problems:
            raise ContentError(problems)

    def generate_context(self) -> None:
        """Load and validate everything; raise one ContentError listing every problem."""
        self.config = config = ConferenceSettings.read(self.settings)
        facts = site(self.settings)
        languages = self.languages = facts.languages
        # One collector for every phase: an organizer sees all problems in one build.
        problems = ProblemCollector()
        problems.extend(take_pending())  # what Pelican's readers could not read
        check_layout(self.settings, facts, problems)  # content in no place anything reads
        conference = load_conference(facts.conference_file, languages, problems)
        people = load_people(facts.people_path, languages, problems)
        editions = load_editions(facts.editions_path, people, languages, problems)
        for edition in editions.values():
            folder = facts.editions_path / edition.id / "sessions"
            texts = self._read_session_texts(folder, edition.id, problems)
            edition.sessions = build_sessions(
                edition,
                texts,
                people,
                languages.default.tag,
                problems,
                frozenset(languages.tags),
            )
        snapshots = config.snapshot_dir(self.settings)
        published = config.publish_time and datetime.fromisoformat(config.publish_time)
        #: snapshots to record once the pages are written (a publishing build only)
        self.publishing: list[tuple[Any, Path, datetime]] = []
        # the published schedules are an input of the calendars and the changes pages
        if snapshots.is_dir():
            self.context.setdefault(keys.SITE_INPUTS, []).append(str(snapshots))
        for edition in editions.values():
            try:
                snapshot = load_snapshot(snapshot_path(snapshots, edition))
            except ContentError as error:
                problems.extend(error.problems)
                snapshot = None
            folder = facts.editions_path / edition.id / "sessions"
            at = published or pending_time(folder)
            edition.schedule_changes = schedule_changes(edition, snapshot, at)
            if published:
                self.publishing.append((edition, snapshot_path(snapshots, edition), at))
            for session in edition.sessions:
                for tag, text in session.texts.items():
                    text.override_url = languages.get(tag).path(session.page_path)
                for speaker in session.speakers:
                    speaker.sessions.append(session)
            _check_coverage_sessions(edition, problems)
        self.readers.save_cache()
        posts = self._link_posts(people, editions, problems)
        problems.extend(take_pending())
        problems.raise_if_any()

        self.conference, self.people, self.posts = conference, people, posts
        self.editions = sorted(editions.values(), key=lambda e: e.start, reverse=True)
        self.cards = self._plan_cards(config)
        self.card_paths = frozenset(self.cards)
        #: this run's schedule file formats (built-in, and any another plugin adds)
        self.exporters = collect_exporters(self)
        self.context.update(
            {
                # read by every template (Pelican's pages too, written before ours)
                keys.SHARE_CARDS: self.card_paths,
                keys.CONFERENCE: conference,
                keys.EDITIONS: self.editions,
                keys.PEOPLE: people,
                keys.SESSIONS: [s for e in self.editions for s in e.sessions],
            }
        )
        conference_generator_finalized.send(self)

    def _plan_cards(self, config) -> dict[str, tuple]:
        """The share cards this run will write, or none without a font for them."""
        if not config.share_cards:
            return {}
        if find_font(config.card_font) is None:
            logger.info(
                "conference: no font for Chinese found (fc-list :lang=zh-cn), so no "
                "share cards; install fonts-noto-cjk or set CONFERENCE_CARD_FONT"
            )
            return {}
        converter_of = functools.partial(converter_for, self.context)
        return plan_cards(self.conference, self.editions, self.languages, converter_of)

    def _read_session_texts(
        self, folder: Path, edition_id: str, problems: ProblemCollector
    ) -> list[Any]:
        if not folder.is_dir():
            return []
        relative = str(folder.relative_to(self.path))
        texts = []
        names = self.get_files(relative, extensions=self.readers.extensions)
        prefetch(self.readers, [str(Path(self.path) / name) for name in names])
        for name in names:
            try:
                text = self.readers.read_file(
                    base_path=self.path,
                    path=name,
                    content_class=SessionText,
                    context=self.context,
                )
            except Exception as exc:  # the session is broken, not unknown
                path = str(Path(self.path) / name)
                found = content_problems(path, exc)
                if found is None:
                    raise
                problems.extend(found)
                problems.broken("session", f"{edition_id}/{_session_id_of_name(name)}", path)
                continue
            self.add_source_path(text)
            texts.append(text)
        return texts

    def _link_posts(self, people, editions, problems: ProblemCollector) -> list[Any]:
        """Resolve ``Authors`` and ``Edition`` of every post and page."""
        posts = []
        contents = [
            c for c in self.context["generated_content"].values() if isinstance(c, (Article, Page))
        ]
        check_slugs(contents, problems)
        for content in contents:
            content.people = []
            for author in getattr(content, "authors", []):
                person = people.get(author.name)
                if person is None and problems.depends_on_broken("person", author.name):
                    continue
                if person is None:
                    problems.add(
                        content.source_path,
                        unknown_person(author.name, people),
                        "Authors",
                        metadata_line(content.source_path, "authors"),
                    )
                else:
                    content.people.append(person)
            edition_id = content.metadata.get("edition")
            if edition_id is not None:
                edition = editions.get(str(edition_id).strip())
                if edition is None and not problems.depends_on_broken(
                    "edition", str(edition_id).strip()
                ):
                    problems.add(
                        content.source_path,
                        f"unknown edition {shown(edition_id)}"
                        f"{suggest(str(edition_id), sorted(editions))}"
                        f"; expected a folder name under content/editions/: "
                        f"{', '.join(sorted(editions))}",
                        "Edition",
                        metadata_line(content.source_path, "edition"),
                    )
                content.edition = edition
            if isinstance(content, Article) and content.status == "published":
                posts.append(content)
        posts.sort(key=lambda a: a.date, reverse=True)
        for post in posts:
            for person in post.people:
                person.posts.append(post)
        return posts

    def generate_output(self, writer) -> None:
        """Write every conference page in every language, and the language chooser."""
        claims = getattr(writer, "claims", None)
        before = set(claims.owners) if claims is not None else None
        if self.cards:
            write_cards(
                writer,
                self.settings.get("CACHE_PATH", "cache"),
                self.cards,
                find_font(self.config.card_font),
            )
        trees = [{"tag": lang.tag, "segment": lang.segment} for lang in self.languages]
        write_global(
            self, writer, "language_chooser.html", "index.html", languages_json=json.dumps(trees)
        )
        for language in self.languages:
            self._write_language(writer, language)
        write_exports(
            writer, self.conference, self.editions, self.languages, self.context, self.exporters
        )
        if self.config.programme_pages:
            for edition in self.editions:
                if edition.map:
                    data = Path(edition.map).read_bytes()
                    write_output(writer, pages.map_path(edition), data, "the room map")
        converter_of = functools.partial(converter_for, self.context)
        write_manifests(Path(self.output_path), self.conference, self.languages, converter_of)
        # the worker's version hashes the edition pages written just now by this plugin
        # (not a page another plugin wrote before or after, nor one left by an older build)
        mine = set(claims.owners) - before if claims is not None else None
        theme_static = Path(self.settings["THEME"]) / "static"
        write_worker(Path(self.output_path), theme_static, self.languages, mine)
        # a publishing build records what it published (the task restores the snapshots
        # when the build fails after this)
        for edition, path, at in self.publishing:
            publish_snapshot(edition, path, at)

    def _write_language(self, writer, language) -> None:
        posts = shown_in(self.posts, language.tag)
        shown_people = [p for p in self.people.values() if p.has_page]
        write_page(
            self,
            writer,
            "home.html",
            language,
            "index.html",
            latest_edition=self.editions[0] if self.editions else None,
            latest_posts=posts[: self.config.home_posts],
        )
        write_page(
            self,
            writer,
            "editions.html",
            language,
            "editions/index.html",
            **pages.editions_page(self.editions),
        )
        write_page(self, writer, "posts.html", language, "posts/index.html", posts=posts)
        write_page(
            self,
            writer,
            "people.html",
            language,
            "people/index.html",
            listed_people=collate(
                (p for p in shown_people if p.listed),
                language.locale,
                lambda p: p.name.localized(language),
            ),
        )
        write_page(self, writer, "offline.html", language, OFFLINE_PAGE)
        for edition in self.editions:
            edition_posts = [p for p in posts if getattr(p, "edition", None) is edition]
            rows = change_rows(edition, language, self.languages.default.tag)
            write_page(
                self,
                writer,
                "changes.html",
                language,
                changes_path(edition),
                edition=edition,
                changes=rows,
                changes_feed=changes_path(edition, "atom"),
            )
            write_feed(
                writer,
                self.context,
                language.path(changes_path(edition, "atom")),
                changes_feed(self.conference, edition, language, rows, self.context),
                "the conference plugin's schedule changes feed",
            )
            # the session pages first: the edition's pages say what they weigh offline
            for session in edition.sessions:
                write_page(
                    self,
                    writer,
                    "session.html",
                    language,
                    session.page_path,
                    edition=edition,
                    session=session,
                    text=session.text_for(language),
                    **{
                        keys.PAGE_TRANSLATIONS: PageTranslations(
                            frozenset(session.texts), session.original
                        )
                    },
                    # its JSON-LD, video player and coverage follow from the session, the
                    # site digest's files and the edition's organizers (named in it), so
                    # they are made only when the page is rendered
                    shown_organizers=edition.organizers,
                    **{
                        DEFERRED: functools.partial(
                            pages.session_page,
                            self.conference,
                            session,
                            language,
                            self.languages,
                            self.card_paths,
                            self.exporters,
                        )
                    },
                )
            offline = edition_offline(
                Path(self.output_path), edition, language, self.config.offline_auto_size
            )
            write_output(
                writer,
                language.path(offline_path(edition)),
                offline_json(offline),
                "the conference plugin's offline list",
            )
            write_page(
                self,
                writer,
                "edition.html",
                language,
                edition.page_path,
                edition=edition,
                edition_posts=edition_posts,
                offline=offline,
                **pages.edition_page(
                    self.conference,
                    edition,
                    language,
                    self.languages,
                    self.card_paths,
                    self.config.edition_page_sessions,
                    self.exporters,
                ),
            )
            write_page(
                self,
                writer,
                "schedule.html",
                language,
                edition.schedule_path,
                edition=edition,
                offline=offline,
                **pages.schedule_page(edition, language, self.languages, self.exporters),
            )
            if self.config.programme_pages:
                write_page(
                    self,
                    writer,
                    "programme.html",
                    language,
                    pages.programme_path(edition),
                    edition=edition,
                    **pages.programme_page(edition),
                )
            write_output(
                writer,
                language.path(pages.planner_path(edition)),
                pages.planner_json(
                    self.conference,
                    edition,
                    language,
                    self.languages,
                    converter_for(self.context, language),
                ),
                "the conference plugin's schedule data",
            )
        for person in shown_people:
            write_page(
                self,
                writer,
                "person.html",
                language,
                person.page_path,
                person=person,
                person_posts=shown_in(person.posts, language.tag),
                **pages.person_page(self.conference, person, language, self.languages),
            )


def check_slugs(contents: list[Any], problems: ProblemCollector) -> None:
    """Two posts (or two pages) with one slug in one language would be one URL.

    The file that sets its ``Slug`` (or ``Lang``) explicitly is the one reported (it made
    the clash).
    """
    seen: dict[tuple[str, ...], Any] = {}
    lang_lines = {c.source_path: metadata_line(c.source_path, "lang") for c in contents}
    lines = {
        c.source_path: metadata_line(c.source_path, "slug") or lang_lines[c.source_path]
        for c in contents
    }
    for content in sorted(
        contents, key=lambda c: (lines[c.source_path] is not None, c.source_path)
    ):
        key = (type(content).__name__, str(content.status), str(content.lang), str(content.slug))
        first = seen.setdefault(key, content)
        if first is not content:
            problems.add(
                content.source_path,
                f"slug {content.slug!r} in language {content.lang!r} is already used "
                f"by {display_path(first.source_path, report_root())}; expected one "
                "file per slug and language (rename the file or change its Slug)",
                "Lang" if lines[content.source_path] == lang_lines[content.source_path] else "Slug",
                lines[content.source_path],
            )


def _check_coverage_sessions(edition, problems: ProblemCollector) -> None:
    ids = {s.id for s in edition.sessions}
    for item in edition.coverage:
        if (
            item.get("session")
            and item["session"] not in ids
            and not (problems.depends_on_broken("session", f"{edition.id}/{item['session']}"))
        ):
            path, line, where = item["_where"]
            problems.add(
                path,
                f"unknown session {shown(item['session'])}"
                f"{suggest(item['session'], sorted(ids))}; expected a session id of "
                f"edition {shown(edition.id)}",
                f"{where}.session",
                line,
            )


def _session_id_of_name(name: str) -> str:
    return Path(name).name.split(".")[0]
