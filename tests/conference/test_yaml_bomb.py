"""Hostile YAML: an alias bomb in a participant's file fails fast, small and located."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from plugins.core.errors import ContentError, shown
from plugins.core.yamlio import load_yaml
from tests.conftest import ROOT

# About 1 KB that stands for 9**9 (387 million) strings once its aliases are expanded.
BOMB = (
    "name: {en: Mallory}\nlisted: true\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9 if prev else ['lol'] * 9)}]\n"
        for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
    )
    + "bio: *i\n"
)

# Build a fixture site holding the bomb, in a fresh process, and report time and peak memory.
SCRIPT = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import FixtureSite
site = FixtureSite(Path({folder!r}))
site.write("people/mallory.yaml", {bomb!r})
start = time.process_time()  # CPU time: the same on a loaded machine
try:
    site.build()
    error = None
except Exception as exc:
    error = str(exc)
# VmHWM is this program's own peak: ru_maxrss also counts the parent's memory when it forked
# (a pytest process that loaded language models), which exec does not reset on Linux.
status = Path("/proc/self/status")
peak = (int(next(line.split()[1] for line in status.read_text().splitlines()
                 if line.startswith("VmHWM:"))) if status.exists()
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps({{"error": error, "seconds": time.process_time() - start,
                  "max_rss_mb": peak / 1024}}))
"""


def test_bomb_is_about_a_kilobyte():
    assert len(BOMB) < 1100


def test_alias_bomb_is_a_located_error(tmp_path):
    path = tmp_path / "mallory.yaml"
    path.write_text(BOMB, encoding="utf-8")
    start = time.process_time()
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert time.process_time() - start < 1
    message = str(caught.value)
    assert "mallory.yaml:" in message and "alias" in message and len(message) < 400


def test_self_referring_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"loop.yaml:1: .*refers to itself"):
        load_yaml(path)


def test_a_few_aliases_stay_allowed(tmp_path):
    path = tmp_path / "shared.yaml"
    path.write_text("base: &b {x: 1}\none: *b\ntwo: *b\n", encoding="utf-8")
    assert load_yaml(path)["two"] == {"x": 1}


def test_build_with_a_bomb_fails_fast_and_small(tmp_path):
    script = SCRIPT.format(root=str(ROOT), folder=str(tmp_path / "site"), bomb=BOMB)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["error"] and "people/mallory.yaml:" in result["error"]
    assert "lol" not in result["error"]
    assert result["seconds"] < 5
    assert result["max_rss_mb"] < 200


@pytest.mark.parametrize(
    "value, expected",
    [
        ("short", "'short'"),
        ("\x1b[31mred", "'\\x1b[31mred'"),
        (42, "42"),
        ({"a": [1, 2]}, "{'a': [1, 2]}"),
    ],
)
def test_shown_values_are_short_and_escaped(value, expected):
    assert shown(value) == expected


def test_shown_never_renders_a_whole_large_value():
    nested = [["x" * 1000] * 1000] * 1000
    assert len(shown(nested)) <= 80
    assert len(shown("y" * 10**6)) <= 80
