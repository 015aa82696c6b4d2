"""Where an import writes inside the content folder: the site's ``CONFERENCE_EDITIONS_PATH``
and ``CONFERENCE_PEOPLE_PATH`` (:func:`plugins.core.siteconfig.site`), as relative paths
with ``/``, the form the manifest records."""

from __future__ import annotations

from dataclasses import dataclass

from plugins.core.siteconfig import Site, SiteSettings

_DEFAULTS = SiteSettings.defaults()


@dataclass(frozen=True)
class Folders:
    """The editions and people folders, relative to the content folder."""

    editions: str = _DEFAULTS["CONFERENCE_EDITIONS_PATH"]
    people: str = _DEFAULTS["CONFERENCE_PEOPLE_PATH"]

    @classmethod
    def of(cls, facts: Site) -> Folders:
        """The folders of a site; ValueError when one is outside its content folder."""
        folders = []
        for key, path in (
            ("CONFERENCE_EDITIONS_PATH", facts.editions_path),
            ("CONFERENCE_PEOPLE_PATH", facts.people_path),
        ):
            relative = path.resolve()
            if not relative.is_relative_to(facts.content.resolve()):
                raise ValueError(
                    f"setting {key}: {path} is outside the content folder "
                    f"{facts.content}; expected a folder inside it for imports"
                )
            folders.append(relative.relative_to(facts.content.resolve()).as_posix())
        return cls(*folders)

    def edition(self, edition_id: str) -> str:
        """``editions/<id>``."""
        return f"{self.editions}/{edition_id}"

    def person(self, person_id: str) -> str:
        """``people/<id>.yaml``."""
        return f"{self.people}/{person_id}.yaml"

    def is_person(self, relative: str) -> bool:
        """True for a person file's relative path."""
        return relative.startswith(f"{self.people}/")
