"""Terminal output of ``invoke fetch`` and ``invoke planet-status`` (rich).

Kept apart from the fetch logic so that the fetch can run silently (tests, the build)
and the same health table serves the command line and, as data, the health page.

Everything printed here that a server, a feed or a store file supplied (errors with
reason phrases and URLs, new addresses, ids) goes through :func:`shown`: controls
removed (:func:`~plugins.core.text.one_line`) and rich markup escaped, so a reason phrase
such as ``[/oops]`` is printed as it is instead of crashing the command.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from plugins.core.text import one_line

from .health import FeedHealth
from .outcome import FeedOutcome, Summary
from .sources import FeedSource


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator:
    """A progress bar; yields the callback ``run_fetch(on_done=...)`` expects."""
    progress = Progress(
        TextColumn("[bold]planet[/] fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task("fetch", total=total, last="")

        def advance(outcome: FeedOutcome) -> None:
            progress.update(task, advance=1, last=shown(outcome.id))

        yield advance


def print_summary(console: Console, summary: Summary) -> None:
    """The one-screen report: counts, then every move and failure."""
    table = Table(title="planet fetch", show_header=False, box=None)
    table.add_row("fetched", str(summary.fetched))
    table.add_row("not modified", str(summary.not_modified))
    if summary.deferred:
        table.add_row("not due yet", f"{summary.deferred} (server asked to wait; --force)")
    table.add_row("failed", str(len(summary.failed)))
    table.add_row("moved", str(len(summary.moved)))
    table.add_row("new entries", str(summary.new_entries))
    table.add_row("time", f"{summary.elapsed:.1f} s")
    console.print(table)
    for outcome in summary.moved:
        old, new = outcome.moved or ("", "")
        console.print(
            f"[yellow]moved[/] {shown(outcome.id)}: {shown(old)} → {shown(new)}", highlight=False
        )


#: what a failed feed should be, when its error does not say it already
EXPECTED_FEED = "expected the address of an RSS, Atom or JSON feed that answers"


def failure_lines(
    summary: Summary, sources: Iterable[FeedSource], root: str | Path | None = None
) -> list[str]:
    """One plain line per failed feed, located where the feed is configured
    (``content/people/x.yaml:6: [feed] feed 'x' failed: HTTP 404; expected …``; a stream's
    own ``url`` line in ``edition.yaml``); control characters removed, markup not escaped
    (print them with ``markup=False``)."""
    by_id = {source.id: source for source in sources}
    lines = []
    for outcome in summary.failed:
        error = one_line(outcome.error or "unknown error")
        kind = "stream" if outcome.id.startswith("stream.") else "feed"
        message = f"{kind} {outcome.id!r} failed: {error}"
        if "; expected " not in error:
            message += f"; {EXPECTED_FEED}"
        source = by_id.get(outcome.id)
        problem = source.problem(message) if source is not None else None
        lines.append(one_line(problem.format(root) if problem else message, 2000))
    return lines


def verdict(summary: Summary) -> str:
    """The last line of ``invoke fetch``: every feed counted, and how it ends."""
    failed = len(summary.failed)
    counts = (
        f"{summary.fetched} fetched, {summary.not_modified} not modified, "
        f"{summary.deferred} not due yet, {failed} failed"
    )
    total = len(summary.outcomes)
    if failed:
        return f"planet: {failed} of {total} feeds failed ({counts}); exit status 1"
    return f"planet: {total} feeds, none failed ({counts})"


def print_media_summary(console: Console, summary) -> None:
    """One line of counts for the images (:class:`~.mediafetch.MediaSummary`), then
    every refusal and failure, one line each."""
    console.print(
        f"media: {summary.stored} new images ({summary.bytes / 1024:.0f} KB), "
        f"{summary.deduplicated} already stored under another URL, {summary.known} known, "
        f"{len(summary.refused)} refused, {len(summary.failed)} failed"
        + (f", {summary.capped} over a cap" if summary.capped else ""),
        highlight=False,
        soft_wrap=True,
    )
    for url, reason in summary.refused:
        console.print(f"[yellow]refused[/] {shown(url)}: {shown(reason)}", highlight=False)
    for url, reason in summary.failed:
        console.print(f"[red]failed[/] {shown(url)}: {shown(reason)}", highlight=False)


def status_table(feeds: Iterable[FeedHealth]) -> Table:
    """The feed health table shared by ``planet-status`` and the health page's columns."""
    table = Table(title="planet feed health")
    for column in ("feed", "state", "HTTP", "last success", "last attempt", "fails", "entries"):
        table.add_column(column, no_wrap=True)
    table.add_column("error / moved to / not asked before", overflow="fold")
    colors = {"ok": "green", "failing": "yellow", "dead": "red", "new": "blue"}
    for feed in feeds:
        color = colors.get(feed.state, "white")
        table.add_row(
            shown(feed.id),
            f"[{color}]{shown(feed.state)}[/]",
            shown(feed.status or ""),
            shown(_when(feed.last_success)),
            shown(_when(feed.last_attempt)),
            shown(feed.consecutive_failures),
            shown(feed.entry_count),
            shown(_remark(feed)),
        )
    return table


def shown(value: object) -> str:
    """Untrusted text ready for ``console.print``: one line, no controls, markup escaped."""
    return escape(one_line("" if value is None else value))


def _when(stamp: str | None) -> str:
    """``2009-11-14T08:00:00Z`` as ``2009-11-14 08:00`` (UTC), or ``never``."""
    return str(stamp)[:16].replace("T", " ") if stamp else "never"


def _remark(feed: FeedHealth) -> str:
    """The last error or the new address, and when the server asked to be asked again."""
    text = feed.error or (f"→ {feed.moved_to}" if feed.moved_to else "")
    if feed.next_fetch:
        text = f"{text} (not asked before {_when(feed.next_fetch)})".strip()
    return text
