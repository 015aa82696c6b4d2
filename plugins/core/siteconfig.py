"""Site-level facts, derived once per run: the one place every consumer gets them from.

:func:`site` turns Pelican's settings into a :class:`Site`: the content folders
(``PATH`` and the ``CONFERENCE_*`` paths of :class:`SiteSettings`), and what
``conference.yaml`` says about the whole site (languages, default language, name, time
zone, public address). It is memoized on the file's path and modification time, so it is
read once per run and again only when the file changes (``regenerate``).

The rule:

- Python code with Pelican's settings (a generator, a content handler, a task, the
  importer, ``invoke fetch``) calls ``site(settings)``;
- templates and the Jinja helpers read the context keys :data:`~.keys.LANGUAGES` and
  :data:`~.keys.DEFAULT_LANGUAGE`, which the languages plugin fills from ``site()``;
- ``pelicanconf.py`` takes ``SITENAME``, ``DEFAULT_LANG``, ``TIMEZONE`` and
  ``FEED_DOMAIN`` from :func:`site_settings`, and :func:`apply_site_settings` derives them
  again for the ``PATH`` a run really uses (a test or benchmark that points ``PATH`` at
  another site), unless they were set to something else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import report
from .errors import ContentError, Problem, ProblemCollector, shown
from .langtags import Language, LanguageSet, implicit_source, make_language, make_language_set
from .links import MESSAGES
from .settings import PluginSettings, custom, setting
from .timezones import make_timezone
from .yamlio import LineDict, load_yaml_mapping

if TYPE_CHECKING:
    from pelican import Pelican

_PATH = custom(
    "str", "a non-empty path relative to PATH", lambda v: isinstance(v, str) and bool(v.strip())
)


@dataclass(frozen=True, kw_only=True)
class SiteSettings(PluginSettings):
    """Where the site's content lives (documented with the conference plugin's settings)."""

    conference_file: str = setting(
        "CONFERENCE_FILE", "conference.yaml", _PATH, "the series file, relative to `PATH`"
    )
    editions_path: str = setting(
        "CONFERENCE_EDITIONS_PATH", "editions", _PATH, "folder of editions, relative to `PATH`"
    )
    people_path: str = setting(
        "CONFERENCE_PEOPLE_PATH", "people", _PATH, "folder of people files, relative to `PATH`"
    )


#: The default series file name (``CONFERENCE_FILE``).
CONFERENCE_FILE = SiteSettings.defaults()["CONFERENCE_FILE"]
#: Pelican settings derived from ``conference.yaml`` (see :func:`site_settings`).
DERIVED = ("SITENAME", "DEFAULT_LANG", "TIMEZONE", "FEED_DOMAIN")
#: The setting recording what :func:`site_settings` derived, and for which ``PATH``.
DERIVED_KEY = "CONFERENCE_DERIVED"


@dataclass(frozen=True)
class Site:
    """What the whole site is: its folders and ``conference.yaml``'s site-wide keys."""

    content: Path
    conference_file: Path
    editions_path: Path
    people_path: Path
    languages: LanguageSet
    name: str
    timezone: str
    site_url: str

    @property
    def default(self) -> Language:
        """The default language."""
        return self.languages.default

    @property
    def root(self) -> Path:
        """The project folder: the parent of the content folder (``data/`` lives there)."""
        return self.content.resolve().parent

    def relative(self, path: Path) -> str:
        """``path`` relative to the content folder, with ``/`` (``editions/2009``)."""
        return path.relative_to(self.content).as_posix()


def read_settings_file(path: str | os.PathLike) -> dict[str, Any]:
    """Pelican settings read from ``path`` the way Pelican reads them (defaults filled
    in), for the commands that run outside a build (``python -m plugins.planet``, ``…
    wall``); an absent file gives an empty mapping (every plugin's defaults)."""
    if not Path(path).is_file():
        return {}
    from pelican.settings import read_settings

    return dict(read_settings(str(path)))


def site(settings: Any) -> Site:
    """The :class:`Site` of Pelican ``settings`` (any mapping with ``PATH``)."""
    paths = SiteSettings.read(settings)
    content = str(settings.get("PATH") or "content")
    path = os.path.join(content, paths.conference_file)  # called per content object: no Path
    try:
        stamp = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        raise ContentError(
            [Problem(path, "is missing; expected the site's conference.yaml (see docs/content.md)")]
        ) from None
    return _load_site(content, paths, stamp)


def site_of(content: str | os.PathLike) -> Site:
    """The :class:`Site` of a content folder with the default ``CONFERENCE_*`` paths."""
    return site({"PATH": str(content)})


@lru_cache(maxsize=8)
def _load_site(content: str, paths: SiteSettings, stamp: int) -> Site:
    # Memoized on (folders, mtime): a pure function of the file, so `regenerate` stays right.
    del stamp
    root = Path(content)
    path = root / paths.conference_file
    _confined(path, root)
    data = load_yaml_mapping(path)
    languages = _language_set_of(data, path)
    zone = data.get("timezone") or "UTC"
    try:
        make_timezone(zone, languages.tags)
    except ValueError as exc:
        raise ContentError(
            [Problem(str(path), str(exc), "timezone", data.line_of("timezone"))]
        ) from None
    name = data.get("name")
    if isinstance(name, dict):
        name = name.get(languages.default.tag) or next(iter(name.values()), "")
    return Site(
        content=root,
        conference_file=path,
        editions_path=root / paths.editions_path,
        people_path=root / paths.people_path,
        languages=languages,
        name=str(name or ""),
        timezone=str(zone),
        site_url=str(data.get("site_url") or "").rstrip("/"),
    )


def load_language_set(path: Path) -> LanguageSet:
    """Parse ``languages`` and ``default_language``; errors name the file, key and line."""
    return _language_set_of(load_yaml_mapping(path), path)


def _confined(path: Path, content: Path) -> None:
    """Refuse a series file read through a symlink that leads outside the project: it is
    read before the build checks the content folder's links (:mod:`.links`, whose rule
    this is; a path the settings give is trusted as given)."""
    real, given = os.path.realpath(path), os.path.abspath(path)
    project = os.path.dirname(os.path.realpath(content))
    if real != given and os.path.commonpath([real, project]) != project:
        message = MESSAGES["outside"].format(target=shown(real), root=project)
        raise ContentError([Problem(str(path), message, "symlink")])


def _language_set_of(data: LineDict, path: Path) -> LanguageSet:
    problems = ProblemCollector()
    entries = data.get("languages")
    languages = []
    if not isinstance(entries, list) or not entries:
        problems.add(
            str(path),
            "languages must be a non-empty list of BCP 47 tags, e.g. [zh-Hans, en, fr]",
            "languages",
            data.line_of("languages"),
        )
        entries = []
    default = data.get("default_language")
    for index, entry in enumerate(entries):
        tag, segment, source, conversion, region = entry, None, None, None, None
        if isinstance(entry, dict):
            # {tag: zh-Hant, from: zh-Hans, convert: s2t}: a tree converted by machine
            tag, segment = entry.get("tag"), entry.get("segment")
            source, conversion = entry.get("from"), entry.get("convert")
            region = entry.get("region")
        else:  # a plain zh-Hant, zh-TW or zh-HK beside a zh-Hans default: converted too
            source = implicit_source(tag, default)
        try:
            languages.append(make_language(tag, segment, source, conversion, region))
        except ValueError as exc:
            problems.add(str(path), str(exc), f"languages[{index}]", data.line_of("languages"))
    result = None
    if default is None:
        problems.add(str(path), "missing required key 'default_language'", "default_language", 1)
    elif languages:
        try:
            result = make_language_set(languages, str(default))
        except ValueError as exc:
            problems.add(str(path), str(exc), "default_language", data.line_of("default_language"))
    problems.raise_if_any()
    assert result is not None
    return result


def _derived(facts: Site) -> dict[str, Any]:
    return {
        "SITENAME": facts.name,
        "DEFAULT_LANG": facts.default.tag,
        "TIMEZONE": facts.timezone,
        "FEED_DOMAIN": facts.site_url,
    }


def site_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Pelican settings derived from ``conference.yaml``, for ``pelicanconf.py``::

        globals().update(site_settings(globals()))

    ``settings`` is the settings file's namespace so far (``PATH`` and, when set,
    ``CONFERENCE_FILE``). Returns ``SITENAME``, ``DEFAULT_LANG``, ``TIMEZONE``,
    ``FEED_DOMAIN`` (feeds need absolute links: ``site_url``) and :data:`DERIVED_KEY`,
    the record :func:`apply_site_settings` compares with. Installs the problem report
    first: a mistake in ``conference.yaml`` is a located problem, not a traceback.
    """
    report.install()
    report.set_root(Path(settings["PATH"]).resolve().parent)
    derived = _derived(site(settings))
    return {**derived, DERIVED_KEY: {"PATH": str(settings["PATH"]), **derived}}


def apply_site_settings(settings: dict[str, Any]) -> None:
    """Derive :data:`DERIVED` again for the run's ``PATH`` (Pelican's ``initialized``).

    A value still equal to what :func:`site_settings` derived when ``pelicanconf.py`` was
    read is replaced by the value for this run's content (a test or benchmark that only
    overrides ``PATH``); a value set to something else (``-e FEED_DOMAIN=…``) is kept.
    """
    before = settings.get(DERIVED_KEY)
    if not isinstance(before, dict):
        return
    now = _derived(site(settings))
    for key in DERIVED:
        if _pelican_form(key, settings.get(key)) == _pelican_form(key, before.get(key)):
            settings[key] = _pelican_form(key, now[key])
    settings[DERIVED_KEY] = {"PATH": str(settings["PATH"]), **now}


def _pelican_form(key: str, value: Any) -> Any:
    # Pelican's read_settings lower-cases DEFAULT_LANG ("zh-Hans" becomes "zh-hans")
    return value.lower() if key == "DEFAULT_LANG" and isinstance(value, str) else value


def connect() -> None:
    """Connect :func:`apply_site_settings` to Pelican's ``initialized`` (every plugin's
    ``register`` calls this; connecting twice is connecting once), and the checks of the
    settings file (:mod:`.settingsfile`, :mod:`.picklecheck`)."""
    from pelican import signals

    from . import picklecheck, settingsfile

    signals.initialized.connect(_initialized)
    signals.initialized.connect(settingsfile.check_names)  # a mistyped setting name
    signals.initialized.connect(picklecheck.content_cache_off)  # a lambda in the settings


def _initialized(pelican: Pelican) -> None:
    apply_site_settings(pelican.settings)
