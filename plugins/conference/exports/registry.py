"""The registry of export formats: the site's own (:func:`builtin`) and those other plugins
add through the :data:`~plugins.conference.stages.conference_exporters` signal
(:func:`collect`). The classes a format is made of live in :mod:`.base`, which the formats'
modules import (so no module imports one that imports it back)."""

from __future__ import annotations

from typing import Any

from ..stages import conference_exporters
from .base import Download, Exporter, Exporters, SessionExporter
from .frab_json import FrabJsonExporter
from .frab_xml import FrabXmlExporter
from .ical import EditionCalendarExporter, SessionCalendarExporter

__all__ = ["Download", "Exporter", "Exporters", "SessionExporter", "builtin", "collect"]


def builtin() -> list[type[Exporter]]:
    """The site's own formats, in the order the pages list them."""
    return [
        EditionCalendarExporter,
        FrabXmlExporter,
        FrabJsonExporter,
        SessionCalendarExporter,
    ]


def collect(sender: Any) -> Exporters:
    """This run's exporters: :func:`builtin`, then the classes the receivers of
    :data:`~plugins.conference.stages.conference_exporters` return (one, or a list)."""
    added: list[Any] = []
    for receiver, result in conference_exporters.send(sender):
        for cls in result if isinstance(result, list | tuple) else [result]:
            if not (isinstance(cls, type) and issubclass(cls, Exporter)):
                raise ValueError(
                    f"conference: {getattr(receiver, '__qualname__', receiver)} returned "
                    f"{cls!r} to conference_exporters; expected an Exporter subclass"
                )
            added.append(cls)
    classes = builtin()
    for cls in added:
        if cls not in classes:  # registered twice (a plugin's register() run again)
            classes.append(cls)
    return Exporters(classes)
