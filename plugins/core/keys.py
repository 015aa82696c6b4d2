"""Context keys: the only names of entries a plugin puts in Pelican's generation context.

Each constant is the name of an entry in Pelican's generation context. The plugin that
fills it is named beside it; templates and other plugins read the same names, never a
string of their own. An entry marked *private* is read only by the plugin that fills it
(and its templates' helpers); another plugin uses that plugin's ``api.py`` instead.

Site-level facts (languages, default language, folders, public address) are
:func:`plugins.core.siteconfig.site` in Python; :data:`LANGUAGES` and
:data:`DEFAULT_LANGUAGE` are the same facts for templates.
"""

#: conference: the :class:`~plugins.conference.model.Conference` (series metadata).
CONFERENCE = "conference"
#: conference: list of editions, newest first.
EDITIONS = "editions"
#: conference: dict person id -> Person.
PEOPLE = "people"
#: conference: list of all session groups (one per session id, all languages).
SESSIONS = "sessions"
#: languages: the :class:`~plugins.core.langtags.LanguageSet` of ``site(settings)``.
LANGUAGES = "languages"
#: languages: the default :class:`~plugins.core.langtags.Language`.
DEFAULT_LANGUAGE = "default_language"
#: languages, private: this run's gettext catalogs, language tag -> translations
#: (other plugins: :func:`plugins.languages.api.translate`).
LANGUAGES_CATALOGS = "_languages_catalogs"
#: languages, private: this run's converters of derived languages, tag -> converter.
LANGUAGES_CONVERTERS = "_languages_converters"
#: search: a :class:`~plugins.search.generator.SearchContext` (where the search page and
#: the bundle are), only when search is on; templates show no search box without it.
SEARCH = "search"
#: set per rendered page: the :class:`~plugins.core.langtags.Language` of that page.
PAGE_LANGUAGE = "page_language"
#: set per rendered page (:func:`plugins.core.render.write_page`): its path inside its
#: tree without the segment (``editions/2009/index.html``).
PAGE_PATH = "page_path"
#: set per rendered page by its writer, for a page that is in every tree but translated
#: in some: a :class:`~plugins.core.langtags.PageTranslations` (a session page).
PAGE_TRANSLATIONS = "page_translations"
#: set per rendered page by its writer: language tag -> path of the page in that tree,
#: for a page some trees lack (a tag's page); with :data:`UNTRANSLATED_PATH`, where a
#: tree without it links instead (its home page unless given).
TRANSLATED_PATHS = "translated_paths"
UNTRANSLATED_PATH = "untranslated_path"
#: planet: aggregated entries, feeds and their health.
PLANET = "planet"
#: conference: set of output paths of the share cards written (``og:image`` fallbacks).
SHARE_CARDS = "share_cards"
#: planet: the media archive's verified images (``MediaLibrary``: ``find(url)``); the
#: ``local_media`` template filter serves entries' images from it.
MEDIA = "media"
#: wall: set of image URLs of posts that moderation or consent hides, and no shown post
#: of a wall carries; the planet neither copies them to ``media/`` nor serves them.
WITHHELD_MEDIA = "withheld_media"
#: core (:mod:`plugins.core.urlmemo`), private: True once every generator's context is
#: ready; each post's and page's ``url`` and ``save_as`` are then formatted once.
URLS_FIXED = "_urls_fixed"
#: core (:mod:`plugins.core.textmemo`), private: this run's memo of pure functions of
#: texts (sanitized HTML, word counts, summaries), kept between builds; None when off.
TEXT_MEMO = "_text_memo"
#: core (:mod:`plugins.core.keptpieces`), private: this run's store of kept pieces of
#: pages and its ``kept_piece`` template function.
KEPT_PIECES = "_kept_pieces"
