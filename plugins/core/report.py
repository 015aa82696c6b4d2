"""Print content problems as plain ``path:line: [key] message`` lines, never wrapped.

Pelican logs through rich's handler, which wraps every line at the terminal width (80
columns when the output is not a terminal) and adds a traceback to the exception that stops
the build. Content problems must stay one greppable, clickable line each, so:

- :class:`ReportContentErrors`, on the ``pelican`` logger, takes the record Pelican logs
  for the exception that stops the build; for a :class:`~.errors.ContentError` it writes
  the problems to stderr itself, one per line, then the summary, and drops the record.
- :class:`InterceptPelicanProblems`, on Pelican's module loggers, turns the content errors
  that Pelican only logs (a file that could not be read, a missing ``Title``, two files with
  one slug; the other warnings in :mod:`.pelicanwarnings`) into problems; the conference
  generator raises them with its own.

Logging is process-wide, so the state of the current run (project root, the problems
intercepted so far) lives in one :class:`RunState`, reset by :func:`start_run` at the start
of every run (``regenerate`` included).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pelican

from .contenttypes import PelicanContent
from .errors import ContentError, Problem, summary
from .pelicanwarnings import line_with as _line_with
from .pelicanwarnings import linking_source as _linking_source
from .pelicanwarnings import second_line, translate
from .settings import SETTINGS_FILE, SettingError

PLUGINS_DIR = str(Path(__file__).resolve().parents[1])
PELICAN_DIR = str(Path(pelican.__file__).resolve().parent)
_SETTING = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
_GROUPED = {
    "Other images have empty alt attributes",
    "Other resources were not found and their urls not replaced",
}
PELICAN_LOGGERS = (
    "pelican.cache",
    "pelican.contents",
    "pelican.generators",
    "pelican.readers",
    "pelican.urlwrappers",
    "pelican.utils",
)


@dataclass
class RunState:
    """What the reporting filters know about the current run."""

    root: str | None = None
    content: str = "."
    pending: list[Problem] = field(default_factory=list)


STATE = RunState()


def start_run(settings: dict[str, Any]) -> None:
    """Reset the state for a run of Pelican with ``settings``; install the filters."""
    content = os.path.abspath(settings.get("PATH", "."))
    STATE.root, STATE.content, STATE.pending = os.path.dirname(content), content, []
    install()


def set_root(root: str | os.PathLike) -> None:
    """Show paths relative to ``root`` (the project folder, the parent of ``content/``)."""
    STATE.root = os.path.abspath(root)


def report_root() -> str | None:
    """The folder problem paths are shown relative to (None: the working directory)."""
    return STATE.root


def take_pending() -> list[Problem]:
    """The problems intercepted from Pelican's log since the last call."""
    pending, STATE.pending = STATE.pending, []
    return pending


def raise_pending() -> None:
    """Raise the intercepted problems nobody has raised yet (``all_generators_finalized``)."""
    pending = take_pending()
    if pending:
        raise ContentError(pending)


def write_problems(problems: list[Problem], stream=None) -> None:
    """Write one line per problem, then the summary, to ``stream`` (stderr)."""
    stream = stream or sys.stderr
    lines = [p.format(STATE.root) for p in problems] + [summary(problems)]
    stream.write("\n".join(lines) + "\n")
    stream.flush()


class ReportContentErrors(logging.Filter):
    """Write a logged :class:`ContentError` as plain lines and drop the rich record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False (dropped) once a content or settings error is written; True otherwise."""
        error = record.exc_info[1] if record.exc_info else None
        handled = sys.exc_info()[1]
        if error is None and handled is not None and handled in (record.args or ()):
            error = handled  # `pelican -r` logs the exception it handles as an argument
        if isinstance(error, SettingError):
            error = ContentError([error.problem()])
        elif isinstance(error, ValueError) and _raised_in(error, "settings.py"):
            error = ContentError([setting_problem(error)])
        elif error is not None and _raised_in(error, "settings.py", PELICAN_DIR):
            error = ContentError([setting_problem(error)])  # e.g. a THEME that is not there
        if isinstance(error, ContentError):
            write_problems(error.problems)
            return False
        return True


def setting_problem(error: BaseException) -> Problem:
    """A plugin's ``settings.py`` rejected a value: a problem naming the setting."""
    message = str(error)
    name = _SETTING.search(message)
    return Problem(SETTINGS_FILE, message, name.group(0) if name else "")


class InterceptPelicanProblems(logging.Filter):
    """Turn Pelican's log records about broken content into pending problems."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False (dropped) when the record became pending problems; True otherwise."""
        problems = problems_of(record)
        if problems is None:
            return True
        STATE.pending.extend(problems)
        return False


def problems_of(record: logging.LogRecord) -> list[Problem] | None:
    """The problems a Pelican record reports, or None when it is not about content."""
    template = str(record.msg)
    args: tuple[Any, ...] = record.args if isinstance(record.args, tuple) else ()
    if template.startswith("Could not process %s"):
        return _unreadable(os.path.join(STATE.content, str(args[0])), record)
    if template.startswith("Skipping %s: could not find information about"):
        key = str(args[1]).capitalize()
        return [Problem(_source(args[0]), f"missing required key {key!r}", key, 1)]
    if template.startswith("Skipping %s: file %r would be written outside"):
        return [
            Problem(
                _source(args[0]),
                f"would be written outside the output folder "
                f"({args[1]}); expected a relative Slug or Save_as",
                "Save_as",
            )
        ]
    if template.startswith("Duplicate definition of `%s` for %s"):
        key = str(args[0]).capitalize()
        line = second_line(str(args[1]), str(args[0]))
        return [Problem(str(args[1]), f"key {key!r} is given twice; expected it once", key, line)]
    if template.startswith("Unable to find '%s', skipping url replacement"):
        source = _linking_source() or STATE.content
        return [
            Problem(
                source,
                f"links to {args[0]!r}, which is not in the site; expected "
                "{filename}<path of a post or page> or {static}<path of a file> "
                "relative to content/",
                "link",
                _line_with(source, str(args[0])),
            )
        ]
    if template.startswith("Cannot get modification stamp for %s"):
        return _missing_static(str(args[0]))
    if template.startswith("Empty alt attribute for image %s in %s"):
        return [
            Problem(
                str(args[1]),
                f"image {args[0]!r} has no alternative text; expected "
                "![what the image shows](...) for readers who cannot see it",
                "alt",
                _line_with(str(args[1]), str(args[0])),
            )
        ]
    if template.startswith("{filename} used for linking to static content %s in %s"):
        source = os.path.join(STATE.content, str(args[1]))
        return [
            Problem(
                source,
                f"links with {{filename}} to the file {args[0]!r}; expected "
                "{static} for a file that is not a post or page",
                "link",
                _line_with(source, os.path.basename(str(args[0]))),
            )
        ]
    if template in _GROUPED:
        return []  # Pelican's "and more like these": each was reported on its own
    if template.startswith('There are %s items "%s" with lang %s'):
        return []  # Pelican sees only some of them: the conference plugin checks every slug
    if template.startswith('All items ("%s") "%s" are translations'):
        return []  # the original could not be read: that file's problem is the root cause
    return translate(record, STATE.content, STATE.pending)


def _source(content: object) -> str:
    path = getattr(content, "source_path", None) or str(content)
    return os.path.join(STATE.content, path)


def _missing_static(path: str) -> list[Problem]:
    """A ``{static}`` link to a file that is not there: reported on the linking files."""
    relative = os.path.relpath(path, STATE.content).replace(os.sep, "/")
    linking = []
    frame = sys._getframe(1)
    while frame is not None and not linking:
        context = getattr(frame.f_locals.get("self"), "context", None)
        if isinstance(context, dict):
            linking = sorted(
                c.source_path
                for c in context.get("generated_content", {}).values()
                if relative in _static_links(c)
            )
        frame = frame.f_back
    return [
        Problem(
            source,
            f"links with {{static}} to {relative!r}, which is not in content/; "
            "expected the file there, or a corrected link",
            "link",
            _line_with(source, os.path.basename(path)),
        )
        for source in linking or [path]
    ]


def _static_links(content: PelicanContent) -> set[str]:
    try:
        return content.get_static_links()
    except (AttributeError, TypeError):
        return set()


def _unreadable(path: str, record: logging.LogRecord) -> list[Problem] | None:
    """A reader's exception: ours carry problems; Pelican's and Markdown's are content."""
    info = record.exc_info if record.exc_info and record.exc_info[1] else sys.exc_info()
    problems = content_problems(path, info[1])
    if problems is None and info[1] is not None:
        record.exc_info = info  # a bug: keep its traceback
    return problems


def content_problems(path: str, error: BaseException | None) -> list[Problem] | None:
    """Problems for an exception raised reading ``path``; None for a bug in our plugins.

    A :class:`ContentError` carries its problems; an exception raised in Pelican, Markdown
    or another library while reading a file is about the file's content.
    """
    if isinstance(error, ContentError):
        return error.problems
    if isinstance(error, SettingError):  # a handler read a bad setting: name the setting
        return [error.problem()]
    if error is None or _raised_in_plugins(error):
        return None
    return [Problem(path, f"could not be read: {error}")]


def _raised_in_plugins(error: BaseException) -> bool:
    return _raised_in(error)


def _raised_in(error: BaseException, name: str = "", folder: str = PLUGINS_DIR) -> bool:
    """True when ``error`` was raised in ``folder`` (our plugins), in a file ``name``."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    filename = os.path.realpath(trace.tb_frame.f_code.co_filename) if trace else ""
    return filename.startswith(folder + os.sep) and filename.endswith(name)


def install() -> None:
    """Add the two filters to Pelican's loggers, once."""
    _add(logging.getLogger("pelican"), ReportContentErrors)
    for name in PELICAN_LOGGERS:
        _add(logging.getLogger(name), InterceptPelicanProblems)


def _add(target: logging.Logger, kind: type) -> None:
    if not any(isinstance(f, kind) for f in target.filters):
        target.addFilter(kind())
