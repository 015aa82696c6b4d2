"""Optional groups of dependencies (``pyproject.toml``'s extras) and how to install one.

``requirements/site.lock`` builds, serves and fetches; what only some tasks need is an
extra with its own lock, so a site that never uses it does not install it (Lingua's
models alone are 95 MB). A task that needs a missing extra stops with one line naming
the command that installs it, never a traceback: :func:`require` raises
:class:`MissingExtra` and the task prints it.
"""

from __future__ import annotations

import importlib

#: extra -> the lock file that installs it (with the site's own dependencies)
LOCKS = {"import": "requirements/import.lock"}


class MissingExtra(Exception):
    """A module of an extra is not installed; the message is the line to print."""


def install_command(extra: str) -> str:
    """``pip install --no-deps -r requirements/import.lock``."""
    return f"pip install --no-deps -r {LOCKS[extra]}"


def require(extra: str, modules: tuple[str, ...], what: str) -> None:
    """Raise :class:`MissingExtra` unless every one of ``modules`` imports; ``what`` is
    the task or option that needs them (``invoke import-schedule``)."""
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtra(
                f"{what} needs the '{extra}' extra ({module} is not installed); "
                f"install it with: {install_command(extra)}"
            ) from None


def installed(module: str) -> bool:
    """Whether ``module`` (of an extra) imports."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
