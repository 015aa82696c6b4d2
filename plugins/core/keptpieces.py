"""Pieces of pages kept between builds: ``{% call kept_piece("kind", input, …) %}…{% endcall %}``.

A listing (a tag's page, the posts, a person's page, an edition's page) is rendered again
when any of its posts changes, though nearly all it shows, one card per post, is what the
last build rendered: on the 1,000-post bench site the cards were a third of a rebuild
after editing a person, whose 300 posts' cards change among 9,000 on the tag pages. A
template wraps such a piece in a ``kept_piece`` call block naming its kind and inputs;
the block is rendered only when no build rendered a piece of that kind with the same key
lately, else the piece is taken as it was. The key (the render cache's recipe,
:meth:`~.buildcache.RenderCache.inputs_key`) is made of the site digest (theme,
catalogs, settings, plugins' code), the inputs' fingerprints, the page's ``SITEURL``
(its relative links) and the page's language, so pages in one folder and language share
their pieces (a post's card on every tag page). The block must read nothing else: as a
cacheable page's template reads only its arguments, and ``kept_cell`` (the schedule's
cells) only its session and place.

The pieces are kept in ``CACHE_PATH/pieces-<output>.json`` with the last build (count of
saves) that asked for each; a piece no build asked for in :data:`KEEP_BUILDS` saves is
dropped (the pieces of pages the render cache left as they were are not asked for, and
the next edit may need them). Without the render cache the block is rendered as it is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from . import keys
from .atomic import write_atomic

#: The template global (and keyword argument of a page) that keeps pieces.
PIECE = "kept_piece"
#: A piece not asked for in this many saves of the file is dropped.
KEEP_BUILDS = 8
_VERSION = 1


def passthrough(kind: str, *inputs: Any, caller: Any) -> Markup:
    """The global of every template: the block as it renders (no render cache)."""
    del kind, inputs
    return Markup(caller())


def install(generator: Any) -> None:
    """``generator_init`` handler: ``kept_piece`` exists in every template."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals.setdefault(PIECE, passthrough)


def for_run(cache: Any, context: dict) -> Any:
    """The ``kept_piece`` of this run's pages (made once per run, kept in ``context``)."""
    found = context.get(keys.KEPT_PIECES)
    if found is not None:
        return found[1]
    store = PieceStore(cache)

    @pass_context
    def kept_piece(ctx: Any, kind: str, *inputs: Any, caller: Any) -> Markup:
        language = ctx.get(keys.PAGE_LANGUAGE)
        place = ["page", str(ctx.get("output_file"))] if language is None else language
        key = cache.inputs_key(
            context,
            {
                "kept_piece": kind,
                "siteurl": str(ctx.get("SITEURL") or ""),
                "language": place,
                "inputs": list(inputs),
            },
        )
        if key is None:  # an input the render cache cannot fingerprint
            return Markup(caller())
        return Markup(store.get(key, lambda: str(caller())))

    context[keys.KEPT_PIECES] = (store, kept_piece)
    # weakly (blinker's default): a run that never finishes does not keep its store
    signals.finalized.connect(store.finalized)
    return kept_piece


class PieceStore:
    """The kept pieces of one output folder (see the module docstring)."""

    def __init__(self, cache: Any) -> None:
        name = os.path.basename(cache.path).replace("render-", "pieces-", 1)
        self.path = Path(cache.path).with_name(name)
        self.build, self.pieces = self._load()
        self.made = self.asked = 0
        self._asked: set[str] = set()

    def _load(self) -> tuple[int, dict[str, list[Any]]]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return 0, {}
        if not isinstance(stored, dict) or stored.get("version") != _VERSION:
            return 0, {}
        pieces, build = stored.get("pieces"), stored.get("build")
        if not isinstance(pieces, dict) or not isinstance(build, int):
            return 0, {}
        return build, pieces

    def get(self, key: str, make: Any) -> str:
        """The piece kept under ``key``, else ``make()`` (then kept)."""
        self.asked += 1
        self._asked.add(key)
        found = self.pieces.get(key)
        if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str):
            return found[0]
        self.made += 1
        piece = make()
        self.pieces[key] = [piece, self.build + 1]
        return piece

    def finalized(self, pelican: Any) -> None:
        """``finalized`` handler of the run that made this store: save it, once."""
        signals.finalized.disconnect(self.finalized)
        self.save()

    def save(self) -> None:
        """Write the pieces when this build made one, or when some are to be dropped."""
        build = self.build + 1
        kept = {
            key: [piece[0], build if key in self._asked else piece[1]]
            for key, piece in self.pieces.items()
            if key in self._asked or piece[1] > build - KEEP_BUILDS
        }
        if not self.made and len(kept) == len(self.pieces):
            return  # the file holds every piece asked for (their builds are a little old)
        data = json.dumps({"version": _VERSION, "build": build, "pieces": kept}, ensure_ascii=False)
        write_atomic(self.path, data, durable=False)
