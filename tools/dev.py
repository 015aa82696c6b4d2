"""Maintainer tasks: the test suite, the web servers' configuration, Lighthouse."""

from __future__ import annotations

import shlex
import sys

from invoke import task

from .common import ROOT
from .common import run_module as _module


@task(help={"args": "extra arguments for pytest, e.g. '-k planet -x'"})
def test(c, args=""):
    """Run ruff (lint and format check) and the test suite (pytest), from the project root."""
    with c.cd(str(ROOT)):
        c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)
        c.run(f"{shlex.quote(sys.executable)} -m ruff format --check .", pty=False)
        c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


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
