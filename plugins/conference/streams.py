"""An edition's micro-blog streams (``streams`` in ``edition.yaml``) and its moderation
(``moderation.yaml`` beside it), read and checked like every other content file.

A stream is a feed (RSS, Atom or JSON Feed) of short posts: a hashtag feed such as
Mastodon's ``https://<instance>/tags/<tag>.rss``, an account feed (``@user.rss``, a
Bluesky profile's RSS, an RSSHub route) or any other feed. ``invoke fetch`` fetches it
with the planet's fetcher into the planet's store under the id ``stream.<edition>.<id>``;
the wall plugin shows its posts dated within the stream's window (by default the
edition's days plus and minus :data:`DEFAULT_WINDOW_DAYS` days).

``moderation.yaml`` hides posts (by their id or URL) and authors (by handle), each with a
reason kept in the file; hidden posts stay in the store until ``invoke planet-purge``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from plugins.core.errors import ContentError, ProblemCollector, shown
from plugins.core.handles import normalize_handle
from plugins.core.yamlio import load_yaml_mapping

from .fields import ID_RE, Fields
from .model import Localized

#: Days before the first and after the last day of an edition a stream's window spans.
DEFAULT_WINDOW_DAYS = 7
STREAM_KEYS = {"id", "url", "kind", "title", "person", "from", "until", "encoding", "sample"}
STREAM_KINDS = ("hashtag", "account", "feed")
MODERATION_FILE = "moderation.yaml"
MODERATION_KEYS = {"posts", "authors"}
REASONS = ("spam", "abuse", "takedown", "consent", "off-topic", "other")


@dataclass(frozen=True)
class Stream:
    """One micro-blog source of an edition (see the module's documentation)."""

    id: str
    edition_id: str
    url: str
    kind: str = "feed"
    title: Localized = field(default_factory=lambda: Localized({}))
    #: the person whose account this is (an ``account`` stream), or None
    person_id: str | None = None
    start: date | None = None  # first day of the window (edition's zone)
    end: date | None = None  # last day of the window
    encoding: str | None = None
    #: the feed is sample data shipped with the project (shown as such on the wall)
    sample: bool = False
    source_path: str = ""
    #: where the stream's ``url`` is written in ``source_path``: line, and key path
    #: (``streams[0].url``), so ``invoke fetch`` can locate a failure of this stream
    line: int | None = None
    where: str = ""

    @property
    def feed_id(self) -> str:
        """The id of the stream's feed in the planet store."""
        return stream_feed_id(self.edition_id, self.id)


def stream_feed_id(edition_id: str, stream_id: str) -> str:
    """``stream.<edition>.<stream>``: never a person id (those have no dots)."""
    return f"stream.{edition_id}.{stream_id}"


@dataclass(frozen=True)
class Hidden:
    """One rule of ``moderation.yaml``: what it hides, why, and where it is written."""

    kind: str  # "id", "url" or "handle"
    value: str
    reason: str
    note: str = ""
    where: str = ""
    #: the file, the line and the key path (``posts[1].url``) of the rule's value, for
    #: a located error about the rule (one that matches no stored post)
    path: str = ""
    line: int | None = None
    key: str = ""


@dataclass
class Moderation:
    """An edition's moderation rules: posts hidden by id or URL, authors by handle."""

    rules: list[Hidden] = field(default_factory=list)

    def values(self, kind: str) -> set[str]:
        """The hidden values of one kind (``id``, ``url``, ``handle``)."""
        return {rule.value for rule in self.rules if rule.kind == kind}

    def __bool__(self) -> bool:
        return bool(self.rules)


def read_streams(
    fields: Fields, edition_id: str, start: date | None, end: date | None, people: dict
) -> list[Stream]:
    """The ``streams`` list of an edition, each checked; bad items are recorded and left
    out."""
    streams: list[Stream] = []
    seen: set[str] = set()
    for _key, sub in fields.mapping_list("streams"):
        sub.check_keys(STREAM_KEYS)
        stream_id = sub.text("id", required=True)
        url = sub.source("url", required=True)
        if stream_id and not ID_RE.match(stream_id):
            sub.fail(
                "id",
                f"stream id {shown(stream_id)} must be lower-case letters, digits "
                "and '-'; expected e.g. 'cnbc09-mastodon'",
            )
            stream_id = None
        elif stream_id in seen:
            sub.fail(
                "id",
                f"stream id {shown(stream_id)} is used twice in this edition; "
                "expected one id per stream",
            )
            stream_id = None
        kind = sub.text("kind") or "feed"
        if kind not in STREAM_KINDS:
            sub.fail(
                "kind",
                f"kind {shown(kind)} is not a stream kind; expected one of: "
                f"{', '.join(STREAM_KINDS)}",
            )
        person_id = sub.text("person")
        if (
            person_id
            and person_id not in people
            and not fields.problems.depends_on_broken("person", person_id)
        ):
            sub.fail(
                "person",
                f"unknown person {shown(person_id)}; expected the id of a "
                "file content/people/<id>.yaml",
            )
        first, last = sub.day("from"), sub.day("until")
        if first and last and last < first:
            sub.fail("until", f"until {last} is before from {first}; expected until >= from")
        sample = sub.boolean("sample")
        if not (stream_id and url):
            continue
        seen.add(stream_id)
        streams.append(
            Stream(
                id=stream_id,
                edition_id=edition_id,
                url=url,
                kind=kind,
                title=sub.localized("title"),
                person_id=person_id,
                start=first or (start - timedelta(days=DEFAULT_WINDOW_DAYS) if start else None),
                end=last or (end + timedelta(days=DEFAULT_WINDOW_DAYS) if end else None),
                encoding=sub.text("encoding"),
                sample=sample,
                source_path=fields.path,
                line=sub.data.line_of("url"),
                where=sub.where("url"),
            )
        )
    return streams


def read_moderation(folder: Path, problems: ProblemCollector, tags) -> Moderation:
    """``moderation.yaml`` of an edition folder (an empty :class:`Moderation` if none)."""
    path = folder / MODERATION_FILE
    if not path.exists():
        return Moderation()
    try:
        data = load_yaml_mapping(path, tags)
    except ContentError as exc:
        problems.extend(exc.problems)
        return Moderation()
    fields = Fields(data, str(path), problems)
    fields.check_keys(MODERATION_KEYS)
    rules: list[Hidden] = []
    for key, sub in fields.mapping_list("posts"):
        sub.check_keys({"id", "url", "reason", "note"})
        if ("id" in sub.data) == ("url" in sub.data):
            sub.fail(
                "id",
                f"{key} must give either 'id' or 'url' of the post; expected "
                "{id: <the post's id in its feed>, reason: spam} or "
                "{url: <its address>, reason: takedown}",
            )
            continue
        post_id = sub.text("id") if "id" in sub.data else None
        url = sub.url("url") if "url" in sub.data else None
        reason = _reason(sub)
        if reason and (post_id or url):
            kind, value = ("id", post_id) if post_id else ("url", url)
            rules.append(_rule(sub, kind, value, reason, path))
    for _key, sub in fields.mapping_list("authors"):
        sub.check_keys({"handle", "reason", "note"})
        raw = sub.text("handle", required=True)
        handle = normalize_handle(raw)
        if raw and handle is None:
            sub.fail(
                "handle",
                f"handle {shown(raw)} is not an account handle; expected "
                "@user@host, e.g. @spammer@mastodon.example",
            )
        reason = _reason(sub)
        if handle and reason:
            rules.append(_rule(sub, "handle", handle, reason, path))
    return Moderation(rules)


def _rule(sub: Fields, kind: str, value: str, reason: str, path: Path) -> Hidden:
    line_of = getattr(sub.data, "line_of", None)
    return Hidden(
        kind,
        value,
        reason,
        sub.text("note") or "",
        f"{path}:{sub.data.line}",
        str(path),
        line_of(kind) if line_of else sub.data.line,
        sub.where(kind),
    )


def _reason(sub: Fields) -> str | None:
    reason = sub.text("reason", required=True)
    if reason and reason not in REASONS:
        sub.fail(
            "reason",
            f"reason {shown(reason)} is not a moderation reason; expected one "
            f"of: {', '.join(REASONS)}",
        )
        return None
    return reason


def read_accounts(fields: Fields) -> list[str]:
    """A person's ``accounts``: their micro-blog handles (``@user@host``), checked."""
    accounts = []
    for raw in fields.string_list("accounts"):
        handle = normalize_handle(raw)
        if handle is None:
            fields.fail(
                "accounts",
                f"accounts: {shown(raw)} is not an account handle; "
                "expected @user@host, e.g. @linxiao@mastodon.example",
            )
        else:
            accounts.append(handle)
    return accounts
