"""The sample site (the real ``content/`` with ``pelicanconf.py``), built once per test session.

Both the validators (tests/site) and the browser tests (tests/browser) check the same build.
It is kept in ``config.stash``, pytest's per-session store, so when both suites run in one
session the site is built once; each suite's conftest exposes it as a session fixture.

The build runs ``pelican --fatal warnings`` in a subprocess, as ``invoke build`` does, into
a temporary folder (never ``output/``). When the search plugin exists (``plugins/search``)
the build also indexes the output with Pagefind (the plugin's ``finalized`` handler).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
LANGUAGES = ("zh-hans", "en", "fr")  # URL segments of the sample site's language trees
SEARCH_PLUGIN = ROOT / "plugins" / "search"

_BUILD = pytest.StashKey[Path]()


def site_url() -> str:
    """The public address from ``content/conference.yaml`` (absolute links point there)."""
    data = yaml.safe_load((CONTENT / "conference.yaml").read_text(encoding="utf-8"))
    return str(data.get("site_url") or "").rstrip("/")


#: The umask of the sample build: the usual one, so tests can check the published modes
#: (0644 files, 0755 folders) whatever the umask of the shell that runs pytest.
UMASK = 0o022


def pelican(
    output: Path,
    *,
    settings: dict[str, object] | None = None,
    fatal: bool = True,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    settings_file: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run ``pelican -s pelicanconf.py -o OUTPUT -q`` from the project root, as ``invoke
    build`` does (``--fatal warnings`` unless ``fatal`` is false, each of ``settings`` as
    ``-e KEY=JSON``, ``settings_file`` instead of ``pelicanconf.py`` if given), under umask
    022; returns the finished process, not checked."""
    settings_path = settings_file or ROOT / "pelicanconf.py"
    command = [sys.executable, "-m", "pelican", "-s", str(settings_path)]
    command += ["-o", str(output), *(["--fatal", "warnings"] if fatal else []), "-q"]
    if settings:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        umask=UMASK,
        env=env,
    )


def build_sample_site(output: Path) -> Path:
    """Build the sample site into ``output`` with ``--fatal warnings``, under umask 022."""
    result = pelican(output)
    if result.returncode:
        pytest.fail(
            f"pelican build of the sample site failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return output


def sample_output(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sample site of this test session (built on first use)."""
    stash = request.config.stash
    if _BUILD not in stash:
        stash[_BUILD] = build_sample_site(tmp_path_factory.mktemp("sample-site"))
    return stash[_BUILD]


def require_tool(available: bool, what: str, install: str) -> None:
    """Skip when a system tool is missing on a developer's machine; fail on CI (``CI`` set),
    where a missing tool is a broken setup and must not pass silently."""
    if available:
        return
    skip_or_fail(f"{what} is not installed ({install})")
