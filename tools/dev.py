"""Maintainer tasks: the test suite, the web servers' configuration, Lighthouse."""

from __future__ import annotations

import shlex
import sys

from invoke import task

from .common import ROOT
from .common import run_module as _module

#: the tier of ``invoke test --fast``: what a change needs first, without a browser or a
#: whole-site build (markers declared in pyproject.toml)
FAST_MARKERS = "not slow and not browser"


@task(
    help={
        "args": "extra arguments for pytest, e.g. '-k planet -x'",
        "fast": "leave out the tests marked slow (whole-site builds, corpora) and browser",
    }
)
def test(c, args="", fast=False):
    """Run ruff (lint and format check), the type checker (pyright's, over what
    [tool.basedpyright] in pyproject.toml includes) and the test suite (pytest), from the
    project root; --fast: without the slow and browser tests."""
    python = shlex.quote(sys.executable)
    with c.cd(str(ROOT)):
        c.run(f"{python} -m ruff check .", pty=False)
        c.run(f"{python} -m ruff format --check .", pty=False)
        c.run(f"{python} -m basedpyright --pythonpath {python}", pty=False)
        marker = f"-m {shlex.quote(FAST_MARKERS)} " if fast else ""
        c.run(f"{python} -m pytest {marker}{args}", pty=False)


@task(name="deploy-config", help={"check": "only compare; exit 1 when a file is stale"})
def deploy_config(c, check=False):
    """Write deploy/'s nginx, Apache, Caddy and _headers files from deploy/policy.toml."""
    _module("deploy", *(["--check"] if check else []))


@task(
    help={
        "form_factor": "mobile, desktop or both (default)",
        "pages": "comma-separated page types (default: every type, see bench/lighthouse.py)",
        "json": "also write the scores to this file",
        "reports": "keep every Lighthouse JSON report in this folder",
        "cpu_slowdown": "CPU slowdown of the simulated phone (Lighthouse's default: 4)",
    }
)
def lighthouse(c, form_factor="both", pages="", json="", reports="", cpu_slowdown=""):
    """Lighthouse 12.2.3 (installed from npm into .lighthouse/) over one page of each type
    in each language, with Debian's chromium: prints the four scores of each."""
    args = [sys.executable, str(ROOT / "bench" / "lighthouse.py"), "--form-factor", form_factor]
    if pages:
        args += ["--pages", pages]
    if json:
        args += ["--json", json]
    if reports:
        args += ["--reports", reports]
    if cpu_slowdown:
        args += ["--cpu-slowdown", cpu_slowdown]
    c.run(" ".join(shlex.quote(part) for part in args), pty=False)
