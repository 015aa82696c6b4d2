"""The conference generator: reads the content model, checks it, writes its pages.

It runs after Pelican's articles and pages generators, so it can also check that every
post names existing people and editions, and link posts to their authors
(:mod:`.references`); each language's pages are written by :mod:`.language_pages`. When
all is loaded it announces ``conference_generator_finalized`` (:mod:`.stages`): the plugins
that use people and editions wait for it instead of relying on the order of ``PLUGINS``.
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
from plugins.core.errors import ContentError, ProblemCollector
from plugins.core.links import symlink_problems
from plugins.core.outputs import write_output
from plugins.core.render import write_global
from plugins.core.report import content_problems, take_pending
from plugins.core.siteconfig import site
from plugins.languages.api import converter_for

from . import pages
from .cards import find_font, plan_cards, write_cards
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
from .language_pages import write_language
from .layout import check_layout
from .loader import load_conference, load_editions, load_people
from .offline import write_manifests, write_worker
from .peoplecache import PeopleCache
from .prefetch import prefetch
from .references import check_coverage_sessions, link_posts
from .references import check_slugs as check_slugs  # re-exported: its name before the split
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
        cache = PeopleCache.of(self.settings, languages)
        people = load_people(facts.people_path, languages, problems, cache)
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
        # the published schedules are an input of the calendars and the changes pages,
        # not of the site digest: each calendar (and each of its events) is keyed by its
        # session's revision (exports), the changes pages and sessions.json are always
        # written, and no cacheable page shows a change
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
            check_coverage_sessions(edition, problems)
        self.readers.save_cache()
        contents = [
            c for c in self.context["generated_content"].values() if isinstance(c, (Article, Page))
        ]
        posts = link_posts(contents, people, editions, problems)
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
            write_language(self, writer, language)
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


def _session_id_of_name(name: str) -> str:
    return Path(name).name.split(".")[0]
