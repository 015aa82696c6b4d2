"""Translators' tasks: the pybabel workflow for the theme's UI strings, and the report of
what exists in each language (``invoke i18n-extract|update|compile|status``)."""

from __future__ import annotations

import shlex
import sys

from invoke import task

from .common import ROOT, SETTINGS
from .common import site_languages as _site_languages

# --- languages plugin tasks ---
# The pybabel workflow for the theme's UI strings, and the translators' report.
# Catalogs: translations/<locale>/LC_MESSAGES/messages.po, one per language of
# content/conference.yaml; the build compiles them in memory, so no .mo is committed.

I18N_CATALOGS = ROOT / "translations"
I18N_TEMPLATE = I18N_CATALOGS / "messages.pot"
I18N_MAPPING = ROOT / "babel.cfg"


def _pybabel(c, *args: str) -> None:
    """Run pybabel from this interpreter's Babel."""
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    c.run(" ".join(shlex.quote(part) for part in command), pty=False)


@task(name="i18n-extract")
def i18n_extract(c):
    """Extract the theme's UI strings into translations/messages.pot."""
    I18N_CATALOGS.mkdir(exist_ok=True)
    _pybabel(
        c,
        "extract",
        "-F",
        str(I18N_MAPPING),
        "-o",
        str(I18N_TEMPLATE),
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-k",
        "_",
        "-k",
        "gettext",
        "-k",
        "ngettext:1,2",
        str(ROOT),
    )


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c):
    """Extract, then create or update the catalog of every site language."""
    for language in _site_languages():
        po = I18N_CATALOGS / language.catalog_dir / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        _pybabel(
            c,
            action,
            "-i",
            str(I18N_TEMPLATE),
            "-d",
            str(I18N_CATALOGS),
            "-l",
            language.catalog_dir,
            *(["--ignore-obsolete"] if action == "update" else []),
        )


@task(name="i18n-compile", help={"keep": "write messages.mo beside each .po (not committed)"})
def i18n_compile(c, keep=False):
    """Compile every catalog with statistics; the build compiles them again in memory."""
    import tempfile

    if keep:
        _pybabel(c, "compile", "-d", str(I18N_CATALOGS), "--statistics")
        return
    with tempfile.TemporaryDirectory() as folder:
        for language in _site_languages():
            po = I18N_CATALOGS / language.catalog_dir / "LC_MESSAGES" / "messages.po"
            _pybabel(
                c,
                "compile",
                "-i",
                str(po),
                "-o",
                f"{folder}/{language.catalog_dir}.mo",
                "-l",
                language.catalog_dir,
                "--statistics",
            )


@task(name="i18n-status", help={"strict": "exit non-zero when a translation is missing"})
def i18n_status(c, strict=False):
    """Print which posts, pages and sessions exist in each language, and catalog coverage."""
    from invoke import Exit
    from pelican.settings import read_settings

    from plugins.languages.report import print_status

    settings = read_settings(str(SETTINGS))
    if print_status(settings, ROOT, I18N_MAPPING, strict=strict):
        raise Exit(code=1)
