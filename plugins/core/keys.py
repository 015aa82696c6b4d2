"""Context keys shared between plugins and templates.

Each constant is the name of an entry in Pelican's generation context. The plugin that
fills it is named beside it; templates read the same names.
"""

#: conference: the :class:`~plugins.conference.model.Conference` (series metadata).
CONFERENCE = "conference"
#: conference: list of editions, newest first.
EDITIONS = "editions"
#: conference: dict person id -> Person.
PEOPLE = "people"
#: conference: list of all session groups (one per session id, all languages).
SESSIONS = "sessions"
#: languages: list of :class:`~plugins.core.languages.Language`, configured order.
LANGUAGES = "languages"
#: languages: the default :class:`~plugins.core.languages.Language`.
DEFAULT_LANGUAGE = "default_language"
#: set per rendered page: the :class:`~plugins.core.languages.Language` of that page.
PAGE_LANGUAGE = "page_language"
#: planet: aggregated entries, feeds and their health.
PLANET = "planet"
#: conference: set of output paths of the share cards written (``og:image`` fallbacks).
SHARE_CARDS = "share_cards"
#: any plugin: folders a build reads outside ``content/`` (the planet store), so the render
#: cache (:mod:`plugins.core.buildcache`) notices when they change.
SITE_INPUTS = "site_inputs"
#: planet: the media archive's verified images (``MediaLibrary``: ``find(url)``); the
#: ``local_media`` template filter serves entries' images from it.
MEDIA = "media"
