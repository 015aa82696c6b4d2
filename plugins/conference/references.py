"""The references between Pelican's posts and pages and the conference model, checked.

A post or page names its authors (``Authors``: person ids) and its edition (``Edition``);
a coverage item names a session. Each reference is resolved here, or reported with the
file, key and line (a reference to a file that is itself broken is not reported again);
two posts (or pages) sharing one slug in one language are reported too.
"""

from __future__ import annotations

from typing import Any

from pelican.contents import Article

from plugins.core.errors import ProblemCollector, display_path, shown
from plugins.core.metadata import metadata_line
from plugins.core.report import report_root

from .fields import suggest
from .people import unknown_person


def link_posts(contents: list[Any], people, editions, problems: ProblemCollector) -> list[Any]:
    """Resolve ``Authors`` and ``Edition`` of every post and page in ``contents``; the
    published posts, newest first (each also listed in its authors' ``posts``)."""
    posts = []
    check_slugs(contents, problems)
    for content in contents:
        content.people = []
        for author in getattr(content, "authors", []):
            person = people.get(author.name)
            if person is None and problems.depends_on_broken("person", author.name):
                continue
            if person is None:
                problems.add(
                    content.source_path,
                    unknown_person(author.name, people),
                    "Authors",
                    metadata_line(content.source_path, "authors"),
                )
            else:
                content.people.append(person)
        edition_id = content.metadata.get("edition")
        if edition_id is not None:
            edition = editions.get(str(edition_id).strip())
            if edition is None and not problems.depends_on_broken(
                "edition", str(edition_id).strip()
            ):
                problems.add(
                    content.source_path,
                    f"unknown edition {shown(edition_id)}"
                    f"{suggest(str(edition_id), sorted(editions))}"
                    f"; expected a folder name under content/editions/: "
                    f"{', '.join(sorted(editions))}",
                    "Edition",
                    metadata_line(content.source_path, "edition"),
                )
            content.edition = edition
        if isinstance(content, Article) and content.status == "published":
            posts.append(content)
    posts.sort(key=lambda a: a.date, reverse=True)
    for post in posts:
        for person in post.people:
            person.posts.append(post)
    return posts


def check_slugs(contents: list[Any], problems: ProblemCollector) -> None:
    """Two posts (or two pages) with one slug in one language would be one URL.

    The file that sets its ``Slug`` (or ``Lang``) explicitly is the one reported (it made
    the clash).
    """

    def key_of(content: Any) -> tuple[str, ...]:
        return (type(content).__name__, str(content.status), str(content.lang), str(content.slug))

    groups: dict[tuple[str, ...], list[Any]] = {}
    for content in contents:
        groups.setdefault(key_of(content), []).append(content)
    # only the files of a clash are read for their lines (not every file of the site)
    clashing = [c for group in groups.values() if len(group) > 1 for c in group]
    seen: dict[tuple[str, ...], Any] = {}
    lang_lines = {c.source_path: metadata_line(c.source_path, "lang") for c in clashing}
    lines = {
        c.source_path: metadata_line(c.source_path, "slug") or lang_lines[c.source_path]
        for c in clashing
    }
    for content in sorted(
        clashing, key=lambda c: (lines[c.source_path] is not None, c.source_path)
    ):
        key = key_of(content)
        first = seen.setdefault(key, content)
        if first is not content:
            problems.add(
                content.source_path,
                f"slug {content.slug!r} in language {content.lang!r} is already used "
                f"by {display_path(first.source_path, report_root())}; expected one "
                "file per slug and language (rename the file or change its Slug)",
                "Lang" if lines[content.source_path] == lang_lines[content.source_path] else "Slug",
                lines[content.source_path],
            )


def check_coverage_sessions(edition, problems: ProblemCollector) -> None:
    """Every coverage item of ``edition`` that names a session names one of its own."""
    ids = {s.id for s in edition.sessions}
    for item in edition.coverage:
        if (
            item.get("session")
            and item["session"] not in ids
            and not (problems.depends_on_broken("session", f"{edition.id}/{item['session']}"))
        ):
            path, line, where = item["_where"]
            problems.add(
                path,
                f"unknown session {shown(item['session'])}"
                f"{suggest(item['session'], sorted(ids))}; expected a session id of "
                f"edition {shown(edition.id)}",
                f"{where}.session",
                line,
            )
