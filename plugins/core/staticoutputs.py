"""The static files a run copies, so a rebuild removes the ones whose source is gone.

Pelican copies the theme's static folders and the content's ``STATIC_PATHS`` into the
output without its writer, and never deletes: a file removed from ``content/images/`` or
the theme stayed in ``output/`` until ``invoke clean``. The render cache's output manifest
(:class:`~plugins.core.buildcache.RenderCache`) lists every file a build wrote and deletes
what the previous build wrote and this one did not; :class:`StaticOutputs`, a generator
added to every run, tells it the static files of this run.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Iterator
from typing import Any


class StaticOutputs:
    """A generator writing nothing: at output time it hands the render cache the output
    paths of this run's static files (Pelican's StaticGenerator copies them)."""

    def __init__(self, context: dict, settings: dict, **_: Any) -> None:
        self.context, self.settings = context, settings

    def generate_output(self, writer: Any) -> None:
        """Record the static outputs on the writer's render cache, if there is one."""
        cache = getattr(writer, "render_cache", None)
        if cache is None:
            return
        cache.extra_outputs.update(theme_static_outputs(self.settings))
        for static in self.context.get("staticfiles") or ():
            if getattr(static, "save_as", None):
                cache.extra_outputs.add(_normal(static.save_as))


def static_outputs_generator(pelican: Any) -> type[StaticOutputs] | None:
    """``get_generators`` handler: add :class:`StaticOutputs` when the render cache is on."""
    return StaticOutputs if pelican.settings.get("RENDER_CACHE") else None


def theme_static_outputs(settings: dict) -> Iterator[str]:
    """The output paths Pelican's StaticGenerator copies the theme's static files to.

    Pelican has no function that lists them (``StaticGenerator._copy_paths`` copies as it
    walks), so this follows its rules: each of ``THEME_STATIC_PATHS`` under ``THEME``, a
    file into ``THEME_STATIC_DIR``, a folder's content (links followed) under it, names
    matching ``IGNORE_FILES`` skipped with their folders.
    """
    theme, target = settings.get("THEME") or "", settings.get("THEME_STATIC_DIR") or ""
    ignores = settings.get("IGNORE_FILES") or ()

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)

    for path in settings.get("THEME_STATIC_PATHS") or ():
        source = os.path.join(theme, path)
        if ignored(os.path.basename(source)):
            continue
        if os.path.isfile(source):
            yield _normal(posixpath.join(target, os.path.basename(path)))
            continue
        for folder, subfolders, files in os.walk(source, followlinks=True):
            subfolders[:] = [name for name in subfolders if not ignored(name)]
            relative = os.path.relpath(folder, source)
            for name in files:
                if not ignored(name):
                    yield _normal(posixpath.join(target, relative, name))


def _normal(path: str) -> str:
    return posixpath.normpath(str(path).replace(os.sep, "/")).lstrip("/")
