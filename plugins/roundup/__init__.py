"""Roundup plugin: what the bloggers said about each edition, quoted, translated, archived."""

from pelican import signals

from .generator import RoundupGenerator


def _get_generators(pelican):
    return RoundupGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    signals.get_generators.connect(_get_generators)
