"""The settings file checked like content: a mistyped setting name is a located problem.

Pelican takes every upper-case name of ``pelicanconf.py`` as a setting and ignores the ones
nothing reads, so ``PLANET_NEW_FEED_DAY = None`` (for ``…_DAYS``) would pass silently.
:func:`check_names` (Pelican's ``initialized``) stops the build with one line per such
name, ``pelicanconf.py:52: [PLANET_NEW_FEED_DAY] unknown setting 'PLANET_NEW_FEED_DAY'
(did you mean 'PLANET_NEW_FEED_DAYS'?); expected …`` on one line.

A name is *known* when Pelican or one of the project's plugins reads it (:func:`known`);
an unknown name is a problem only when it is close to a known one (:data:`CLOSE`), or has
the prefix a plugin reserves (``PLANET_``), since settings files also define helpers and
constants of their own (``ROOT``) and themes read settings of their own (``MENUITEMS``).
The line comes from parsing the file that assigns the name with :mod:`ast`
(``publishconf.py`` for a name it sets itself, ``pelicanconf.py`` for one it imports with
``from pelicanconf import *``); :func:`assignment` finds it for other checks too.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import os
import sys
import sysconfig
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import ContentError, Problem
from .settings import SETTINGS_FILE, PluginSettings

if TYPE_CHECKING:
    from pelican import Pelican

#: How close (difflib's ratio) an unknown name must be to a known one to be a typo.
CLOSE = 0.85
#: The project's plugins: every package here declares its settings in ``settings.py``.
PLUGINS_DIR = Path(__file__).resolve().parents[1]

#: Settings Pelican's documentation lists whose default is unset, so they are not keys of
#: ``pelican.settings.DEFAULT_CONFIG`` (read against Pelican 4.12's code: the names its
#: modules read), the ones its bundled themes read, and common theme settings close to
#: those (Flex's ``SITETITLE`` beside ``SITESUBTITLE``). Pelican exposes no list of them:
#: hence this one.
PELICAN_UNSET = frozenset(
    {
        "AUTHOR",
        "DEBUG",
        "SUMMARY_MAX_PARAGRAPHS",
        "TIMEZONE",
        "SITESUBTITLE",
        "DEFAULT_DATE",
        "WRITE_SELECTED",
        "FEED_DOMAIN",
        "FEED_ATOM",
        "FEED_ATOM_URL",
        "FEED_RSS",
        "FEED_RSS_URL",
        "FEED_ALL_ATOM_URL",
        "FEED_ALL_RSS",
        "FEED_ALL_RSS_URL",
        "CATEGORY_FEED_ATOM_URL",
        "CATEGORY_FEED_RSS",
        "CATEGORY_FEED_RSS_URL",
        "AUTHOR_FEED_ATOM_URL",
        "AUTHOR_FEED_RSS_URL",
        "TAG_FEED_ATOM",
        "TAG_FEED_ATOM_URL",
        "TAG_FEED_RSS",
        "TAG_FEED_RSS_URL",
        "TRANSLATION_FEED_ATOM_URL",
        "TRANSLATION_FEED_RSS",
        "TRANSLATION_FEED_RSS_URL",
        "MENUITEMS",
        "LINKS",
        "LINKS_WIDGET_NAME",
        "SOCIAL",
        "SOCIAL_WIDGET_NAME",
        "GITHUB_URL",
        "DISQUS_SITENAME",
        "GOOGLE_ANALYTICS",
        "TWITTER_USERNAME",
        "SITETITLE",
        "SITELOGO",
        "SITEDESCRIPTION",
    }
)
#: Settings the plugins read without declaring them with :mod:`.settings`: the render
#: cache switch (:mod:`.buildcache`), the writing worker's (:mod:`.parallel`) and what
#: :mod:`.siteconfig` records for a run.
PLUGINS_UNDECLARED = frozenset({"RENDER_CACHE", "PARALLEL_WRITE", "CONFERENCE_DERIVED"})

EXPECTED = (
    "expected a setting Pelican or a plugin reads (see the README's Settings); a name of "
    "your own must not be this close to one"
)


def known(settings: Mapping[str, Any]) -> set[str]:
    """Every setting name Pelican or the project's plugins read."""
    from pelican.settings import DEFAULT_CONFIG

    names = set(DEFAULT_CONFIG) | PELICAN_UNSET | PLUGINS_UNDECLARED
    # Pelican reads <NAME>_SAVE_AS and <NAME>_URL for each direct template
    templates = [*DEFAULT_CONFIG["DIRECT_TEMPLATES"], *(settings.get("DIRECT_TEMPLATES") or ())]
    for template in templates:
        if isinstance(template, str):
            names |= {f"{template.upper()}_SAVE_AS", f"{template.upper()}_URL"}
    return names | set(declared())


def declared() -> frozenset[str]:
    """The settings every plugin of :data:`PLUGINS_DIR` declares (in ``PLUGINS`` or not, so
    a setting kept for a plugin taken out of ``PLUGINS`` is no typo)."""
    names: set[str] = set()
    for cls in _declarations():
        names.update(declaration["key"] for declaration in cls.declarations())
        names.update(cls.USES)
    return frozenset(names)


def reserved_prefixes() -> tuple[str, ...]:
    """Prefixes a plugin reserves (``PLANET_``): any unknown name with one is a typo."""
    return tuple(sorted({cls.PREFIX for cls in _declarations() if cls.PREFIX}))


@lru_cache(maxsize=1)
def _declarations() -> tuple[type[PluginSettings], ...]:
    package = (__package__ or "").rpartition(".")[0]
    for folder in sorted(PLUGINS_DIR.iterdir()):
        if (folder / "settings.py").is_file() and (folder / "__init__.py").is_file():
            importlib.import_module(f"{package}.{folder.name}.settings")
    found = []
    pending = list(PluginSettings.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        found.append(cls)
    return tuple(found)


def unknown_names(settings: Mapping[str, Any]) -> list[Problem]:
    """One problem per upper-case setting that is unknown but close to a known one."""
    names = known(settings)
    prefixes = reserved_prefixes()
    problems = []
    for name in [key for key in settings if isinstance(key, str) and key.isupper()]:
        if name in names:
            continue
        close = difflib.get_close_matches(name, names, n=1, cutoff=CLOSE)
        if not close and name.startswith(prefixes):  # PLANET_…: the plugin's, surely
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6) or [""]
        if not close:
            continue  # a constant or helper of the settings file's own
        hint = f" (did you mean {close[0]!r}?)" if close[0] else ""
        path, line = assignment(name, settings[name]) or (SETTINGS_FILE, None)
        problems.append(Problem(path, f"unknown setting {name!r}{hint}; {EXPECTED}", name, line))
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.where))


def check_names(pelican: Pelican) -> None:
    """``initialized`` handler: raise the :func:`unknown_names` of the run's settings."""
    problems = unknown_names(pelican.settings)
    if problems:
        raise ContentError(problems)


def assignment(name: str, value: object) -> tuple[str, int] | None:
    """The settings file (path) and line that assign ``value`` to ``name``, or None.

    Pelican loads a settings file as a module (``pelicanconf``, ``publishconf``); the file
    is the source of a loaded module outside the libraries and the plugins that holds
    this very value under ``name`` and assigns ``name`` at its top level.
    """
    for module in list(sys.modules.values()):
        if not isinstance(module, ModuleType) or vars(module).get(name, _MISSING) is not value:
            continue
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py") or _library(path):
            continue
        line = assigned_names(path).get(name)
        if line is not None:
            return path, line
    return None


_MISSING = object()


def _library(path: str) -> bool:
    real = os.path.realpath(path)
    folders = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders.add(str(PLUGINS_DIR))
    return any(real.startswith(os.path.realpath(f) + os.sep) for f in folders)


def assigned_names(path: str) -> dict[str, int]:
    """Upper-case names a Python file assigns at its top level (also inside ``if``,
    ``try``, ``with`` and ``for`` blocks there) -> the line of the last assignment."""
    try:
        tree = ast.parse(Path(path).read_bytes(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, int] = {}
    _visit(tree.body, found)
    return found


def _visit(statements: Iterable[ast.stmt], found: dict[str, int]) -> None:
    for node in statements:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _targets(target, found)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            _targets(node.target, found)
        elif isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                _visit(getattr(node, block, ()), found)
            for handler in getattr(node, "handlers", ()):
                _visit(handler.body, found)


def _targets(target: ast.expr, found: dict[str, int]) -> None:
    if isinstance(target, ast.Name) and target.id.isupper():
        found[target.id] = target.lineno
    elif isinstance(target, ast.Tuple | ast.List):
        for item in target.elts:
            _targets(item, found)
    elif isinstance(target, ast.Starred):
        _targets(target.value, found)
