"""What the media archive keeps besides the planet's own entries: asked of the other plugins.

The media fetch and the media purge send :data:`media_wanted` (sender: the project root;
keyword arguments ``settings`` and ``feeds``, the aggregated feeds at hand). A plugin
that shows pictures the planet does not know of answers with a :class:`MediaWants`: the
wall says which stream posts its pages show (a hidden post's pictures are never
archived), the roundup hands over its archived copies. The planet imports neither: they
connect their receivers in ``register()``, and a command registers the site's plugins
first (:func:`plugins.core.pluginset.register_site_plugins`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blinker import signal

from plugins.core.errors import Problem
from plugins.core.pluginset import register_site_plugins

#: sent with the project root; each receiver returns a :class:`MediaWants` or ``None``
media_wanted = signal("planet_media_wanted")

#: ``shown(feed_id, entry)``: whether a page shows a stored entry
Shown = Callable[[str, dict[str, Any]], bool]


@dataclass(frozen=True)
class MediaWants:
    """One plugin's answer. ``documents``: ``(source id, HTML documents)`` whose images the
    archive keeps; ``shown``: which stored entries a page shows (``None``: no opinion).
    ``problems``: content errors that kept the plugin from deciding (its ``shown`` then
    refuses what it could not decide), with ``consequence`` saying what is left out."""

    documents: tuple[tuple[str, tuple[str, ...]], ...] = ()
    shown: Shown | None = None
    problems: tuple[Problem, ...] = ()
    consequence: str = ""


def collect_wants(root: Path, settings: Mapping[str, Any], feeds: Iterable[object]) -> MediaWants:
    """Every registered plugin's answer, combined: the documents sorted by source id, an
    entry shown when every plugin with an opinion shows it, all the problems."""
    register_site_plugins(settings)
    answers = [
        answer
        for _receiver, answer in media_wanted.send(root, settings=settings, feeds=list(feeds))
        if isinstance(answer, MediaWants)
    ]
    tests: list[Shown] = [answer.shown for answer in answers if answer.shown is not None]

    def shown(feed_id: str, entry: dict[str, Any]) -> bool:
        return all(test(feed_id, entry) for test in tests)

    return MediaWants(
        documents=tuple(sorted(d for answer in answers for d in answer.documents)),
        shown=shown if tests else None,
        problems=tuple(p for answer in answers for p in answer.problems),
        consequence="; ".join(a.consequence for a in answers if a.problems and a.consequence),
    )
