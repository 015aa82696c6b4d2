"""Fixtures: the sample site and variants of it, each built once per test session.

Builds run ``pelican --fatal warnings`` in a subprocess with the project's settings, so a
warning fails the test as it fails ``invoke build``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.site.sample import pelican

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"


def build(
    content: Path,
    output: Path,
    env: dict[str, str] | None = None,
    fatal: bool = True,
    **settings: object,
) -> Path:
    """Build ``content`` into ``output`` with pelicanconf.py and extra settings."""
    result = pelican(
        output,
        settings={"PATH": str(content), **settings},
        fatal=fatal,
        env=env or os.environ.copy(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def partial_content(target: Path) -> Path:
    """The sample content minus some translations (and a post only in en and fr)."""
    shutil.copytree(CONTENT, target)
    for name in (
        "posts/translating-bloggers.fr.md",
        "pages/code-of-conduct.fr.md",
        "posts/lianzhou-impressions.zh-Hans.md",
    ):
        (target / name).unlink()
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site as committed."""
    return build(CONTENT, tmp_path_factory.mktemp("sample") / "out")


@pytest.fixture(scope="session")
def partial_site(tmp_path_factory) -> Path:
    """Some posts and pages untranslated, LANGUAGES_UNTRANSLATED = "notice"."""
    base = tmp_path_factory.mktemp("partial")
    return build(partial_content(base / "content"), base / "out")


@pytest.fixture(scope="session")
def hidden_site(tmp_path_factory) -> Path:
    """The same, with LANGUAGES_UNTRANSLATED = "hide"."""
    base = tmp_path_factory.mktemp("hidden")
    return build(partial_content(base / "content"), base / "out", LANGUAGES_UNTRANSLATED="hide")


def zh_hant_content(target: Path) -> Path:
    """The sample content with a zh-Hant tree converted from zh-Hans."""
    shutil.copytree(CONTENT, target)
    conference = target / "conference.yaml"
    text = conference.read_text("utf-8")
    line = "languages: [zh-Hans, en, fr]"
    assert line in text
    conference.write_text(
        text.replace(line, "languages: [zh-Hans, en, fr, {tag: zh-Hant, from: zh-Hans}]"), "utf-8"
    )
    (target / "pages/markup-check.zh-Hans.md").write_text(MARKUP_CHECK, "utf-8")
    return target


#: A page whose URLs, classes and data attributes hold Simplified characters.
MARKUP_CHECK = """Title: 简体标记检查

[连州](https://zh.wikipedia.org/wiki/连州 "连州市")
<span class="网志" data-note="简体">简体字</span>
![网志](https://example.org/简体.png) `简体`

<blockquote lang="en" markdown="1">
simplified 简体
</blockquote>
"""


@pytest.fixture(scope="session")
def zh_hant_site(tmp_path_factory) -> Path:
    """The sample site with the optional zh-Hant tree (needs OpenCC)."""
    pytest.importorskip("opencc")
    base = tmp_path_factory.mktemp("zh-hant")
    return build(zh_hant_content(base / "content"), base / "out")
