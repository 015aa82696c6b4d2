"""Shared fixtures: a small valid fixture site that tests change one file at a time."""

from __future__ import annotations

import logging
import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The frab schedule schemas, vendored (a fork has no ../shared): exports always validate.
SCHEMAS = ROOT / "schemas"
#: Real-world inputs nobody here wrote (../shared/corpora): large, so not vendored.
CORPORA = SHARED / "corpora"


def skip_or_fail(message: str) -> None:
    """Skip on a developer's machine or in a fork; fail on CI (``CI`` set), where something
    missing is a broken setup and must not pass silently."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_corpora(folder: str) -> Path:
    """``../shared/corpora/<folder>``; skipped with a one-line reason when absent (a fork),
    but required on CI."""
    path = (CORPORA / folder).resolve()
    if not path.is_dir():
        skip_or_fail(f"shared corpora not found at {path} (see ../shared/corpora/README.md)")
    return path


CONFERENCE = """\
name: {zh-Hans: 测试年会, en: Test Conference}
languages: [zh-Hans, en]
default_language: zh-Hans
site_url: https://conf.example.org
timezone: Asia/Shanghai
"""

EDITION = """\
number: 1
start: 2009-11-14
end: 2009-11-15
timezone: Asia/Shanghai
city: {zh-Hans: 连州, en: Lianzhou}
theme: {zh-Hans: 微动力，广天地, en: Micro power and a broader world}
participant_count: 150
participants: [alice, bob, carol]
organizers: [alice]
rooms:
  - id: main
    name: {zh-Hans: 主会场, en: Main hall}
  - id: side
    name: {zh-Hans: 分会场, en: Side room}
"""

PEOPLE = {
    "alice": "name: {zh-Hans: 爱丽丝, en: Alice}\nlisted: true\nblog: https://alice.example.org/\n",
    "bob": "name: {zh-Hans: 鲍勃, en: Bob}\nlisted: true\n",
    "carol": "name: Carol\nlisted: false\n",
}

SESSIONS = {
    "keynote.zh-Hans.md": """\
        Title: 微动力
        Start: 2009-11-14 09:30
        End: 2009-11-14 10:30
        Room: main
        Type: keynote
        Speakers: alice

        摘要。
        """,
    "keynote.en.md": "Title: Micro power\n\nAbstract.\n",
    "tools.zh-Hans.md": """\
        Title: 工具
        Start: 2009-11-15 10:00
        End: 2009-11-15 11:00
        Room: side
        Speakers: bob, alice

        只有中文。
        """,
}

POSTS = {
    "report.zh-Hans.md": """\
        Title: 年会报道
        Date: 2009-11-16 21:00
        Authors: alice, bob
        Edition: 2009

        正文。
        """,
    "report.en.md": """\
        Title: Conference report
        Date: 2009-11-16 21:00
        Authors: alice, bob
        Edition: 2009

        Text.
        """,
}

PAGES = {
    "about.zh-Hans.md": "Title: 关于\n\n样例网站。\n",
    "about.en.md": "Title: About\n\nA sample site.\n",
    "code-of-conduct.zh-Hans.md": "Title: 行为准则\n\n友善。\n",
}


class FixtureSite:
    """A fixture site on disk; ``write`` replaces one file, ``build`` runs Pelican."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.write("conference.yaml", CONFERENCE)
        self.write("editions/2009/edition.yaml", EDITION)
        for person, text in PEOPLE.items():
            self.write(f"people/{person}.yaml", text)
        for name, text in SESSIONS.items():
            self.write(f"editions/2009/sessions/{name}", text)
        for name, text in POSTS.items():
            self.write(f"posts/{name}", text)
        for name, text in PAGES.items():
            self.write(f"pages/{name}", text)

    def path(self, relative: str) -> Path:
        """Absolute path of a content file."""
        return self.content / relative

    def write(self, relative: str, text: str) -> Path:
        """Write (or replace) a content file; text is dedented."""
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def settings(self, **override):
        """Pelican settings: the project's pelicanconf pointed at this site."""
        from pelican.settings import read_settings

        from plugins.core.siteconfig import apply_site_settings

        values = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        }
        values.update(override)
        settings = read_settings(str(ROOT / "pelicanconf.py"), override=values)
        apply_site_settings(settings)  # SITENAME, DEFAULT_LANG… of this site, as a build does
        return settings

    def build(self, **override) -> Path:
        """Run one Pelican build; returns the output folder."""
        from pelican import Pelican

        Pelican(self.settings(**override)).run()
        return self.output

    def read(self, relative: str) -> str:
        """Text of a generated file."""
        return (self.output / relative).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> FixtureSite:
    """A fresh, valid fixture site in a temporary folder."""
    return FixtureSite(tmp_path / "site")


@pytest.fixture(autouse=True)
def _pelican_warnings_not_fatal_after():
    """A task run in this process (``tasks.build``, ``tasks.programme``, also from a
    module-scoped fixture) calls Pelican's ``main`` with ``--fatal warnings``, which makes
    every warning of every logger of the process raise from then on (a class attribute of
    ``pelican.log.FatalLogger``): after each test it is Pelican's default again (nothing
    fatal), so no test depends on the ones before it."""
    from pelican.log import FatalLogger

    yield
    FatalLogger.fatal_lvl = logging.CRITICAL + 1  # pelican.log's default: no level is fatal


@pytest.fixture
def warnings_logged(caplog):
    """Records of WARNING or above logged during the test."""
    caplog.set_level(logging.WARNING)
    return lambda: [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def umask_022():
    """Run the test under umask 022 (the usual one), then restore the previous umask.

    ``os.umask`` is process-wide, so this is only for tests that write files in this
    process; a subprocess can be given its own with ``subprocess.run(..., umask=0o022)``.
    """
    import os

    previous = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(previous)


def unreadable_files(root: Path) -> list[str]:
    """Files and folders below ``root`` whose mode is not the one a normal write gives
    under umask 022 (0644 for files, 0755 for folders), as ``path mode`` lines."""
    wrong = []
    for path in sorted(root.rglob("*")):
        mode = path.stat().st_mode & 0o777
        expected = 0o755 if path.is_dir() else 0o644
        if mode != expected:
            wrong.append(f"{path.relative_to(root)} {mode:04o}")
    return wrong
