"""The shapes of Pelican's posts and pages as this project's plugins extend them.

Pelican's ``Article`` and ``Page`` (:class:`pelican.contents.Content`) get most of their
attributes at run time (from the metadata, or set by Pelican's generators), and the
plugins add more. These Protocols name them, so that type-checked code reads a typed
attribute instead of ``Any`` or ``getattr``. They describe; nothing here is checked at
run time (a Protocol is not ``runtime_checkable``), and an attribute a plugin may not
have set (the languages plugin left out of ``PLUGINS``) is still read with ``getattr``.

Who sets what:

- Pelican: :class:`PelicanContent` (``source_path``, ``lang``, ``slug``, ``url``,
  ``save_as``, ``status``, ``metadata``, ``settings``, ``in_default_lang``,
  ``translations``); a post's ``date`` (:class:`DatedContent`; a page has one only when
  its metadata gives it).
- The languages plugin: ``language`` and the reading statistics
  (``plugins/languages/content.py``, :class:`LanguageContent`); ``versions``,
  ``original``, ``is_fallback`` and ``page_path`` on every post and page
  (``plugins/languages/versions.py``, :class:`VersionedContent`), and on its copies
  ``fallback_language`` (:class:`FallbackCopy`) or ``converted_from``
  (:class:`ConvertedCopy`).
- The conference plugin: ``people`` (``plugins/conference/references.py``,
  :class:`ConferenceContent`) and, on a post or page whose metadata names one, ``edition``
  (:class:`EditionContent`). The core imports no plugin, so a person or an edition is a
  :class:`ModelRecord` here; the conference's ``Person`` and ``Edition`` are ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from .langtags import Language


class PelicanContent(Protocol):
    """What Pelican gives every post and page, as the plugins read it."""

    @property
    def source_path(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def save_as(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def metadata(self) -> Mapping[str, object]: ...
    @property
    def settings(self) -> Mapping[str, object]: ...
    @property
    def in_default_lang(self) -> bool: ...
    @property
    def translations(self) -> Sequence[PelicanContent]: ...
    def get_static_links(self) -> set[str]:
        """The ``{static}`` targets the body links to (paths under the content folder)."""
        ...


class DatedContent(PelicanContent, Protocol):
    """A post (a page only when its metadata gives a date)."""

    @property
    def date(self) -> datetime: ...


class LanguageContent(PelicanContent, Protocol):
    """Set by the languages plugin on every post and page when it is read."""

    @property
    def language(self) -> Language: ...
    @property
    def cjk_chars(self) -> int: ...
    @property
    def latin_words(self) -> int: ...
    @property
    def word_count(self) -> int: ...
    @property
    def reading_minutes(self) -> int: ...
    @property
    def summary_is_auto(self) -> bool: ...


class VersionedContent(PelicanContent, Protocol):
    """Set by the languages plugin on every post and page (and its copies): the version
    each language tree shows (tag -> version, one dict shared by the group), the group's
    original, and where in its tree the version is written."""

    @property
    def versions(self) -> Mapping[str, VersionedContent]: ...
    @property
    def original(self) -> VersionedContent: ...
    @property
    def is_fallback(self) -> bool: ...
    @property
    def page_path(self) -> str: ...


class FallbackCopy(VersionedContent, Protocol):
    """The original shown in a tree that has no translation (``is_fallback`` is true)."""

    @property
    def fallback_language(self) -> Language: ...


class ConvertedCopy(VersionedContent, Protocol):
    """A version of a derived language (zh-Hant from zh-Hans), converted when written."""

    @property
    def converted_from(self) -> VersionedContent: ...


class ModelRecord(Protocol):
    """A record of the conference model (a person, an edition), as the core sees it."""

    @property
    def id(self) -> str: ...
    @property
    def source_path(self) -> str: ...


class ConferenceContent(PelicanContent, Protocol):
    """Set by the conference plugin on every post and page: its authors as people (those
    its ``Authors`` name that exist)."""

    @property
    def people(self) -> Sequence[ModelRecord]: ...


class EditionContent(ConferenceContent, Protocol):
    """A post or page whose metadata names an ``Edition`` (only those have the attribute):
    the edition, None when no edition has that name (a content error of the build)."""

    @property
    def edition(self) -> ModelRecord | None: ...
