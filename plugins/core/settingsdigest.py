"""What the settings are, for the build caches' keys: values, code and files.

The reader and render caches (:mod:`plugins.core.buildcache`) must notice every change of
the settings that can change an output. A JSON dump of the settings reduces a function (a
Jinja filter in ``JINJA_FILTERS``, a ``finalize``) to a name, so editing its body went
unnoticed. Here a setting's value is fingerprinted by what it is:

- data (strings, numbers, lists, dicts, paths…) by value;
- a Python function by its code: its bytecode, constants and names, recursively into the
  functions it defines, the cells of its closure, its defaults, and the globals its code
  names (the helpers and tables it calls or reads), when they are the project's own;
- a function of an installed library by its name, its code and the library's version
  (the libraries are not walked further);
- a class by its name and its own members, an object by its type and attributes.

:func:`settings_fingerprint` adds the bytes of the *settings files*: the modules Pelican
loaded the settings from (``pelicanconf.py``, ``publishconf.py`` and any settings module
they import), and every module of the project they or their functions import. Python's
standard library and installed packages are known by their versions instead.

:func:`environment_digest` names what compiling a template depends on besides its source
(Jinja's version, the environment's syntax options, extensions, and its filters and tests
as the compiler sees them), for the compiled-template cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import re
import sys
import sysconfig
import types
import warnings
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

#: a repr's memory address changes every run: it must not change a key
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
#: how deep data is followed (a deeper structure is named by its type only)
_DEPTH = 12


@functools.cache
def _library_roots() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    roots = {paths[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    roots |= {sys.base_prefix, sys.prefix, sys.exec_prefix}
    return tuple(sorted({os.path.realpath(root) + os.sep for root in roots if root}))


def _module_file(module: Any) -> str | None:
    file = getattr(module, "__file__", None)
    return _realpath(file) if isinstance(file, str) and file.endswith(".py") else None


@functools.lru_cache(maxsize=4096)
def _realpath(file: str) -> str:
    return os.path.realpath(file)


def is_library(file: str | None) -> bool:
    """Whether a module's file belongs to Python or an installed package (not the project)."""
    return file is None or file.startswith(_library_roots())


@functools.lru_cache(maxsize=1024)
def module_version(module_name: str) -> str:
    """The version of what provides ``module_name``: Python for the standard library, else
    the distribution of the top-level package's name or its ``__version__`` (``""`` when
    neither is known; :data:`plugins.core.buildcache._LIBRARIES` names the others).
    ``importlib.metadata.packages_distributions`` would know more, but reads every
    installed package's file list: half a second on each build."""
    top = module_name.split(".", 1)[0]
    if top in sys.stdlib_module_names or top == "builtins":
        return f"python {platform.python_version()}"
    try:
        return f"{top} {metadata.version(top)}"
    except (metadata.PackageNotFoundError, ValueError):
        pass
    with warnings.catch_warnings():  # some packages deprecate __version__
        warnings.simplefilter("ignore")
        version = getattr(sys.modules.get(top), "__version__", None)
    return f"{top} {version}" if isinstance(version, str) else ""


class CodePrinter:
    """JSON-able fingerprints of values, functions and classes (see the module doc).

    ``skip`` names folders whose modules are keyed elsewhere (the plugins' code, hashed as
    files): their functions are known by name and code, not walked.
    """

    def __init__(self, skip: Iterable[str] = ()) -> None:
        self.skip = tuple(os.path.realpath(s).rstrip(os.sep) + os.sep for s in skip)
        #: the project's module files the fingerprinted values come from
        self.modules: set[str] = set()
        self._stack: set[int] = set()

    def _walked(self, module_name: str | None) -> bool:
        """Whether the code of ``module_name`` is the project's own, outside ``skip``."""
        file = _module_file(sys.modules.get(module_name or ""))
        if file is None or is_library(file) or file.startswith(self.skip):
            return False
        self.modules.add(file)
        return True

    def value(self, value: Any, depth: int = 0) -> Any:
        """The fingerprint of any value."""
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if depth > _DEPTH:
            return ["deep", type(value).__qualname__]
        if isinstance(value, (bytes, bytearray)):
            return ["bytes", hashlib.sha256(value).hexdigest()]
        if isinstance(value, PurePath):
            return ["path", str(value)]
        if id(value) in self._stack:  # a cycle: name it, do not recurse
            return ["ref", type(value).__qualname__]
        self._stack.add(id(value))
        try:
            return self._compound(value, depth + 1)
        finally:
            self._stack.discard(id(value))

    def _compound(self, value: Any, depth: int) -> Any:
        if isinstance(value, (list, tuple)):
            return [type(value).__name__, [self.value(v, depth) for v in value]]
        if isinstance(value, dict):
            items = [[self.value(k, depth), self.value(v, depth)] for k, v in value.items()]
            return ["dict", sorted(items, key=repr)]
        if isinstance(value, (set, frozenset)):
            return ["set", sorted((self.value(v, depth) for v in value), key=repr)]
        if isinstance(value, types.CodeType):
            return self.code(value, {}, depth)
        if isinstance(value, types.MethodType):
            return ["method", self.value(value.__func__, depth), self.value(value.__self__, depth)]
        if isinstance(value, types.FunctionType):
            return self.function(value, depth)
        if isinstance(value, functools.partial):
            return [
                "partial",
                self.value(value.func, depth),
                self.value(value.args, depth),
                self.value(value.keywords, depth),
            ]
        if isinstance(value, types.ModuleType):
            self._walked(value.__name__)  # the project's modules are hashed as files
            return ["module", value.__name__, module_version(value.__name__)]
        if isinstance(value, type):
            return self.klass(value, depth)
        if isinstance(value, (types.BuiltinFunctionType, types.WrapperDescriptorType)):
            module = getattr(value, "__module__", None) or ""
            return ["builtin", module, value.__qualname__, module_version(module)]
        return self._object(value, depth)

    def _object(self, value: Any, depth: int) -> Any:
        kind = type(value)
        state = getattr(value, "__dict__", None)
        if state is None and hasattr(kind, "__slots__"):
            state = {n: getattr(value, n, None) for n in kind.__slots__ if isinstance(n, str)}
        if state is not None:
            return ["object", self.klass(kind, depth), self.value(dict(state), depth)]
        # a C type (a compiled pattern, a date): its repr says what it is
        return ["object", self.klass(kind, depth), _ADDRESS.sub("", repr(value))]

    def klass(self, kind: type, depth: int) -> Any:
        """A class: its name, and its own members when it is the project's code."""
        name = [kind.__module__, kind.__qualname__]
        if not self._walked(kind.__module__):
            return ["class", *name, module_version(kind.__module__)]
        members = {
            k: v
            for k, v in vars(kind).items()
            if not (k.startswith("__") and k.endswith("__")) or k in ("__init__", "__call__")
        }
        bases = [b.__qualname__ for b in kind.__mro__[1:]]
        return ["class", *name, bases, self.value(members, depth)]

    def function(self, function: types.FunctionType, depth: int) -> Any:
        """A function: its code (recursively), closure, defaults and the globals it names."""
        name = [function.__module__, function.__qualname__]
        walked = self._walked(function.__module__)
        closure = [
            self.value(cell.cell_contents, depth) if _filled(cell) else ["empty cell"]
            for cell in function.__closure__ or ()
        ]
        parts = [
            "function",
            *name,
            self.code(function.__code__, function.__globals__ if walked else {}, depth),
            closure,
            self.value(function.__defaults__, depth),
            self.value(function.__kwdefaults__, depth),
        ]
        if not walked:
            parts.append(module_version(function.__module__ or ""))
        return parts

    def code(self, code: types.CodeType, names: dict, depth: int) -> Any:
        """A code object: bytecode, constants (nested code included), names; and the
        values of the globals in ``names`` that its code refers to."""
        constants = [
            self.code(c, names, depth) if isinstance(c, types.CodeType) else self.value(c, depth)
            for c in code.co_consts
        ]
        used = {n: names[n] for n in code.co_names if n in names and n != "__builtins__"}
        return [
            code.co_code.hex(),
            constants,
            list(code.co_names),
            list(code.co_varnames),
            code.co_flags,
            self.value(used, depth),
        ]


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 (an empty cell raises)
    except ValueError:
        return False
    return True


def settings_modules(settings: dict) -> list[Any]:
    """The modules the settings were loaded from (``pelicanconf``, ``publishconf``).

    Pelican keeps no record of the settings file; it imports it as a module and takes its
    upper-case names. A loaded module of the project all of whose upper-case names are
    settings is one of them (or a module they star-import); tasks and tests have others.
    """
    found = []
    for module in list(sys.modules.values()):
        file = _module_file(module)
        if is_library(file):
            continue
        names = [n for n in vars(module) if n.isupper() and not n.startswith("_")]
        if names and all(n in settings for n in names):
            found.append(module)
    return sorted(found, key=lambda m: m.__name__)


def _imported_files(modules: list[Any], skip: tuple[str, ...]) -> set[str]:
    """The files of ``modules`` and of the project's modules they import, transitively."""
    files: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        file = _module_file(module)
        if file is None or is_library(file) or file.startswith(skip) or file in files:
            continue
        files.add(file)
        for value in vars(module).values():
            if isinstance(value, types.ModuleType):
                todo.append(value)
            elif isinstance(value, (type, types.FunctionType)):
                todo.append(sys.modules.get(getattr(value, "__module__", "") or ""))
    return files


def settings_fingerprint(settings: dict, skip: Iterable[str], excluded: set[str]) -> dict:
    """The settings (but ``excluded`` keys) by value and code, and the bytes of the
    settings files and the project modules they import (those under ``skip`` aside)."""
    printer = CodePrinter(skip)
    values = {
        key: printer.value(value)
        for key, value in sorted(settings.items())
        if key.isupper() and key not in excluded
    }
    files = _imported_files(settings_modules(settings), printer.skip) | printer.modules
    files = {f for f in files if not f.startswith(printer.skip)}
    return {"values": values, "files": {f: _file_hash(f) for f in sorted(files)}}


def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "-"


#: attributes of a Jinja environment that change what a template compiles to
_JINJA_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "finalize",
    "undefined",
    "is_async",
)


def environment_digest(env: Any, skip: Iterable[str] = ()) -> str:
    """What a template's compiled code depends on besides its source and name.

    Jinja's bytecode cache checks only the source's checksum, but the code also follows
    the environment: its syntax options (``trim_blocks``…), extensions, ``autoescape``
    and ``finalize``, and its filters and tests (how each is called is decided when
    compiling). Their values, the functions by their code, and Jinja's version.
    """
    import jinja2

    printer = CodePrinter(skip)
    described = {
        "jinja2": jinja2.__version__,
        "python": platform.python_version(),
        "options": {name: printer.value(getattr(env, name, None)) for name in _JINJA_OPTIONS},
        "extensions": sorted(env.extensions),
        "filters": {k: _callable(printer, v) for k, v in sorted(env.filters.items())},
        "tests": {k: _callable(printer, v) for k, v in sorted(env.tests.items())},
    }
    return hashlib.sha256(repr(described).encode("utf-8")).hexdigest()[:24]


def _callable(printer: CodePrinter, function: Any) -> Any:
    # the marks pass_context & co. leave (jinja_pass_arg) are read by the compiler
    return [str(getattr(function, "jinja_pass_arg", "")), printer.value(function)]
