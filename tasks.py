"""Tasks for the conference site: ``invoke --list`` shows them all.

Everything runs offline except ``invoke fetch``, the only task that touches the network.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = os.environ.get("SITE_HOST", "127.0.0.1"), int(os.environ.get("SITE_PORT", "8000"))


def _pelican(*args: str) -> None:
    """Run Pelican in this process (as Pelican's own quickstart tasks do)."""
    from pelican import main as pelican_main

    try:
        pelican_main(list(args))
    except SystemExit as exc:  # Pelican exits non-zero on a build error: keep that code
        if exc.code:
            raise


@task
def clean(c):
    """Remove the generated site (output/)."""
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)


@task
def build(c):
    """Build the site into output/ with development settings, failing on any warning."""
    _pelican("-s", str(SETTINGS), "--fatal", "warnings")


@task(pre=[clean], post=[build])
def rebuild(c):
    """Clean, then build."""


@task
def regenerate(c):
    """Rebuild automatically whenever content, theme or plugins change."""
    _pelican("-r", "-s", str(SETTINGS))


@task
def serve(c, port=PORT):
    """Serve output/ at http://127.0.0.1:8000 (SITE_HOST/SITE_PORT to change)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    server = ReusableServer(str(OUTPUT), (HOST, int(port)), ComplexHTTPRequestHandler)
    print(f"Serving {OUTPUT} at http://{HOST}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(pre=[build])
def reserve(c, port=PORT):
    """Build, then serve."""
    serve(c, port)


@task
def preview(c):
    """Build with the publishing settings (absolute URLs) into output/."""
    _pelican("-s", str(PUBLISH_SETTINGS), "--fatal", "warnings")


@task(help={"dest": "rsync destination, e.g. user@host:/var/www/site/ (optional)"})
def publish(c, dest=""):
    """Build with the publishing settings; with --dest, rsync output/ there."""
    preview(c)
    if dest:
        c.run(f"rsync -az --delete {shlex.quote(str(OUTPUT))}/ {shlex.quote(dest)}", pty=False)
    else:
        print(f"Published site is in {OUTPUT}; copy it to any static host, or pass --dest.")


@task(help={"args": "extra arguments for pytest, e.g. '-k planet -x'"})
def test(c, args=""):
    """Run the test suite (pytest) and the linter (ruff)."""
    c.run(f"{shlex.quote(sys.executable)} -m ruff check .", pty=False)
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)
