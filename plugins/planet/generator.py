"""The build side: load the store into ``context["planet"]`` and write the planet pages.

Nothing here touches the network. Pages written, per DESIGN.md's URL map:

- ``/{lang}/planet/index.html`` and ``/{lang}/planet/page/{n}.html`` for every site
  language, newest first; ``/{lang}/planet/{segment}/…`` the same filtered to entries in
  one of the site's languages, and ``/{lang}/planet/other/…`` to entries in any other
  language (or none known). Entries may declare hundreds of languages; the site's own
  set decides the views, so the output grows with the number of entries only.
- ``/planet/feed.atom``, ``/planet/feed.json`` (JSON Feed 1.1), ``/planet/participants.opml``;
- ``/planet/health.html`` for organizers (``noindex``, linked from nowhere);
- ``/media/<ab>/<sha256>.<ext>``: the verified images of the media archive
  (``data/media/``), which pages show instead of the originals (see
  :func:`local_media_filter`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican.generators import Generator

from plugins.conference.api import conference_generator_finalized
from plugins.core import keys
from plugins.core.errors import ContentError
from plugins.core.feeds import write_feed
from plugins.core.langtags import display_name
from plugins.core.links import symlink_problems
from plugins.core.media import LocalImage, localize_media, page_prefix
from plugins.core.outputs import write_output
from plugins.core.records import short_tag
from plugins.core.render import write_global, write_page
from plugins.core.siteconfig import site
from plugins.core.stages import after
from plugins.languages.api import translate

from .api import load_planet, project_root
from .mediastore import MediaLibrary, MediaStore
from .settings import PlanetSettings
from .stages import planet_generator_finalized
from .xmlout import atom_feed, json_feed, opml

logger = logging.getLogger(__name__)

#: Folder and marker of the view of entries in languages the site does not have.
OTHER = "other"


class PlanetGenerator(Generator):
    """Reads ``data/planet/`` and writes the planet pages, feed, OPML and health page.

    The planet needs the people (who consents, which feed): it is read when the
    conference plugin announces ``conference_generator_finalized``, wherever either
    plugin stands in ``PLUGINS``, and announced with ``planet_generator_finalized``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        after(conference_generator_finalized, self, self._load)

    def generate_context(self) -> None:
        """Validate the settings (the planet itself is read by :meth:`_load`)."""
        self.config = PlanetSettings.read(self.settings)

    def _load(self) -> None:
        """Build :class:`~.model.Planet` from the store and the people of the context."""
        self.config = PlanetSettings.read(self.settings)
        root = project_root(self.settings)
        stored = [root / "data", self.config.store_dir(root), self.config.media_dir(root)]
        problems = symlink_problems(root, stored)  # nothing read from outside the project
        if problems:
            raise ContentError(problems)
        self.planet = load_planet(self.settings, self.context[keys.PEOPLE])
        self.context[keys.PLANET] = self.planet
        self.media = MediaStore(self.config.media_dir(project_root(self.settings)))
        self.library = self.media.load_library()
        self.context[keys.MEDIA] = self.library
        # the store and the media archive are not in the render cache's site digest:
        # the pages that show them are keyed by what they show (.fingerprints)
        logger.debug(
            "planet: %d feeds, %d front-page entries",
            len(self.planet.feeds),
            len(self.planet.entries),
        )
        planet_generator_finalized.send(self)

    def generate_output(self, writer) -> None:
        """Write every planet page of every language, then the global files."""
        self._copy_media()
        facts = site(self.settings)
        languages, default = list(facts.languages), facts.default
        views = self._views(languages)
        for language in languages:
            for view in views:
                self._write_listing(writer, language, view, views)
        # Feeds per language (titles, links and authors' names in it) and at /planet/ in
        # the default language; one OPML file, in the default language.
        site_url = self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL")
        entries = self.planet.entries[: self.config.feed_max_entries]
        # a derived language's (zh-Hant) are converted when written (the languages plugin)
        for language, folder in [
            (default, "planet"),
            *((lang, lang.path("planet")) for lang in languages),
        ]:
            title = self._feed_title(language)
            home = language.path("planet/index.html")
            write_feed(
                writer,
                self.context,
                f"{folder}/feed.atom",
                atom_feed(entries, title, site_url, language.tag, f"{folder}/feed.atom", home),
                "the planet plugin's feed",
            )
            write_feed(
                writer,
                self.context,
                f"{folder}/feed.json",
                json_feed(entries, title, site_url, language.tag, f"{folder}/feed.json", home),
                "the planet plugin's JSON feed",
            )
        title = self._feed_title(default)
        write_output(
            writer,
            "planet/participants.opml",
            opml(self.planet, title, default.tag),
            "the planet plugin's OPML file",
        )
        write_global(
            self,
            writer,
            "planet_health.html",
            "planet/health.html",
            **{keys.PAGE_LANGUAGE: default, "planet_feeds": self.planet.feeds},
        )

    def _copy_media(self) -> None:
        """Copy every verified image to ``media/`` of the output (unchanged files are
        left alone), except those only hidden posts carry (:data:`keys.WITHHELD_MEDIA`),
        and remove every other file there: ``media/`` is this plugin's alone, and a
        picture taken down since the last build must not stay published. Written like
        any output file: mode 0666 & ~umask."""
        output = Path(self.output_path) / MediaLibrary.OUTPUT
        withheld = withheld_media(self.context)
        records = {
            r.sha256: r for url, r in self.library.records.items() if url not in withheld
        }.values()
        wanted = {output / record.path for record in records}
        for record in records:
            source, target = self.media.file(record), output / record.path
            if target.is_file() and target.stat().st_size == record.bytes:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
        for path in sorted(output.glob("*/*")) if output.is_dir() else []:
            if path not in wanted and (path.is_file() or path.is_symlink()):
                path.unlink()
                logger.debug("planet: %s removed (no longer published)", os.fspath(path))
        if records:
            logger.debug("planet: %d archived images copied to %s", len(records), os.fspath(output))

    def _feed_title(self, language) -> str:
        """``<conference name> · Planet`` in ``language``."""
        conference = self.context.get(keys.CONFERENCE)
        name = (
            conference.name.localized(language) if conference else self.settings.get("SITENAME", "")
        )
        return f"{name} · {translate(self.context, language.tag, 'Planet')}".strip(" ·")

    def _views(self, languages) -> list[dict[str, Any]]:
        """The listings: all entries, each site language that has some, then the others."""
        # Entries carry short tags (en, zh-Hans): a site language en-GB collects "en".
        tags = {language.tag: short_tag(language.tag) or language.tag for language in languages}
        views: list[dict[str, Any]] = [
            {"tag": None, "folder": "planet/", "entries": self.planet.entries}
        ]
        for language in languages:
            entries = self.planet.entries_in(tags[language.tag])
            if entries:
                folder = f"planet/{language.segment}/"
                views.append({"tag": language.tag, "folder": folder, "entries": entries})
        others = self.planet.entries_outside(tags.values())
        if others:
            views.append({"tag": OTHER, "folder": f"planet/{OTHER}/", "entries": others})
        return views

    def _write_listing(self, writer, language, view: dict[str, Any], views) -> None:
        entries, folder = view["entries"], view["folder"]
        per_page = self.config.per_page
        count = max(1, -(-len(entries) // per_page))
        paths = [f"{folder}index.html"] + [f"{folder}page/{n}.html" for n in range(2, count + 1)]
        filters = [self._filter(language, other, other is view) for other in views]
        for number, path in enumerate(paths, start=1):
            write_page(
                self,
                writer,
                "planet.html",
                language,
                path,
                entries=entries[(number - 1) * per_page : number * per_page],
                page_number=number,
                page_count=count,
                previous_path=language.path(paths[number - 2]) if number > 1 else None,
                next_path=language.path(paths[number]) if number < count else None,
                filter_lang=view["tag"],
                language_filters=filters,
            )

    def _filter(self, language, view: dict[str, Any], current: bool) -> dict[str, Any]:
        tag = view["tag"]
        label = _capitalized(display_name(tag, language.tag)) if tag and tag != OTHER else None
        return {
            "tag": tag if tag != OTHER else None,
            "other": tag == OTHER,
            "label": label,
            "path": language.path(view["folder"] + "index.html"),
            "current": current,
        }


def _capitalized(name: str) -> str:
    """A filter label stands alone: chinois traditionnel → Chinois traditionnel."""
    return name[:1].upper() + name[1:]


def withheld_media(context) -> set[str]:
    """Image URLs not to publish (:data:`keys.WITHHELD_MEDIA`, set by the wall plugin)."""
    return set(context.get(keys.WITHHELD_MEDIA) or ())


def media_finder(context):
    """``find(url)`` of the media archive as a page may use it (None: no copy)."""
    library = context.get(keys.MEDIA)
    if library is None:
        return lambda url: None
    withheld = context.get(keys.WITHHELD_MEDIA) or ()
    if not withheld:
        return library.find
    return lambda url: None if url in withheld else library.find(url)


@pass_context
def local_media_filter(context, cleaned: str) -> Markup:
    """``{{ entry.html|local_media }}``: sanitized entry HTML with every archived image
    served from the site's copy (``SITEURL`` of the page being written) and every other
    image or player turned into a link. Without a media archive, all become links."""
    find = media_finder(context)
    return Markup(localize_media(cleaned or "", find, context.get("SITEURL") or ""))


@pass_context
def local_copy_filter(context, url: str) -> LocalImage | None:
    """``{{ medium.url|local_copy }}``: the media archive's copy of the picture at ``url``
    (its ``path`` under the page's ``SITEURL``, ``width``, ``height``), or None when the
    archive has none (the template then links to the original)."""
    copy = media_finder(context)(url) if isinstance(url, str) else None
    if copy is None:
        return None
    return dataclasses.replace(copy, path=page_prefix(context.get("SITEURL") or "") + copy.path)


def add_filters(generator) -> None:
    """``generator_init`` handler: the ``local_media`` and ``local_copy`` filters in
    every generator's templates (the roundup's archived copies and the wall use them)."""
    generator.env.filters["local_media"] = local_media_filter
    generator.env.filters["local_copy"] = local_copy_filter
