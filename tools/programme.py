"""``invoke programme``: the printed programme, built from a publishing build of the site."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .common import PUBLISH_SETTINGS
from .common import pelican as _pelican


def write_programme(edition: str, dest: Path) -> list[Path]:
    """Build the site with the publishing settings into a temporary folder, then write
    ``<dest>/<ID>-programme.<lang>.pdf`` for each language; returns the files written.
    A missing WeasyPrint (or Pango) or an unknown edition stops with one line."""
    from invoke import Exit
    from pelican.settings import read_settings

    from plugins.conference.programme import write_programmes
    from plugins.core.siteconfig import site

    try:
        import weasyprint  # noqa: F401 - loads Pango: fails without it
    except (ImportError, OSError) as exc:
        raise Exit(
            f"programme: WeasyPrint cannot run ({exc}); expected `pip install -r "
            "requirements/site.lock` and Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0)",
            code=1,
        ) from None
    settings = read_settings(str(PUBLISH_SETTINGS))
    segments = [language.segment for language in site(settings).languages]
    with tempfile.TemporaryDirectory(prefix="programme-") as folder:
        # the publishing settings (the PDF links to the published site), without what the
        # PDF does not use
        _pelican(
            *("-s", str(PUBLISH_SETTINGS), "-o", folder, "--fatal", "warnings", "-q", "-e"),
            "CONFERENCE_PROGRAMME_PAGES=true",
            "CONFERENCE_SHARE_CARDS=false",
            "SEARCH_ENABLED=false",
        )
        try:
            written = write_programmes(
                Path(folder), str(settings.get("SITEURL") or ""), edition, segments, dest
            )
        except ValueError as exc:
            raise Exit(f"programme: {exc}", code=1) from None
    return written
