"""The site's plugins, registered outside a Pelican run (a command such as ``invoke fetch``).

A command that asks the other plugins something through a signal (the media fetch asks
what to archive, :data:`plugins.planet.api.media_wanted`) needs their receivers
connected, as a Pelican run connects them: this imports each plugin the settings list in
``PLUGINS`` and calls its ``register()``. So a command hears exactly the plugins the
build runs, and no plugin imports another to ask it. ``register()`` only connects
module-level handlers (blinker connects a receiver once), so calling it again is harmless.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any


def register_site_plugins(settings: Mapping[str, Any]) -> list[ModuleType]:
    """Import and register every plugin named in ``settings["PLUGINS"]`` (module names,
    importable from the project root, or plugin modules); returns them in order."""
    plugins: list[ModuleType] = []
    named: list[str | ModuleType] = list(settings.get("PLUGINS") or [])
    for plugin in named:
        module = _import(plugin) if isinstance(plugin, str) else plugin
        if module is None:
            continue
        register: object = getattr(module, "register", None)
        if callable(register):
            register()
        plugins.append(module)
    return plugins


def _import(name: str) -> ModuleType | None:
    """The plugin module ``name``, or a namespace plugin's short name
    (``pelican.plugins.<name>``, as Pelican resolves it); None when neither imports (the
    build reports a plugin it cannot load; a command goes on without its answers)."""
    for candidate in (name, f"pelican.plugins.{name}"):
        try:
            return importlib.import_module(candidate)
        except ImportError:
            continue
    return None
