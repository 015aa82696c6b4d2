"""Read an edition's ``coverage.yaml``: posts, photos, videos and press about it.

Each item is checked here (type, language tag, author, quote); the session it names is
checked once the sessions are read (:func:`.references.check_coverage_sessions`).
"""

from __future__ import annotations

from pathlib import Path

from plugins.core.errors import ContentError, shown
from plugins.core.langtags import make_language
from plugins.core.yamlio import load_yaml_mapping

from .fields import ID_RE, Fields
from .people import unknown_person

COVERAGE_TYPES = {"post", "liveblog", "photos", "video", "press", "podcast"}
COVERAGE_KEYS = {"type", "url", "title", "author", "lang", "date", "session", "quote"}


def read_coverage(path: Path, problems, people, languages) -> list[dict]:
    """Coverage items; session references are checked once sessions are read."""
    try:
        data = load_yaml_mapping(path, languages.tags)
    except ContentError as exc:
        problems.extend(exc.problems)
        return []
    fields = Fields(data, str(path), problems, languages.default.tag, languages=languages)
    fields.check_keys({"items"})
    items = []
    for key, sub in fields.mapping_list("items"):
        sub.check_keys(COVERAGE_KEYS)
        kind = sub.text("type", required=True)
        if kind and kind not in COVERAGE_TYPES:
            sub.fail(
                "type", f"type {shown(kind)} must be one of: {', '.join(sorted(COVERAGE_TYPES))}"
            )
        lang = sub.text("lang", required=True)
        if lang and languages.get(lang) is None:
            # Coverage may be in any language, but it must be a valid tag for `lang=`.
            try:
                make_language(lang)
            except ValueError as exc:
                sub.fail("lang", str(exc))
        author = sub.text("author")
        person = None
        if author and ID_RE.match(author):
            person = people.get(author)
            if person is None and not problems.depends_on_broken("person", author):
                sub.fail(
                    "author",
                    unknown_person(author, people)
                    + " (write a name with a capital or a space for someone without one)",
                )
        quote = sub.data.get("quote")
        if quote is not None:
            _check_quote(sub, quote)
        items.append(
            {
                "type": kind,
                "url": sub.url("url", required=True),
                "title": sub.text("title", required=True),
                "lang": lang,
                "author": person or author,
                "date": sub.day("date"),
                "session": sub.text("session"),
                "quote": sub.data.get("quote"),
                "_where": (str(path), sub.data.line, key),
            }
        )
    return items


def _check_quote(sub: Fields, quote) -> None:
    """``quote: {text: <original>, translations: {<tag>: <text>}}``."""
    expected = "expected {text: <original text>, translations: {<language tag>: <text>}}"
    if not isinstance(quote, dict) or not isinstance(quote.get("text"), str):
        sub.fail("quote", f"quote must be a mapping with a text; {expected}")
        return
    unknown = set(quote) - {"text", "translations"}
    translations = quote.get("translations") or {}
    if (
        unknown
        or not isinstance(translations, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in translations.items())
    ):
        sub.fail("quote", f"quote is malformed; {expected}")
        return
    sub.check_tags("quote", translations)
