"""Write one page of one language tree: the single way every plugin renders a page.

Templates receive, besides Pelican's context:

- ``page_language``: the :class:`~plugins.core.langtags.Language` of the page; the
  languages plugin's gettext, date and number helpers read it;
- ``page_path``: the page's output path inside its tree without the segment
  (``editions/2009/index.html``), so the language switcher can link the same page in the
  other trees;
- whatever the caller passes as keyword arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .keys import PAGE_LANGUAGE, PAGE_PATH
from .langtags import Language
from .outputs import SOURCE

if TYPE_CHECKING:
    from jinja2 import Template
    from pelican.generators import Generator
    from pelican.writers import Writer


def write_page(
    generator: Generator,
    writer: Writer,
    template: str,
    language: Language,
    page_path: str,
    **extra: Any,
) -> None:
    """Render ``template`` for ``language`` to ``{segment}/{page_path}``."""
    write_global(
        generator,
        writer,
        template,
        language.path(page_path),
        **{PAGE_LANGUAGE: language, PAGE_PATH: page_path, **extra},
    )


def write_global(
    generator: Generator, writer: Writer, template: str, save_as: str, **extra: Any
) -> None:
    """Render a file that belongs to no language tree (``/index.html``, OPML, frab XML).

    A page already written by another source (an author's page at a plugin's URL) is not
    replaced: :mod:`plugins.core.outputs` reports both sources and fails the build.
    """
    writer.write_file(
        save_as,
        _template(generator, template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        url=save_as,
        **{SOURCE: _source(generator, template), **extra},
    )


def _source(generator: Generator, template: str) -> str:
    """How an error names a plugin page: ``the search plugin's page (search.html)``."""
    parts = type(generator).__module__.split(".")
    plugin = parts[1] if len(parts) > 2 and parts[0] == "plugins" else parts[0]
    return f"the {plugin} plugin's page ({template.removesuffix('.html')}.html)"


def _template(generator: Generator, name: str) -> Template:
    # Pelican's get_template appends TEMPLATE_EXTENSIONS itself; accept "x" or "x.html".
    return generator.get_template(name.removesuffix(".html"))
