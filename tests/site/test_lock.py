"""The locked dependencies: in step with pyproject.toml, hashed, and what the tests run on.

``requirements/*.lock`` are what the README, CI and every user install; ``invoke lock``
writes them. These tests fail when pyproject.toml changes without a new lock, when a lock
loses its hashes, and (on CI, which installs from the lock) when the environment or the
interpreter is not the locked one.
"""

from __future__ import annotations

import os
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT, skip_or_fail
from tools.deps import (
    IMPORT_EXTRAS,
    IMPORT_LOCK,
    LOCK_EXTRAS,
    SITE_EXTRAS,
    SITE_LOCK,
    TEST_LOCK,
    _oldest_python,
    lock_pins,
)

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _declared(extras) -> list[Requirement]:
    requirements = [Requirement(text) for text in PROJECT["dependencies"]]
    for extra in extras:
        requirements += [Requirement(text) for text in PROJECT["optional-dependencies"][extra]]
    return requirements


@pytest.mark.parametrize(
    ("lock", "extras"),
    [(SITE_LOCK, SITE_EXTRAS), (IMPORT_LOCK, IMPORT_EXTRAS), (TEST_LOCK, LOCK_EXTRAS)],
)
def test_lock_pins_every_declared_dependency_within_its_range(lock: Path, extras):
    pins = lock_pins(lock)
    for requirement in _declared(extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} does not pin {name}: run `invoke lock`"
        version, _marker = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {name}=={version}, outside pyproject.toml's "
            f"{requirement.specifier}: run `invoke lock`"
        )


def test_every_extra_is_locked():
    assert set(PROJECT["optional-dependencies"]) == set(LOCK_EXTRAS)


@pytest.mark.parametrize("lock", [SITE_LOCK, IMPORT_LOCK])
def test_runtime_locks_pin_the_same_versions_as_the_test_lock(lock: Path):
    site, test = lock_pins(lock), lock_pins(TEST_LOCK)
    assert set(site) <= set(test)
    assert {name: site[name][0] for name in site} == {name: test[name][0] for name in site}


def test_the_site_lock_leaves_the_import_extra_out():
    """A site that never imports a schedule does not install Lingua's 95 MB of models;
    the import lock is the site lock plus the import extra."""
    site, imported = lock_pins(SITE_LOCK), lock_pins(IMPORT_LOCK)
    assert "lingua-language-detector" not in site and "jsonschema" not in site
    assert "lingua-language-detector" in imported and "jsonschema" in imported
    assert set(site) < set(imported)


@pytest.mark.parametrize("lock", [SITE_LOCK, IMPORT_LOCK, TEST_LOCK])
def test_every_pin_carries_hashes(lock: Path):
    """pip checks every download against the lock (hash-checking mode), so a republished or
    tampered file is refused."""
    blocks = lock.read_text("utf-8").split("\n")
    pins = [i for i, line in enumerate(blocks) if line[:1].isalpha()]
    for index in pins:
        assert blocks[index].rstrip().endswith("\\"), blocks[index]
        assert blocks[index + 1].strip().startswith("--hash=sha256:"), blocks[index]


def test_upper_bounds_on_the_libraries_that_break_us():
    """The ranges of the libraries whose next major release would change our output."""
    for requirement in _declared(()):
        if canonicalize_name(requirement.name) in {
            "pelican",
            "feedparser",
            "httpx",
            "nh3",
            "babel",
            "pagefind",
        }:
            assert any(spec.operator == "<" for spec in requirement.specifier), requirement


def test_sample_site_builds_from_the_lock_on_the_oldest_python(built_site: Path):
    """The sample site (built by the ``built_site`` fixture with this interpreter) builds on
    the oldest Python pyproject.toml supports, from exactly the locked versions. On CI, which
    installs from the lock the way the README says, anything else fails; elsewhere it skips."""
    assert (built_site / "zh-hans/editions/2009/index.html").is_file()
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if running != _oldest_python():
        skip_or_fail(f"Python {running} is not the oldest supported ({_oldest_python()})")
    drift = []
    for name, (version, marker) in lock_pins(TEST_LOCK).items():
        if marker is not None and not marker.evaluate():
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            drift.append(f"{name} {installed} (locked {version})")
    if drift:
        message = "environment differs from requirements/test.lock: " + ", ".join(drift)
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
