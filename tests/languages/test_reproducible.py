"""The output depends on the content only: not on the machine's locale, time zone or hash
seed. Dates and numbers come from Babel and the configured zones, never from the OS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import CONTENT, build

pytestmark = pytest.mark.slow

ENVIRONMENTS = [
    {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"},
    # Locales this machine lacks: Pelican warns that it cannot set them (hence no
    # --fatal warnings here) and the output must not change.
    {
        "TZ": "Pacific/Kiritimati",
        "LANG": "fr_FR.UTF-8",
        "LC_ALL": "zh_CN.UTF-8",
        "LANGUAGE": "fr",
        "PYTHONHASHSEED": "2",
    },
    {"TZ": "America/Los_Angeles", "LANG": "en_US.UTF-8", "LC_ALL": "POSIX", "PYTHONHASHSEED": "3"},
]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_output_is_byte_identical_across_locale_and_tz(tmp_path: Path):
    trees = []
    for index, extra in enumerate(ENVIRONMENTS):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        env.update(extra)
        out = build(CONTENT, tmp_path / f"out{index}", env=env, fatal=False)
        trees.append(_tree(out))
    first = trees[0]
    assert len(first) > 100
    for other in trees[1:]:
        assert sorted(other) == sorted(first)
        differing = [name for name in first if first[name] != other[name]]
        assert differing == []
