"""Check schedule files against the frab schemas, with one readable line per problem.

Used by the tests on every export and by ``invoke import-schedule --strict`` on its input.
``jsonschema`` checks JSON; ``xmlschema`` (optional) checks XML against the XSD.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

#: the vendored frab schemas (``schemas/`` at the repository root)
SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


@lru_cache(maxsize=4)
def _json_validator(schema_path: str):
    import jsonschema

    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def json_problems(data: Any, schema_path: str | Path) -> list[str]:
    """Every way ``data`` breaks the JSON Schema at ``schema_path``, as ``where: what``."""
    validator = _json_validator(str(schema_path))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{_where(e.absolute_path)}: {_message(e)}" for e in errors]


def _message(error: Any) -> str:
    if error.message.startswith("False schema"):
        return "not allowed here"
    text = error.message
    return text if len(text) <= 160 else text[:157] + "..."


@lru_cache(maxsize=4)
def _xml_schema(schema_path: str):
    import xmlschema

    return xmlschema.XMLSchema(schema_path)


def xml_problems(source: str | Path | bytes, schema_path: str | Path) -> list[str]:
    """Every way an XML document breaks the XSD at ``schema_path``, as ``where: what``."""
    schema = _xml_schema(str(schema_path))
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    return [f"{error.path}: {error.reason}" for error in schema.iter_errors(source)]


def summary(name: str, problems: list[str], kind: str) -> str:
    """One line: ``file: does not match the <kind> (N problems); first: ...``."""
    count = len(problems)
    return (
        f"{name}: does not match the {kind} ({count} problem{'s' if count != 1 else ''}); "
        f"first: {problems[0]}"
    )
