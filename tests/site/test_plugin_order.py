"""The order of PLUGINS is no contract: reordered, the sample site builds byte for byte the
same; without a plugin another needs, the build stops with one line naming it."""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest

from tests.site.sample import ROOT, pelican

#: pelicanconf.py's PLUGINS, reversed: every consumer before the plugin it waits for
REVERSED = [
    "plugins.search",
    "plugins.sitemap",
    "plugins.roundup",
    "plugins.wall",
    "plugins.planet",
    "plugins.conference",
    "plugins.languages",
]


def _pelican(output: Path, plugins: list[str]) -> subprocess.CompletedProcess:
    return pelican(
        output,
        settings={"PLUGINS": plugins},
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "400", "PYTHONPATH": str(ROOT)},
    )


def _differences(left: Path, right: Path) -> list[str]:
    """Files only in one tree, or with other bytes (relative paths)."""
    found = []
    compared = filecmp.dircmp(left, right)
    stack = [(compared, Path())]
    while stack:
        node, where = stack.pop()
        found += [str(where / name) for name in node.left_only + node.right_only]
        found += [
            str(where / name)
            for name in node.common_files
            if not filecmp.cmp(Path(node.left) / name, Path(node.right) / name, shallow=False)
        ]
        stack += [(sub, where / name) for name, sub in node.subdirs.items()]
    return sorted(found)


@pytest.mark.slow
def test_reversed_plugins_build_the_same_site(built_site, tmp_path):
    result = _pelican(tmp_path / "out", REVERSED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _differences(built_site, tmp_path / "out") == []


@pytest.mark.parametrize(
    "plugins, needed_by, left_out",
    [
        (["plugins.planet", "plugins.languages"], "plugins.planet", "plugins.conference"),
        (["plugins.roundup", "plugins.languages"], "plugins.roundup", "plugins.conference"),
        (["plugins.roundup", "plugins.languages"], "plugins.roundup", "plugins.planet"),
        (
            ["plugins.roundup", "plugins.conference", "plugins.languages"],
            "plugins.roundup",
            "plugins.planet",
        ),
    ],
)
def test_a_missing_prerequisite_is_named(tmp_path, plugins, needed_by, left_out):
    result = _pelican(tmp_path / "out", plugins)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert (
        f"pelicanconf.py: [PLUGINS] {needed_by} needs {left_out}, which is not in PLUGINS"
    ) in output
    assert "Traceback" not in output and "KeyError" not in output
    assert not (tmp_path / "out" / "index.html").exists()  # stopped before writing
