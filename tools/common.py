"""What tasks.py and the tools share: the project's paths, and running Pelican or a
plugin's command line the way every task does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: the project: the folder above tools/, as found (a fixture project links tools/ in, and
#: its own tasks.py, settings and content are the ones meant)
ROOT = Path(os.path.abspath(__file__)).parents[1]
OUTPUT = ROOT / "output"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = os.environ.get("SITE_HOST", "127.0.0.1"), int(os.environ.get("SITE_PORT", "8000"))


def pelican(*args: str) -> None:
    """Run Pelican in a child process (``python -m pelican``), its exit status kept.

    Not in this process, as Pelican's quickstart tasks do: a build leaves state behind
    (``--fatal warnings`` makes every later warning of the process raise, its log filter
    drops messages it has seen, plugins stay connected to the signals), which a second
    build in one ``invoke`` call, or a test calling a task, would inherit."""
    _child([sys.executable, "-m", "pelican", *args])


def search_command(output: Path, settings: Path) -> list[str]:
    """``python -m plugins.search OUTPUT --settings SETTINGS``: Pagefind on a built site."""
    return [sys.executable, "-m", "plugins.search", str(output), "--settings", str(settings)]


def search_index(output: Path, settings: Path) -> None:
    """Index a built site with Pagefind in a child process, its exit status kept:
    ``invoke build`` runs it once Pelican's process has ended."""
    _child(search_command(output, settings))


def _child(command: list[str]) -> None:
    """Run ``command`` in a child process; a non-zero exit status fails the task with
    that status."""
    from invoke import Exit

    status = subprocess.run(command, check=False).returncode
    if status:  # Pelican exits non-zero on a build error: keep that code
        raise Exit(code=status)


def run_module(name: str, *args: str) -> None:
    """Run ``python -m name args`` in this process; a non-zero status fails the task."""
    from importlib import import_module

    from invoke import Exit

    status = import_module(f"{name}.__main__").main(list(args))
    if status:
        raise Exit(code=status)


def default_segment() -> str:
    """URL segment of the site's default language (``zh-hans``)."""
    from plugins.core.siteconfig import load_language_set

    return load_language_set(ROOT / "content" / "conference.yaml").default.segment


def site_languages():
    """Languages that have their own catalog (a derived one, e.g. zh-Hant converted by
    OpenCC, uses its source's catalog)."""
    from pelican.settings import read_settings

    from plugins.core.siteconfig import site

    languages = site(read_settings(str(SETTINGS))).languages
    return [language for language in languages if not language.is_derived]


class BackgroundIndex:
    """One Pagefind run at a time on the output, started after a rebuild (``invoke
    regenerate``)."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, cwd=ROOT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()
        self.process = None
