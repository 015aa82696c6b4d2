"""``invoke i18n-status``: the translators' report as rich tables on the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .status import (
    MISSING,
    ORIGINAL,
    PARTIAL,
    TRANSLATED,
    catalog_status,
    content_status,
    extracted_messages,
    relative,
)

_MARKS = {
    ORIGINAL: "[bold]● original[/bold]",
    TRANSLATED: "[green]✓ translated[/green]",
    MISSING: "[red]✗ missing[/red]",
}


def _mark(item: Any, tag: str) -> str:
    if item.states[tag] == PARTIAL:  # which parts the site shows untranslated
        which = "original, partial" if tag == item.original else "partial"
        return f"[yellow]◐ {which} (no {', '.join(item.lacking[tag])})[/yellow]"
    return _MARKS[item.states[tag]]


def print_status(
    settings: dict[str, Any],
    project_root: Path,
    mapping_file: Path,
    strict: bool = False,
    console: Console | None = None,
) -> int:
    """Print the content and catalog tables; return 1 with ``strict`` when anything is
    missing or incomplete, else 0."""
    console = console or Console()
    items = content_status(settings)
    tags = list(items[0].states) if items else []
    table = Table(title="Content by language", show_lines=False)
    table.add_column("kind")
    table.add_column("id")
    for tag in tags:
        table.add_column(tag)
    for item in items:
        table.add_row(item.kind, item.id, *(_mark(item, tag) for tag in tags))
    console.print(table)
    missing = [item for item in items if not item.complete]
    for tag in tags:
        count = sum(1 for item in items if item.states[tag] == MISSING)
        partial = sum(1 for item in items if item.states[tag] == PARTIAL)
        console.print(f"{tag}: {count} of {len(items)} item(s) missing, {partial} partial")

    catalogs = catalog_status(settings, extracted_messages(project_root, mapping_file))
    table = Table(title="UI catalogs")
    for column in ("language", "catalog", "translated", "fuzzy", "complete"):
        table.add_column(column)
    for catalog in catalogs:
        table.add_row(
            catalog.tag,
            relative(catalog.path) if catalog.exists else "[red](missing)[/red]",
            f"{catalog.translated}/{catalog.total}",
            str(catalog.fuzzy),
            f"{catalog.percent:.0f}%" if catalog.complete else f"[red]{catalog.percent:.0f}%[/red]",
        )
    console.print(table)
    incomplete = [c for c in catalogs if not c.complete]
    if strict and (missing or incomplete):
        console.print(
            f"[red]strict: {len(missing)} content item(s) (missing or partial) "
            f"and {len(incomplete)} catalog(s) are incomplete[/red]"
        )
        return 1
    return 0
