"""Tags per language tree: each language lists the tags of the posts it shows.

Tags are not translated (``年会`` and ``conference`` are different tags), so a tag page
exists in a language only when that language's posts use it; its slug is pinyin for
Chinese names, so ``连州`` and ``Lianzhou`` share ``lianzhou`` and link to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plugins.core.collation import sort_key
from plugins.core.text import slugify


def tag_slug(name: str, settings: Any) -> str:
    """The URL slug of a tag name, in pinyin when ``LANGUAGES_PINYIN_SLUGS`` is on."""
    return slugify(name, settings, pinyin=settings.get("LANGUAGES_PINYIN_SLUGS", True))


@dataclass
class LanguageTag:
    """One tag in one language tree: its name, slug and the posts that carry it."""

    name: str
    slug: str
    posts: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        return self.name


def tags_of(posts: list[Any], settings: Any, locale: Any = None) -> list[LanguageTag]:
    """The tags of ``posts`` (already one version each, newest first), sorted by name
    for readers of ``locale`` (pinyin order for Chinese tags, see core.collation).

    Two names with the same slug (``Lianzhou`` and ``lianzhou``) are one tag, shown with
    the name used first.
    """
    by_slug: dict[str, LanguageTag] = {}
    for post in posts:
        for tag in getattr(post, "tags", None) or []:
            slug = tag_slug(str(tag), settings)
            if not slug:
                continue
            entry = by_slug.setdefault(slug, LanguageTag(str(tag), slug))
            if not entry.posts or entry.posts[-1] is not post:
                entry.posts.append(post)
    key = sort_key(locale)
    return sorted(by_slug.values(), key=lambda t: (key(t.name), t.slug))
