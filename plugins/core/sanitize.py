"""Turn untrusted HTML (feed entries, archived posts) into safe HTML, plain text and links.

Entry HTML goes through nh3 (the ammonia sanitizer) with an allowlist: no script, style,
form, input, object or embed; only http and https URLs in ``src`` and ``cite``, and
mailto besides in links' ``href``; ``rel="nofollow ugc
noopener"`` on every link. ``<iframe>`` is kept only when its ``src`` is an https URL on one
of the allowed embed hosts (video players, ``PLANET_EMBED_HOSTS``), and then it is
sandboxed. A ``<video>`` is reduced to its poster, as an ``<img>`` (the media archive keeps
it). Relative URLs left after feedparser applied ``xml:base`` are resolved against a
fallback base, or dropped. Shared by the planet and roundup plugins.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import nh3


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Tags kept; everything else is unwrapped (text kept) or, for CLEAN_CONTENT, dropped whole.
TAGS = _words(
    "a abbr acronym b bdi bdo blockquote br caption cite code col colgroup dd del details "
    "dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre "
    "q rp rt ruby s samp small span strike strong sub summary sup table tbody td tfoot th "
    "thead time tr tt u ul var"
)
#: Tags removed together with their content (their text is code or styling, not prose).
CLEAN_CONTENT = _words("script style object embed applet template svg math noembed noframes")
ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
}
IFRAME_ATTRIBUTES = {"src", "width", "height", "allowfullscreen"}
#: A feed's ``<video>`` keeps only its poster (the still image), which becomes an ``<img>``:
#: the media archive keeps it like any image. The player is not kept (its source would
#: be loaded from another host).
VIDEO_ATTRIBUTES = {"poster"}
IFRAME_SET = {
    "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
    "loading": "lazy",
    "referrerpolicy": "strict-origin-when-cross-origin",
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_EMPTY_IFRAME = re.compile(r"<iframe\b(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S | re.I)
# XML 1.0 forbids C0 controls (except tab, LF, CR), surrogates and U+FFFE/U+FFFF; they also
# have no business in HTML text, so every text we keep loses them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_IFRAME_OPEN = re.compile(r"<iframe\b([^>]*)>", re.IGNORECASE)
_IFRAME_EXTRA = "".join(f' {name}="{value}"' for name, value in sorted(IFRAME_SET.items()))
# An <a> tag, opening or closing; nh3 serializes them in this form and never nests them.
_ANCHOR_TAG = re.compile(r"<a\b([^>]*)>|</a>")
_HREF = re.compile(r"\shref=")


def clean_html(fragment: str, base: str | None = None, embed_hosts: Iterable[str] = ()) -> str:
    """Sanitize an HTML fragment from a feed; relative URLs resolve against ``base``."""
    if not fragment:
        return ""
    fragment = strip_controls(fragment)
    hosts = frozenset(embed_hosts)
    iframes = bool(hosts) and "<iframe" in fragment.lower()
    if not (base and is_http_url(base)):
        base = None
    cleaned = _cleaner(base, hosts if iframes else frozenset()).clean(fragment)
    cleaned = drop_orphan_rel(cleaned)
    if "<video" in cleaned:
        cleaned = posters_as_images(cleaned)
    if ' cite="' in cleaned or "mailto:" in cleaned.lower():
        cleaned = http_only(cleaned, base)
    if "<a" in cleaned:
        cleaned = unwrap_dead_anchors(cleaned)
    if "<iframe" in cleaned:
        cleaned = _sandbox_iframes(cleaned)
    return cleaned.strip()


_VIDEO_TAG = re.compile(r"<video\b([^>]*)>|</video>", re.IGNORECASE)


def posters_as_images(cleaned: str) -> str:
    """Each ``<video poster="…">`` of sanitized HTML becomes ``<img src="…" alt="">`` (its
    fallback content stays as it was); every other ``<video>`` tag is removed, so no
    player, and no poster loaded by one, is left. ammonia has already checked the poster
    URL (http(s), or mailto which :func:`http_only` then drops) and escaped it."""

    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            return ""  # </video>
        poster = dict(_ATTR.findall(match.group(1))).get("poster")
        return f'<img src="{poster}" alt="">' if poster else ""

    return _VIDEO_TAG.sub(replace, cleaned)


def unwrap_dead_anchors(html: str) -> str:
    """``<a>`` elements left without an ``href`` (the sanitizer removed a ``javascript:`` or
    other unsafe one) become ``<span>``s: a link that leads nowhere confuses readers and
    crawlers alike ("crawlable anchors"), while its text stays."""
    converted = False

    def replace(match: re.Match) -> str:
        nonlocal converted
        if match.group(0) == "</a>":
            return "</span>" if converted else "</a>"
        converted = not _HREF.search(match.group(1))
        if not converted:
            return match.group(0)
        kept = re.sub(r'\s(?:rel|target)="[^"]*"', "", match.group(1))
        return f"<span{kept}>"

    return _ANCHOR_TAG.sub(replace, html)


@lru_cache(maxsize=512)
def _cleaner(base: str | None, embed_hosts: frozenset[str]) -> nh3.Cleaner:
    """A configured sanitizer, built once per (base URL, embed hosts).

    Converting the allowlists for every call cost three times the sanitizing itself;
    the entries of one feed share a base (the feed URL or its ``xml:base``), so a small
    cache serves nearly every call. Relative URLs are resolved by ammonia (WHATWG URL
    rules) against ``base``; with no usable base they are dropped.
    """
    tags = {*TAGS, "video"}
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["video"] = set(VIDEO_ATTRIBUTES)
    options: dict = {}
    if embed_hosts:
        tags.add("iframe")
        attributes["iframe"] = set(IFRAME_ATTRIBUTES)
        options["attribute_filter"] = _embed_filter(embed_hosts)
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(CLEAN_CONTENT),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative=("rewrite_with_base", base) if base else "deny",
        strip_comments=True,
        **options,
    )


def plain_text(value: str | None, is_html: bool = False) -> str:
    """Text for a title or a name: tags removed when it was HTML, entities decoded,
    whitespace collapsed. Templates escape it when they print it."""
    if not value:
        return ""
    value = strip_controls(value)
    if is_html:
        value = html.unescape(nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}))
    return _SPACE.sub(" ", value).strip()


def safe_link(url: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL, resolved against ``base`` when relative; otherwise None."""
    if not url or not isinstance(url, str):
        return None
    url = strip_controls(url).strip()
    if base and is_http_url(base):
        url = urljoin(base, url)
    return url if is_http_url(url) else None


def is_http_url(url: str | None) -> bool:
    """True for an absolute http or https URL with a host."""
    if not url or not isinstance(url, str):
        return False
    return _is_http_url(url)


@lru_cache(maxsize=2048)
def _is_http_url(url: str) -> bool:
    # Cached: the same base URLs (a feed's address, its xml:base) are checked for every
    # entry of the feed.
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def strip_controls(text: str) -> str:
    """Remove characters that XML 1.0 forbids (and that no reader wants)."""
    return _CONTROL.sub("", text)


def _embed_filter(hosts: frozenset[str]):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag != "iframe" or attribute != "src":
            return value
        try:
            parts = urlsplit(value.strip())
        except ValueError:
            return None
        host = (parts.hostname or "").rstrip(".")
        return value if parts.scheme == "https" and host in hosts else None

    return keep


_A_WITHOUT_HREF = re.compile(r'<a\b(?![^>]*\shref=)([^>]*?)\s+rel="[^"]*"', re.IGNORECASE)
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"')
_URL_ATTR = re.compile(r'\s(cite|src)="([^"]*)"')


def http_only(cleaned: str, base: str | None) -> str:
    """Keep only http(s) URLs in ``cite`` and ``src`` of sanitized HTML.

    ammonia checks ``href`` and ``src`` against one scheme list, which has ``mailto`` for
    links, and does not treat ``cite`` as a URL at all (``cite="javascript:..."`` passed).
    A relative ``cite`` is resolved against ``base`` (ammonia resolved ``src``); anything
    not http(s) then is dropped. Done on nh3's output, where attributes are double-quoted
    and escaped, and only when one of them may be there, since an attribute filter
    callback in nh3 doubles the sanitizing time.
    """

    def check(match: re.Match) -> str:
        url = html.unescape(match.group(2)).strip()
        if is_http_url(url):
            return match.group(0)
        if match.group(1) != "cite" or not base or not is_http_url(url := urljoin(base, url)):
            return ""
        return f' cite="{html.escape(url, quote=True)}"'

    return _URL_ATTR.sub(check, cleaned)


def drop_orphan_rel(cleaned: str) -> str:
    """Remove ``rel`` from links whose ``href`` the sanitizer dropped (``javascript:``…).

    nh3 adds ``rel`` to every ``<a>``; one without ``href`` is a placeholder link on which
    ``rel`` is invalid HTML.
    """
    return _A_WITHOUT_HREF.sub(r"<a\1", cleaned)


def offline_media(cleaned: str) -> str:
    """Turn remote images and embedded players into links: click to load.

    The store keeps entries as published; pages show them without a single request to
    another host (a reader's visit tells no third party anything until they choose to),
    and without frames, which would need a title and a sandbox the feed cannot give.
    Input must be output of :func:`clean_html` (attributes double-quoted and escaped).
    """

    def link(attributes: str, kind: str) -> str:
        values = dict(_ATTR.findall(attributes))
        src = values.get("src", "")
        if not is_http_url(html.unescape(src)):
            return ""
        label = values.get("alt") or values.get("title") or urlsplit(html.unescape(src)).hostname
        return (
            f'<a class="remote-{kind}" href="{src}" rel="{LINK_REL}">'
            f"{'▶ ' if kind == 'video' else ''}{label}</a>"
        )

    cleaned = _IFRAME.sub(lambda m: link(m.group(1), "video"), cleaned)
    return _IMG.sub(lambda m: link(m.group(1), "image"), cleaned)


#: Attributes that authored content (posts and pages) may use beyond :data:`ATTRIBUTES`:
#: styling hooks and anchors, which Markdown's extensions write (footnotes, tables, code);
#: ``data-*`` attributes are kept too (data for the theme's scripts, never run by a browser).
AUTHORED_ATTRIBUTES = {"*": {"class", "id"}, "th": {"align"}, "td": {"align"}}
#: Hosts whose https ``<iframe>`` embeds authored Markdown may keep (sandboxed): the video
#: players that are also ``PLANET_EMBED_HOSTS``' default.
AUTHORED_EMBED_HOSTS = frozenset(
    {
        "www.youtube.com",
        "www.youtube-nocookie.com",
        "youtube.com",
        "player.vimeo.com",
        "player.bilibili.com",
    }
)
#: Pelican's default ``INTRASITE_LINK_REGEX``: ``{filename}``, ``|static|``...
INTRASITE_LINK_REGEX = "[{|](?P<what>.*?)[|}]"
_AUTHORED_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# What a browser ignores in a URL before reading its scheme (WHATWG URL: leading and
# trailing C0 controls and spaces, tabs and newlines anywhere).
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (lower case), or None for a relative URL."""
    match = _URL_SCHEME.match(_URL_IGNORED.sub("", url))
    return match.group(1).lower() if match else None


def clean_authored_html(
    fragment: str,
    intrasite: str = INTRASITE_LINK_REGEX,
    embed_hosts: Iterable[str] = AUTHORED_EMBED_HOSTS,
) -> str:
    """Sanitize the HTML of a Markdown file of the site (post, page, session, roundup
    introduction) with the feed policy's tags and URL schemes (no script, style, form,
    event handler or ``javascript:``), keeping what authored Markdown needs that feeds do
    not: ``class``, ``id``, ``data-*``, site-relative URLs and links without an added
    ``rel``. Pelican's placeholders (``{filename}``, ``{static}``: ``intrasite``, the
    site's ``INTRASITE_LINK_REGEX``) are kept when what follows them has no scheme: Pelican
    then makes them site-relative, while it would keep the scheme of
    ``{filename}javascript:...``. ``<iframe>`` is kept only with an https ``src`` on
    ``embed_hosts``, sandboxed. Text and allowed markup come out as they went in."""
    if not fragment:
        return fragment
    hosts = frozenset(embed_hosts)
    cleaned = _authored_cleaner(intrasite, hosts).clean(strip_controls(fragment))
    return _sandbox_iframes(cleaned) if "<iframe" in cleaned else cleaned


def _sandbox_iframes(cleaned: str) -> str:
    """Frames left without a ``src`` removed; the sandbox added to the others (here rather
    than with nh3's set_tag_attribute_values, whose hash map writes them in a different
    order in every process: builds must be byte-reproducible)."""
    cleaned = _EMPTY_IFRAME.sub("", cleaned)
    return _IFRAME_OPEN.sub(lambda m: f"<iframe{m.group(1)}{_IFRAME_EXTRA}>", cleaned)


@lru_cache(maxsize=8)
def _authored_cleaner(intrasite: str, embed_hosts: frozenset[str]) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    for tag, names in AUTHORED_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    tags = set(TAGS)
    if embed_hosts:
        tags.add("iframe")
        attributes["iframe"] = set(IFRAME_ATTRIBUTES)
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(CLEAN_CONTENT),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        url_relative="pass_through",
        strip_comments=True,
        generic_attribute_prefixes={"data-"},
        attribute_filter=_authored_filter(re.compile(intrasite), _embed_filter(embed_hosts)),
    )


def _authored_filter(placeholder: re.Pattern, embeds):
    """nh3's attribute filter of authored HTML: URLs are relative (a placeholder followed
    by no scheme) or http(s), ``mailto`` in links; iframes only from the embed hosts."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe":
            return embeds(tag, attribute, value)
        if attribute not in _AUTHORED_URL_ATTRIBUTES:
            return value
        bare = _URL_IGNORED.sub("", value)
        found = placeholder.match(bare)
        if found:
            return None if url_scheme(bare[found.end() :]) else value
        scheme = url_scheme(bare)
        allowed = ("http", "https", "mailto") if attribute == "href" else ("http", "https")
        return value if scheme is None or scheme in allowed else None

    return keep
