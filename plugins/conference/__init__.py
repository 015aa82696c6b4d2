"""Conference plugin: editions, sessions, people and posts' authors from ``content/``."""

from pelican import signals

from .generator import ConferenceGenerator


def _get_generators(pelican):
    return ConferenceGenerator


def register():
    """Connect the plugin's handlers to Pelican's signals."""
    signals.get_generators.connect(_get_generators)
