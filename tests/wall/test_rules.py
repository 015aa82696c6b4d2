"""A moderation rule that matches no stored post (a mistyped URL, id or handle) would
leave the post it meant on the wall: it stops the build with a located line, and a
suggestion when a close address exists. A rule whose post was purged still holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plugins.core.errors import ContentError
from plugins.wall.purge import purge_edition

from .conftest import add_stream
from .test_wall import _fetch

MISTYPED = """\
authors:
  - handle: "@spamer@mastodon.test"
    reason: spam
posts:
  - url: https://mastodon.test/@dave/55
    reason: takedown
  - id: https://mastodon.test/@frank/7
    reason: abuse
  - id: tag:nowhere.example,2009:1
    reason: other
"""


def _build_problems(site, settings) -> list[str]:
    with pytest.raises(ContentError) as caught:
        site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    return [problem.format(site.root) for problem in caught.value.problems]


def test_a_rule_that_matches_no_post_is_a_located_error(site, tmp_path, mastodon):
    add_stream(site, mastodon.url("/tags/cnbc09.rss"))
    settings = _fetch(site, tmp_path, mastodon)
    site.write("editions/2009/moderation.yaml", MISTYPED)
    lines = _build_problems(site, settings)
    path = "content/editions/2009/moderation.yaml"
    assert len(lines) == 3, lines
    assert lines[0].startswith(
        f"{path}:2: [authors[0].handle] no stored post of the edition's streams matches "
        "'@spamer@mastodon.test' (did you mean '@spammer@mastodon.test'?)"
    )
    assert lines[1].startswith(
        f"{path}:5: [posts[0].url] no stored post of the edition's streams matches "
        "'https://mastodon.test/@dave/55' (did you mean 'https://mastodon.test/@dave/5'?)"
    )
    assert lines[2].startswith(f"{path}:9: [posts[2].id] no stored post")
    for line in lines:
        assert "; expected a post " in line and "data/planet/stream.2009.*.json" in line
        assert "\n" not in line and re.match(r"^\S+:\d+: \[", line)


def test_rules_whose_posts_were_purged_still_hold(site, tmp_path, mastodon):
    add_stream(site, mastodon.url("/tags/cnbc09.rss"))
    settings = _fetch(site, tmp_path, mastodon)
    done = purge_edition(site.root, settings, "2009")
    assert len(done.entries.removed) == 4
    # every rule's posts are gone from the store, and none is taken for a mistake
    site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    # the same rules written in another address form of the purged posts hold too
    site.write(
        "editions/2009/moderation.yaml",
        """\
authors:
  - handle: "@SPAMMER@mastodon.test"
    reason: spam
posts:
  - url: https://elsewhere.test/@dave@mastodon.test/5
    reason: takedown
  - url: https://mastodon.test/users/frank/statuses/7
    reason: abuse
""",
    )
    site.build(PLANET_STORE_PATH=settings["PLANET_STORE_PATH"], SEARCH_ENABLED=False)
    # while a new typo is still caught
    site.write(
        "editions/2009/moderation.yaml",
        "posts:\n  - url: https://mastodon.test/@frank/8\n    reason: abuse\n",
    )
    lines = _build_problems(site, settings)
    assert len(lines) == 1 and "[posts[0].url]" in lines[0], lines


def test_an_edition_never_fetched_has_its_rules_unchecked(site, tmp_path):
    add_stream(site, "https://mastodon.test/tags/cnbc09.rss")
    store = Path(tmp_path / "empty-store")
    site.build(PLANET_STORE_PATH=str(store), SEARCH_ENABLED=False)  # nothing to match yet
