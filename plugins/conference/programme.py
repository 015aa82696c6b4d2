"""The printed programme: an edition's ``programme.html`` of each language tree (written when
``CONFERENCE_PROGRAMME_PAGES`` is on) printed to PDF with WeasyPrint, one file per language
(``invoke programme --edition ID``).

The pages are built with the publishing settings, so the PDF's links lead to the published
site; WeasyPrint reads the pages' stylesheet and images from the build folder instead
(:class:`LocalSite`), and fetches nothing else: no network, no file outside the build.
The CJK glyphs come from the system's fonts through fontconfig (fonts-noto-cjk).
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

from plugins.core.atomic import write_atomic

from .pages import programme_path

logger = logging.getLogger(__name__)


def _fetcher_base():
    from weasyprint.urls import URLFetcher

    return URLFetcher


def local_site(siteurl: str, folder: Path):
    """A WeasyPrint URL fetcher that answers the site's URLs (under ``siteurl``) and
    ``file:`` URLs inside ``folder`` from ``folder``, and refuses any other URL."""
    base = _fetcher_base()
    root = folder.resolve()
    prefix = siteurl.rstrip("/") + "/"

    class LocalSite(base):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, fail_on_errors=False)

        def fetch(self, url, headers=None):
            if url.startswith(prefix):
                path = root / unquote(urlsplit(url[len(prefix) :]).path)
            elif url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path))
            else:
                raise ValueError(f"programme: not a file of the site: {url}")
            path = path.resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"programme: not a file of the site: {url}")
            return super().fetch(path.as_uri(), headers)

    return LocalSite()


def write_programmes(
    site: Path, siteurl: str, edition_id: str, segments: list[str], dest: Path
) -> list[Path]:
    """Print the edition's programme page of each language tree (``segments``) of the built
    ``site`` to ``dest/<edition>-programme.<segment>.pdf``; return the files written.
    Raises ValueError for an edition the build has no programme of."""
    from weasyprint import HTML

    editions = sorted(p.parent.name for p in site.glob(f"{segments[0]}/editions/*/programme.html"))
    if edition_id not in editions:
        raise ValueError(
            f"no edition {edition_id!r}; expected one of: {', '.join(editions) or '(none)'}"
        )
    # WeasyPrint warns of every CSS property it does not know (the screen layout's): only
    # its errors are worth showing here
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = local_site(siteurl, site)
    written = []
    for segment in segments:
        page = site / segment / programme_path(SimpleNamespace(id=edition_id))
        pdf = HTML(
            filename=str(page), base_url=page.resolve().as_uri(), url_fetcher=fetcher
        ).write_pdf()
        target = dest / f"{edition_id}-programme.{segment}.pdf"
        dest.mkdir(parents=True, exist_ok=True)
        write_atomic(target, pdf)
        written.append(target)
    return written
