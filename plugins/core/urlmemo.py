"""Each post's and page's ``url`` and ``save_as`` formatted once per build, not per use.

Pelican formats them anew on every read (``Content.get_url_setting``: a copy of the
metadata, the source path made relative, ``str.format``), and a build reads them some 50,000
times on a 1,000-post site (every link to a post, in lists, feeds and hreflang
alternates): 7% of a full build's profile. Once every generator's context is ready
(``all_generators_finalized``, after which nothing changes what places a post), this run's
context is marked, and each ``Article`` and ``Page`` of the run keeps the values it
formatted (in its own ``__dict__``, with itself as owner, so a ``copy.copy`` of it
formats its own). Before the mark, and for static files (whose place ``attach_to`` may
still change while pages are written), Pelican's method runs as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pelican import signals
from pelican.contents import Article, Content, Page

from . import keys

if TYPE_CHECKING:
    from pelican.generators import Generator

#: the attribute holding an object's memo: (owner, {key: value})
_MEMO = "_url_memo"


def connect() -> None:
    """Install the memo (once per process) and mark each run's context when it is ready."""
    if not getattr(Content.get_url_setting, "_memoized", False):
        Content.get_url_setting = _memoized(Content.get_url_setting)
    signals.all_generators_finalized.connect(_mark)


def _mark(generators: list[Generator]) -> None:
    """``all_generators_finalized`` handler: from now on this run's URLs are fixed."""
    for generator in generators:
        generator.context[keys.URLS_FIXED] = True


def _memoized(original):
    def get_url_setting(self: Content, key: str) -> str:
        context = getattr(self, "_context", None)
        if not (isinstance(self, Article | Page) and context and context.get(keys.URLS_FIXED)):
            return original(self, key)
        memo = self.__dict__.get(_MEMO)
        if memo is None or memo[0] is not self:  # none yet, or a copy's source's
            memo = self.__dict__[_MEMO] = (self, {})
        try:
            return memo[1][key]
        except KeyError:
            value = memo[1][key] = original(self, key)
            return value

    get_url_setting._memoized = True  # pyright: ignore[reportFunctionMemberAccess]
    get_url_setting.__wrapped__ = original  # pyright: ignore[reportFunctionMemberAccess]
    get_url_setting.__doc__ = original.__doc__
    return get_url_setting
