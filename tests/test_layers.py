"""The plugins' layers, enforced: an AST scan of ``plugins/`` (no import is executed).

The rules (README, "Architecture"):

- ``plugins/core`` is the shared base: every plugin may import any of its modules, and it
  imports no plugin.
- A plugin imports another plugin only through that plugin's ``api`` module
  (``plugins.planet.api``); its other modules, and its package ``__init__`` (which only
  registers handlers), are its internals. Signals are reached through the ``api`` too.
- No import cycle: neither between plugins (the packages under ``plugins/``) nor between
  modules, inside a plugin or across plugins.

Every ``import`` statement counts, wherever it is: at module level, inside a function
(a deferred import only hides a cycle from the interpreter, it is still one) or under
``if TYPE_CHECKING:`` for the boundary rule. Only imports under ``if TYPE_CHECKING:`` are
left out of the cycle check: they never run, and annotations may name each other.
A parent package imported implicitly (``plugins.planet`` before ``plugins.planet.api``) is
not an edge: Python imports it first, whatever it imports.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

#: The shared base every plugin may import.
BASE = "core"


@dataclass(frozen=True)
class Import:
    """One imported module (dotted name), where, and whether it runs (not TYPE_CHECKING)."""

    source: str
    target: str
    path: Path
    line: int
    runs: bool


def module_name(path: Path, top: Path) -> str:
    """``plugins/planet/api.py`` -> ``plugins.planet.api``; a package is its ``__init__``."""
    parts = list(path.relative_to(top.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers of every statement under ``if TYPE_CHECKING:`` (any spelling)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
            if name == "TYPE_CHECKING":
                for child in node.body:
                    lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(path: Path, top: Path, modules: set[str]) -> Iterator[Import]:
    """Every import of a module under ``top`` (``plugins/``) that ``path`` makes."""
    name = module_name(path, top)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    typing_only = _type_checking_lines(tree)
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:  # `from . import api`: the submodule is the import
                sub = f"{origin}.{alias.name}"
                targets.append(sub if sub in modules else origin)
        for target in dict.fromkeys(targets):
            if target == top.name or target.startswith(top.name + "."):
                runs = node.lineno not in typing_only
                yield Import(name, target, path, node.lineno, runs)


def scan(top: Path) -> list[Import]:
    """Every import between modules under ``top``."""
    files = sorted(top.rglob("*.py"))
    modules = {module_name(path, top) for path in files}
    return [found for path in files for found in imports_of(path, top, modules)]


def _plugin(module: str) -> str | None:
    """The plugin (package directly under ``plugins/``) a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def boundary_problems(found: list[Import], top: Path) -> list[str]:
    """An import of another plugin's internals, or of a plugin by the shared base."""
    problems = []
    for imp in found:
        mine, theirs = _plugin(imp.source), _plugin(imp.target)
        if theirs is None or mine == theirs or theirs == BASE:
            continue
        where = f"{imp.path.relative_to(top.parent)}:{imp.line}"
        if mine == BASE:
            problems.append(f"{where}: the shared base imports the plugin module {imp.target}")
        elif imp.target != f"{top.name}.{theirs}.api":
            problems.append(
                f"{where}: {imp.source} imports {imp.target}, an internal of the {theirs} "
                f"plugin; expected {top.name}.{theirs}.api (or a signal)"
            )
    return problems


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node, or a self-loop
    (Tarjan's algorithm, iterative), each sorted; a component is one cycle or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(sorted(component))
    return sorted(found)


def cycle_problems(found: list[Import]) -> list[str]:
    """Import cycles between plugins, then between modules."""
    modules: dict[str, set[str]] = {}
    plugins: dict[str, set[str]] = {}
    for imp in found:
        if not imp.runs or imp.source == imp.target:
            continue
        modules.setdefault(imp.source, set()).add(imp.target)
        mine, theirs = _plugin(imp.source), _plugin(imp.target)
        if mine and theirs and mine != theirs:
            plugins.setdefault(mine, set()).add(theirs)
    problems = [f"import cycle between plugins: {' <-> '.join(c)}" for c in _cycles(plugins)]
    problems += [f"import cycle between modules: {' <-> '.join(c)}" for c in _cycles(modules)]
    return problems


def layer_problems(top: Path) -> list[str]:
    """Every broken rule of the module docstring, one line each."""
    found = scan(top)
    return boundary_problems(found, top) + cycle_problems(found)


def test_plugins_keep_their_layers():
    problems = layer_problems(ROOT / "plugins")
    assert not problems, "\n".join(problems)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    top = tmp_path / "plugins"
    for name, text in {"__init__.py": "", **files}.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return top


GOOD = {
    "core/__init__.py": "",
    "core/errors.py": "",
    "planet/__init__.py": "from . import generator\n",
    "planet/api.py": "from .store import Store\nfrom plugins.core.errors import x\n",
    "planet/store.py": "from ..core import errors\n",
    "planet/generator.py": "from .store import Store\n",
    "wall/__init__.py": "",
    "wall/live.py": "def f():\n    from plugins.planet.api import Store\n",
    "wall/model.py": "from plugins.planet import api\n",
}


def test_a_good_tree_passes(tmp_path):
    assert layer_problems(_tree(tmp_path, GOOD)) == []


def test_an_import_of_another_plugins_internals_fails(tmp_path):
    bad = {**GOOD, "wall/live.py": "def f():\n    from plugins.planet.store import Store\n"}
    bad["wall/purge.py"] = "import plugins.planet\n"  # the package's __init__: registration
    assert layer_problems(_tree(tmp_path, bad)) == [
        "plugins/wall/live.py:2: plugins.wall.live imports plugins.planet.store, an internal "
        "of the planet plugin; expected plugins.planet.api (or a signal)",
        "plugins/wall/purge.py:1: plugins.wall.purge imports plugins.planet, an internal "
        "of the planet plugin; expected plugins.planet.api (or a signal)",
    ]


def test_the_base_imports_no_plugin(tmp_path):
    bad = {**GOOD, "core/errors.py": "from plugins.planet.api import Store\n"}
    assert layer_problems(_tree(tmp_path, bad)) == [
        "plugins/core/errors.py:1: the shared base imports the plugin module plugins.planet.api",
        "import cycle between plugins: core <-> planet",
        "import cycle between modules: "
        "plugins.core.errors <-> plugins.planet.api <-> plugins.planet.store",
    ]


def test_a_cycle_between_plugins_fails_even_through_a_function_level_import(tmp_path):
    bad = {
        **GOOD,
        "wall/api.py": "",
        "planet/media.py": "def wants():\n    from plugins.wall.api import x\n",
    }
    assert layer_problems(_tree(tmp_path, bad)) == ["import cycle between plugins: planet <-> wall"]


def test_a_cycle_inside_a_plugin_fails(tmp_path):
    bad = {
        **GOOD,
        "planet/a.py": "from .b import x\n",
        "planet/b.py": "def f():\n    from . import a\n",
    }
    assert layer_problems(_tree(tmp_path, bad)) == [
        "import cycle between modules: plugins.planet.a <-> plugins.planet.b"
    ]


def test_imports_only_for_type_checking_may_name_each_other(tmp_path):
    files = {
        **GOOD,
        "planet/a.py": "from .b import x\n",
        "planet/b.py": "import typing\nif typing.TYPE_CHECKING:\n    from .a import y\n",
    }
    assert layer_problems(_tree(tmp_path, files)) == []
