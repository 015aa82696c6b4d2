"""Locked dependencies: ``invoke lock`` and ``invoke test-latest`` (maintainer tooling)."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

from .common import ROOT

# --- maintaining: locked dependencies ---
# pyproject.toml declares ranges; requirements/*.lock pin exact versions with hashes, and
# that is what the README, CI and every user install. The locks are "universal" (uv resolves
# one set of versions for every platform and Python >= the oldest supported one).

LOCKS = ROOT / "requirements"
SITE_LOCK = LOCKS / "site.lock"  # build, serve, fetch; zh-Hant and programme included
IMPORT_LOCK = LOCKS / "import.lock"  # the same plus the import extra (import-schedule)
TEST_LOCK = LOCKS / "test.lock"  # all of them plus the test and screenshots extras
SITE_EXTRAS = ("zh-hant", "programme")
IMPORT_EXTRAS = (*SITE_EXTRAS, "import")
LOCK_EXTRAS = ("test", "screenshots", *IMPORT_EXTRAS)


def _oldest_python() -> str:
    """The oldest Python of ``requires-python`` (``>=3.11`` -> ``3.11``): the locks'
    target, so they never pick a release that dropped it."""
    import tomllib

    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minimums = [
        spec.version
        for spec in SpecifierSet(project["requires-python"])
        if spec.operator in (">=", "~=", "==")
    ]
    if not minimums:
        raise ValueError("pyproject.toml: [project] requires-python needs a lower bound")
    return ".".join(min(minimums, key=lambda v: tuple(map(int, v.split(".")))).split(".")[:2])


def _uv(c, *args: str) -> None:
    """Run uv (installed by the test lock) from this interpreter, in the project root."""
    command = [sys.executable, "-m", "uv", *args]
    with c.cd(str(ROOT)):
        c.run(" ".join(shlex.quote(part) for part in command), pty=False)


def _compile_lock(c, output: Path, extras=(), constraints: Path | None = None, upgrade=False):
    """``uv pip compile`` pyproject.toml into ``output``, with hashes, for every platform."""
    args = [
        "pip",
        "compile",
        "pyproject.toml",
        "--universal",
        "--generate-hashes",
        "--python-version",
        _oldest_python(),
        "--quiet",
        "--custom-compile-command",
        "invoke lock",
        "-o",
        str(output.relative_to(ROOT)),
    ]
    for extra in extras:
        args += ["--extra", extra]
    if constraints:
        args += ["-c", str(constraints.relative_to(ROOT))]
    if upgrade:
        args.append("--upgrade")
    _uv(c, *args)


@task(help={"upgrade": "move every pin to the newest release pyproject.toml allows"})
def lock(c, upgrade=False):
    """Refresh requirements/*.lock from pyproject.toml (kept pins stay unless --upgrade)."""
    LOCKS.mkdir(exist_ok=True)
    _compile_lock(c, TEST_LOCK, LOCK_EXTRAS, upgrade=upgrade)
    # The runtime locks are constrained by the test lock, so all pin the same versions.
    _compile_lock(c, SITE_LOCK, SITE_EXTRAS, constraints=TEST_LOCK)
    _compile_lock(c, IMPORT_LOCK, IMPORT_EXTRAS, constraints=TEST_LOCK)
    print(
        f"Wrote {SITE_LOCK.relative_to(ROOT)}, {IMPORT_LOCK.relative_to(ROOT)} and "
        f"{TEST_LOCK.relative_to(ROOT)}; run `invoke test` in a fresh venv, then commit them."
    )


@task(
    name="test-latest",
    help={
        "args": "extra arguments for pytest, e.g. '-x'",
        "keep": "keep the throw-away environment and print its path",
    },
)
def test_latest(c, args="", keep=False):
    """Run the tests against the newest releases pyproject.toml allows, in a throw-away
    virtual environment (the locked .venv is never touched)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="test-latest-"))
    try:
        requirements = folder / "latest.txt"
        _uv(
            c,
            "pip",
            "compile",
            "pyproject.toml",
            "--refresh",
            "--quiet",
            *(arg for extra in LOCK_EXTRAS for arg in ("--extra", extra)),
            "--python",
            sys.executable,
            "-o",
            str(requirements),
        )
        _report_drift(requirements)
        venv = folder / "venv"
        _uv(c, "venv", "--quiet", "--python", sys.executable, str(venv))
        python = venv / "bin" / "python"
        _uv(c, "pip", "install", "--quiet", "--python", str(python), "-r", str(requirements))
        with c.cd(str(ROOT)):
            # CI="" : the lock test reports the drift printed above as a skip, not a failure
            c.run(
                f"{shlex.quote(str(python))} -m pytest -p no:cacheprovider {args}",
                pty=False,
                env={"CI": ""},
            )
    finally:
        if keep:
            print(f"The environment is kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _report_drift(latest: Path) -> None:
    """Print the packages whose newest allowed release differs from the test lock."""
    pinned = {name: pin[0] for name, pin in lock_pins(TEST_LOCK).items()}
    newest = {name: pin[0] for name, pin in lock_pins(latest).items()}
    moved = sorted(name for name in newest if pinned.get(name) != newest[name])
    if not moved:
        print("test-latest: the lock already has the newest allowed releases")
    for name in moved:
        print(f"test-latest: {name} {pinned.get(name, '(not locked)')} -> {newest[name]}")


def lock_pins(path: Path) -> dict:
    """The ``name==version ; marker`` pins of a requirements file: normalized name ->
    ``(version, marker)``, the marker a ``packaging`` Marker or None."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("\\")[0].strip()
        if not text or text.startswith(("#", "-")):
            continue
        requirement = Requirement(text)
        (spec,) = requirement.specifier  # a lock pins each package with one ==
        pins[canonicalize_name(requirement.name)] = (spec.version, requirement.marker)
    return pins
