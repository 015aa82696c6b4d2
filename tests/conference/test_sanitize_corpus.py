"""feedparser's 745 XSS cases as Markdown a speaker writes: each hostile fragment, put in a
session file by hand (sanitized by the build's policy for Markdown files) or imported as a
schedule's abstract (converted by the importer), leaves no script, event handler or
non-http(s)/mailto URL once rendered as Pelican renders it."""

from __future__ import annotations

import markdown

from plugins.conference.importer.model import SourceEvent
from plugins.conference.importer.texts import session_body
from plugins.core.sanitize import clean_authored_html
from tests.conftest import require_corpora
from tests.site.scan import scan_html

PELICAN_MARKDOWN = {"extensions": ["extra", "meta", "toc"], "output_format": "html5"}


def _strings(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for item in value.values() for s in _strings(item)}
    if isinstance(value, list):
        return {s for item in value for s in _strings(item)}
    return set()


def _fragments() -> list[tuple[str, str]]:
    """Every text feedparser read (unsanitized) from each case: content, summaries, titles."""
    import feedparser

    folder = require_corpora("feedparser") / "wellformed" / "sanitize"
    found = []
    for path in sorted(folder.glob("*.xml")):
        parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        texts = _strings([parsed.feed, parsed.entries])
        found += [(path.name, text) for text in sorted(texts) if "<" in text or ":" in text]
    return found


def test_feedparser_cases_are_inert_in_session_files_and_imports():
    fragments = _fragments()
    assert len({name for name, _ in fragments}) > 700
    problems = {}
    for name, fragment in fragments:
        # hand-written: Pelican renders the Markdown, the build sanitizes its HTML
        written = clean_authored_html(markdown.markdown(fragment, **PELICAN_MARKDOWN))
        # imported: the importer writes a file, which Pelican renders and sanitizes again
        event = SourceEvent(key="k", number="1", title="t", start=None, minutes=1, room="r")
        event.abstract = fragment
        imported_file = session_body(event)
        imported = markdown.markdown(imported_file, **PELICAN_MARKDOWN)
        found = scan_html(written, f"{name} (written)") + scan_html(imported, f"{name} (file)")
        for scheme in ("javascript:", "vbscript:", "data:"):
            if f'="{scheme}' in imported_file.lower():
                found.append(f"{name}: {scheme} in the imported file")
        if found:
            problems[name] = found
    assert problems == {}
