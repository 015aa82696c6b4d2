"""How plugins depend on each other: announced stages and declared prerequisites, not order.

As Pelican's generators announce theirs (``article_generator_finalized``…), a plugin whose
results others use announces each stage with its own blinker signal, declared in its
``stages.py`` and sent with the generator as sender. A consumer never relies on the
order of ``PLUGINS``:

- :func:`after` runs a consumer's step when the producer's stage signal is sent for the
  consumer's run (connected when the consumer's generator is created, before any
  generator's ``generate_context``, so the producer may come before or after it);
- :func:`require` stops the build with one located line naming a missing prerequisite
  (``pelicanconf.py: [PLUGINS] plugins.roundup needs plugins.planet …``), where waiting
  for its signal would otherwise wait forever.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import ContentError, Problem
from .settings import SETTINGS_FILE

if TYPE_CHECKING:
    from blinker import Signal
    from pelican.generators import Generator


def loaded_plugins(settings: Any) -> list[str]:
    """Names of the plugins of the run (Pelican replaces ``PLUGINS`` by their names)."""
    names = []
    for plugin in settings.get("PLUGINS") or []:
        names.append(plugin if isinstance(plugin, str) else getattr(plugin, "__name__", ""))
    return names


def require(settings: Any, plugin: str, *needed: str) -> None:
    """Raise a :class:`ContentError` naming each plugin of ``needed`` missing from the run."""
    loaded = set(loaded_plugins(settings))
    missing = [name for name in needed if name not in loaded]
    if missing:
        raise ContentError(
            [
                Problem(
                    SETTINGS_FILE,
                    f"{plugin} needs {name}, which is not in PLUGINS; expected "
                    f"{name} in PLUGINS too (in any order) or {plugin} left out",
                    "PLUGINS",
                )
                for name in missing
            ]
        )


def after(stage: Signal, generator: Generator, step: Callable[[], None]) -> None:
    """Call ``step()`` when ``stage`` (a blinker signal) is sent by a generator of the same
    run as ``generator`` (they share Pelican's context).

    The receiver lives as long as ``generator`` (blinker holds it weakly; the generator
    keeps it), so the generators of an earlier run (``regenerate``) never answer.
    """

    def receiver(sender: Any, **_: Any) -> None:
        if getattr(sender, "context", None) is generator.context:
            step()

    receivers = generator.__dict__.setdefault("_stage_receivers", [])
    receivers.append(receiver)
    stage.connect(receiver)
