"""The conference pages of one language: home, lists, and each edition's and person's pages.

Called by :class:`.generator.ConferenceGenerator` once per language, after the language
chooser and before the schedule exports; every page goes through
:func:`plugins.core.render.write_page` (the session pages' JSON-LD and coverage are made
when the page is rendered, see :data:`plugins.core.outputs.DEFERRED`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from plugins.core import keys
from plugins.core.collation import collate
from plugins.core.feeds import write_feed
from plugins.core.langtags import PageTranslations
from plugins.core.outputs import DEFERRED, write_output
from plugins.core.render import write_page
from plugins.core.versions import shown_in
from plugins.languages.api import converter_for

from . import pages
from .changelog import change_rows, changes_feed, changes_path
from .offline import OFFLINE_PAGE, edition_offline, offline_json, offline_path

if TYPE_CHECKING:
    from .generator import ConferenceGenerator


def write_language(generator: ConferenceGenerator, writer, language) -> None:
    """Write every conference page of ``language`` with the model ``generator`` loaded."""
    posts = shown_in(generator.posts, language.tag)
    shown_people = [p for p in generator.people.values() if p.has_page]
    write_page(
        generator,
        writer,
        "home.html",
        language,
        "index.html",
        latest_edition=generator.editions[0] if generator.editions else None,
        latest_posts=posts[: generator.config.home_posts],
    )
    write_page(
        generator,
        writer,
        "editions.html",
        language,
        "editions/index.html",
        **pages.editions_page(generator.editions),
    )
    write_page(generator, writer, "posts.html", language, "posts/index.html", posts=posts)
    write_page(
        generator,
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
    write_page(generator, writer, "offline.html", language, OFFLINE_PAGE)
    for edition in generator.editions:
        edition_posts = [p for p in posts if getattr(p, "edition", None) is edition]
        rows = change_rows(edition, language, generator.languages.default.tag)
        write_page(
            generator,
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
            generator.context,
            language.path(changes_path(edition, "atom")),
            changes_feed(generator.conference, edition, language, rows, generator.context),
            "the conference plugin's schedule changes feed",
        )
        # the session pages first: the edition's pages say what they weigh offline
        for session in edition.sessions:
            write_page(
                generator,
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
                        generator.conference,
                        session,
                        language,
                        generator.languages,
                        generator.card_paths,
                        generator.exporters,
                    )
                },
            )
        offline = edition_offline(
            Path(generator.output_path),
            edition,
            language,
            generator.config.offline_auto_size,
            functools.partial(_kept_size, generator, writer),
        )
        write_output(
            writer,
            language.path(offline_path(edition)),
            offline_json(offline),
            "the conference plugin's offline list",
        )
        write_page(
            generator,
            writer,
            "edition.html",
            language,
            edition.page_path,
            edition=edition,
            edition_posts=edition_posts,
            offline=offline,
            **pages.edition_page(
                generator.conference,
                edition,
                language,
                generator.languages,
                generator.card_paths,
                generator.config.edition_page_sessions,
                generator.exporters,
            ),
        )
        write_page(
            generator,
            writer,
            "schedule.html",
            language,
            edition.schedule_path,
            edition=edition,
            offline=offline,
            kept_cell=functools.partial(
                _kept_cell, generator, writer, language, edition.schedule_path
            ),
            **pages.schedule_page(edition, language, generator.languages, generator.exporters),
        )
        if generator.config.programme_pages:
            write_page(
                generator,
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
                generator.conference,
                edition,
                language,
                generator.languages,
                converter_for(generator.context, language),
            ),
            "the conference plugin's schedule data",
        )
    for person in shown_people:
        write_page(
            generator,
            writer,
            "person.html",
            language,
            person.page_path,
            person=person,
            person_posts=shown_in(person.posts, language.tag),
            # its JSON-LD shows the person's file, the conference and the languages (the
            # page's key and the site digest): made only when the page is rendered
            **{
                DEFERRED: functools.partial(
                    pages.person_page, generator.conference, person, language, generator.languages
                )
            },
        )


def _kept_cell(
    generator: ConferenceGenerator,
    writer,
    language,
    page: str,
    session,
    *placing: object,
    caller: Callable[[], str],
) -> Markup:
    """``kept_cell(session, *placing)`` in ``schedule.html``: a session's cell of the grid
    (``caller()``, the call block, renders it), kept by the render cache while the session
    (its texts, its speakers as links), the language, the page (its links are relative to
    it) and the cell's ``placing`` (style, continued, span) are the same; the rooms, the
    theme, the catalogs and the settings are in the site digest. 2,316 cells in three
    languages were a third of a FOSDEM-size rebuild's schedule pages."""
    cache = getattr(writer, "render_cache", None)
    if cache is None:
        return Markup(caller())
    inputs = {"session": session, "language": language.tag, "page": page, "placing": placing}
    return Markup(cache.fragment("schedule-cell", generator.context, inputs, lambda: str(caller())))


def _kept_size(generator: ConferenceGenerator, writer, path: Path, make) -> int:
    """A page's compressed size, kept by the render cache with the key the page was
    written (or left) with: the same key, the same bytes, the same size."""
    cache = getattr(writer, "render_cache", None)
    if cache is None:
        return make()
    name = path.relative_to(generator.output_path).as_posix()
    key = cache.current.get(name)
    if key is None:
        return make()
    # the page's key is a digest of everything the page (and so its size) is made of
    return cache.fragment("gzip-size", generator.context, {}, make, key=key)
