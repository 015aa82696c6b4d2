"""Who and what may appear on a wall: moderation rules and consent, in one decision.

**The account.** A post's author is its *account* (``@user@host``), read from what the
poster cannot forge: the post's address (every form of it: ``https://host/@user/1``,
``https://other/@user@host/1``, ``https://host/users/user/statuses/1``; see
:mod:`plugins.core.handles`), else its id when that is an address, else the account of an
``account`` stream's feed (its ``url``), else the handle the fetch stored (which the
fetch reads from addresses too). Never a display name: anyone may call themselves
``Lin Xiao`` or ``@linxiao@social.example.org``.

**Hidden** is a post that ``moderation.yaml`` names by id or URL (an id or URL of any
address form of the post: the same account and number match; other URLs compare as the
planet compares links: scheme, ``www.``, trailing slash and ``utm_*`` do not matter), or
whose account an author rule names, or whose account belongs to a person of the site who
has not consented (``aggregate: false``, by the handles in their ``accounts``), or that
comes from the ``account`` stream of such a person. Hidden posts never reach a page, a
feed, the search index or the site's media; ``invoke planet-purge`` removes them (and
their pictures) from ``data/``. The build, the media fetch and the purge all ask
:meth:`Visibility.verdict`, so they hide exactly the same posts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from plugins.core.errors import Problem, shown
from plugins.core.handles import handle_from_url, normalize_handle, post_key
from plugins.core.records import BadRecord, opaque_id
from plugins.core.sanitize import safe_link
from plugins.planet.api import normalize_link, purge_digest


@dataclass(frozen=True)
class Verdict:
    """Why a post is hidden: ``spam``, ``abuse``, ``takedown``, ... or ``consent``."""

    reason: str
    rule: str  # where the rule is written (file:line), or the person file


@dataclass(frozen=True)
class Post:
    """What the decision reads of a post: its id, address and account."""

    feed_id: str
    id: str
    link: str | None
    account: str | None

    def post_keys(self) -> set[str]:
        """The post under each address form (``@user@host/123``)."""
        return {key for key in (post_key(self.link), post_key(self.id)) if key}

    def links(self) -> set[str]:
        """Its normalized address, and its id when that is an address."""
        return {key for key in (normalize_link(self.link), normalize_link(self.id)) if key}

    def traces(self) -> list[str]:
        """What the store remembers of the post once purged (besides its id's digest),
        so that the rules that named it are still known to be right (see
        :func:`unmatched_rules`)."""
        found = [f"post:{key}" for key in self.post_keys()]
        found += [f"link:{key}" for key in self.links()]
        if self.account:
            found.append(f"account:{self.account}")
        return sorted(found)


class Visibility:
    """Decides, for one edition, whether a stored post may be shown."""

    def __init__(
        self, moderation: Any, people: Mapping[str, Any], streams: Mapping[str, Any]
    ) -> None:
        self.rules: list[Any] = list(getattr(moderation, "rules", None) or [])
        self.by_id: dict[str, list[Any]] = {}
        self.by_key: dict[str, list[Any]] = {}
        self.by_link: dict[str, list[Any]] = {}
        self.by_handle: dict[str, list[Any]] = {}
        for rule in self.rules:
            if rule.kind == "id":
                self.by_id.setdefault(rule.value, []).append(rule)
            elif rule.kind == "url" and (key := normalize_link(rule.value)):
                self.by_link.setdefault(key, []).append(rule)
            elif rule.kind == "handle":
                self.by_handle.setdefault(rule.value, []).append(rule)
            if rule.kind in ("id", "url") and (key := post_key(rule.value)):
                self.by_key.setdefault(key, []).append(rule)
        self.people = people
        self.owner: dict[str, Any] = {}  # handle -> person
        for person in people.values():
            for handle in getattr(person, "accounts", []) or []:
                self.owner[handle] = person
        self.named: dict[str, list[Any]] = {}  # folded name -> the people it names
        for person in people.values():
            for name in _names(person):
                self.named.setdefault(name, []).append(person)
        self.streams = streams  # feed id -> Stream
        self.stream_accounts = {
            feed_id: handle_from_url(stream.url)
            for feed_id, stream in streams.items()
            if getattr(stream, "kind", None) == "account"
        }

    def post(self, feed_id: str, entry_id: str, link: str | None, stored: str | None) -> Post:
        """The :class:`Post` of a stored entry (``stored``: the handle the fetch kept)."""
        account = (
            handle_from_url(link)
            or handle_from_url(entry_id)
            or self.stream_accounts.get(feed_id)
            or normalize_handle(stored)
        )
        return Post(feed_id, entry_id, link, account)

    def stored_post(self, feed_id: str, raw: Any) -> Post | None:
        """The :class:`Post` of an entry as the store holds it (checked as the build
        checks it: :func:`plugins.core.records.check_entry`), None without a usable id."""
        if not isinstance(raw, dict):
            return None
        try:
            entry_id = opaque_id(raw.get("id"))
        except BadRecord:
            return None
        return self.post(feed_id, entry_id, safe_link(raw.get("link")), raw.get("handle"))

    def matching(self, post: Post) -> list[Any]:
        """Every rule of ``moderation.yaml`` that names ``post``, in the file's order."""
        found: list[Any] = list(self.by_id.get(post.id, []))
        for key in post.post_keys():
            found += self.by_key.get(key, [])
        for key in post.links():
            found += self.by_link.get(key, [])
        if post.account:
            found += self.by_handle.get(post.account, [])
        unique = {id(rule): rule for rule in found}
        return [rule for rule in self.rules if id(rule) in unique]

    def verdict(self, post: Post) -> Verdict | None:
        """None when the post may be shown, else why not."""
        rules = self.matching(post)
        if rules:
            return Verdict(rules[0].reason, rules[0].where)
        for person in (self.owner.get(post.account or ""), self._stream_person(post.feed_id)):
            if person is not None and not getattr(person, "aggregate", False):
                return Verdict("consent", getattr(person, "source_path", ""))
        return None

    def stored_verdict(self, feed_id: str, raw: Any) -> Verdict | None:
        """:meth:`verdict` of an entry as the store holds it (the media fetch and the
        purge ask this; an entry without a usable id is never shown, nor purged here)."""
        post = self.stored_post(feed_id, raw)
        return self.verdict(post) if post is not None else None

    def person_of(self, post: Post) -> Any:
        """The person whose people file lists the post's account, or None: the only
        person a post is shown under and linked to."""
        return self.owner.get(post.account or "")

    def impersonates(self, name: str | None, post: Post) -> bool:
        """True when a display name claims to be someone the account is not: a handle
        other than the account, or the name of a person whose accounts do not include
        it (or no name at all). Such a name is not shown."""
        if not name:
            return False
        if not any(character.isalnum() for character in name):
            return True  # not a name at all ("@": a handle a feed reader half parsed)
        claimed = normalize_handle(name)
        if claimed is not None:
            return claimed != post.account
        owner = self.person_of(post)
        named = self.named.get(" ".join(name.split()).casefold(), [])
        return any(person is not owner for person in named)

    def _stream_person(self, feed_id: str) -> Any:
        stream = self.streams.get(feed_id)
        if stream is None or not stream.person_id or stream.kind != "account":
            return None
        return self.people.get(stream.person_id)


def _names(person: Any) -> set[str]:
    """Every spelling of a person's name (``name`` in each language, ``Localized``),
    spaces collapsed and case folded."""
    texts = getattr(getattr(person, "name", None), "texts", None) or {}
    return {" ".join(str(text).split()).casefold() for text in texts.values()}


def unmatched_rules(
    visibility: Visibility, records: Iterable[Any], store_label: str
) -> list[Problem]:
    """A located problem for every rule that names no post of ``records`` (the edition's
    stream feeds as stored), with a close address, id or handle as a suggestion. A rule
    whose post was purged is satisfied: the purge remembered a digest of its id and its
    addresses and account (:meth:`Post.traces`)."""
    records = list(records)
    matched: set[int] = set()
    purged: set[str] = set()
    candidates: dict[str, set[str]] = {"id": set(), "url": set(), "handle": set()}
    for record in records:
        if isinstance(record.purged, list):
            purged.update(d for d in record.purged if isinstance(d, str))
        for raw in record.entries if isinstance(record.entries, list) else []:
            post = visibility.stored_post(record.id, raw)
            if post is None:
                continue
            matched.update(id(rule) for rule in visibility.matching(post))
            candidates["id"].add(post.id)
            candidates["url"].update(u for u in (post.link, post.id) if safe_link(u))
            if post.account:
                candidates["handle"].add(post.account)
    problems = []
    for rule in visibility.rules:
        if id(rule) in matched or purged & {purge_digest(t) for t in _rule_traces(rule)}:
            continue
        close = difflib.get_close_matches(rule.value, sorted(candidates[rule.kind]), n=1)
        hint = f" (did you mean {shown(close[0])}?)" if close else ""
        what = {"id": "with the id", "url": "at the address", "handle": "by"}
        problems.append(
            Problem(
                rule.path or rule.where.rsplit(":", 1)[0],
                f"no stored post of the edition's streams matches {shown(rule.value)}{hint}, "
                "so the rule hides nothing; expected a post "
                f"{what[rule.kind]} {shown(rule.value)} in {store_label} "
                "(check it for a typing mistake)",
                rule.key or rule.kind,
                rule.line,
            )
        )
    return sorted(problems, key=lambda problem: (problem.path, problem.line or 0))


def _rule_traces(rule: Any) -> list[str]:
    """What a purge of a post this rule names leaves in the store (see
    :meth:`Post.traces`): the id itself for an id rule (and a URL rule, for stores purged
    when only ids were remembered)."""
    if rule.kind == "handle":
        return [f"account:{rule.value}"]
    traces = [rule.value]
    if key := post_key(rule.value):
        traces.append(f"post:{key}")
    if rule.kind == "url" and (link := normalize_link(rule.value)):
        traces.append(f"link:{link}")
    return traces
