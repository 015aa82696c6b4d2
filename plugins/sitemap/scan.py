"""Read what a finished HTML page says about itself: canonical, alternates, robots, dates."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.cachekeys import stat_key


@dataclass
class PageHead:
    """The head of one page, as search engines read it."""

    canonical: str = ""
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> absolute URL
    noindex: bool = False
    modified: str = ""  # ISO date or date-time, from article:modified_time / published_time


# The standard library's HTMLParser took 4 s of a 1,000-post build (3,000 pages) for the
# few dozen tags of each <head>. We read only our own templates' output, whose attribute
# values Jinja escapes (no raw ``"`` or ``>`` inside one), so two patterns are enough:
# one for the ``<link>``/``<meta>`` tags before ``</head>``, one for their attributes.
_TAG = re.compile(r"<(link|meta|body)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/"'>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(double or single)
        for name, double, single in _ATTRIBUTE.findall(text)
    }


def read_head(path: Path) -> PageHead:
    """The :class:`PageHead` of the HTML file at ``path``."""
    text = path.read_text(encoding="utf-8", errors="replace")
    end = text.find("</head>")
    head, published = PageHead(), ""
    for match in _TAG.finditer(text if end < 0 else text[:end]):
        tag = match.group(1).lower()
        if tag == "body":
            break
        values = _attributes(match.group(2))
        if tag == "link" and values.get("rel") == "canonical":
            head.canonical = values.get("href", "")
        elif tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            head.alternates[values["hreflang"]] = values.get("href", "")
        elif tag == "meta" and values.get("name", "").lower() == "robots":
            head.noindex = "noindex" in values.get("content", "").lower()
        elif tag == "meta" and values.get("property") == "article:modified_time":
            head.modified = values.get("content", "")
        elif tag == "meta" and values.get("property") == "article:published_time":
            published = values.get("content", "")
    head.modified = head.modified or published
    return head


#: Cached heads are valid only for the code that read them.
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class HeadCache:
    """The heads of the last build's pages, by output path, with each file's size and
    modification time: a rebuild (``invoke regenerate``, with the render cache on) leaves
    most pages as they are, and their heads need not be read again. A file written again
    has a new modification time, so its head is read. Kept in ``CACHE_PATH`` beside the
    render cache; a missing or unreadable cache file only means reading every head."""

    def __init__(self, path: Path, output: Path) -> None:
        self.path, self.output = path, output
        self.previous: dict[str, Any] = {}
        self.current: dict[str, Any] = {}
        #: the sitemap files' digest and each file's status, as the last build left them
        self.previous_sitemaps: Any = None
        self.sitemaps: Any = None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("code") == _CODE:
            heads = stored.get("heads")
            self.previous = heads if isinstance(heads, dict) else {}
            self.previous_sitemaps = stored.get("sitemaps")

    @classmethod
    def of(cls, settings: dict, output: Path) -> HeadCache | None:
        """The cache of ``output``'s heads, or None when the render cache is off (a
        publishing build reads every page)."""
        if not settings.get("RENDER_CACHE"):
            return None
        name = hashlib.sha256(os.path.realpath(output).encode()).hexdigest()[:16]
        return cls(Path(settings.get("CACHE_PATH") or "cache") / f"sitemap-{name}.json", output)

    def head(self, relative: str, path: Path) -> PageHead:
        """The head of the page at ``path`` (``relative`` to the output)."""
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        known = self.previous.get(relative)
        head = None
        if isinstance(known, list) and len(known) == 3 and known[:2] == stamp:
            head = _head(known[2])
        if head is None:
            head = read_head(path)
            record = head_record(head)
        else:  # the record as stored: it holds exactly the head's fields (_head checked)
            record = known[2]
        self.current[relative] = [*stamp, record]
        return head

    def sitemaps_unchanged(self, digest: str) -> bool:
        """Whether the last build wrote the sitemap files from ``digest`` and they are still
        as it left them (then they are kept, and recorded again)."""
        known = self.previous_sitemaps
        if not (isinstance(known, dict) and known.get("digest") == digest):
            return False
        files = known.get("files")
        if not isinstance(files, dict) or not files:
            return False
        if any(_file_stamp(self.output / str(name)) != stamp for name, stamp in files.items()):
            return False
        self.sitemaps = known
        return True

    def record_sitemaps(self, digest: str, names: list[str]) -> None:
        """The sitemap files this build wrote from ``digest``."""
        files = {name: _file_stamp(self.output / name) for name in names}
        self.sitemaps = {"digest": digest, "files": files}

    def save(self) -> None:
        """Keep this build's heads (only the pages there now) for the next build."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"code": _CODE, "heads": self.current, "sitemaps": self.sitemaps}
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def head_record(head: PageHead) -> dict[str, Any]:
    """A head's fields as a mapping (``dataclasses.asdict``'s, without its deep copies:
    4,500 pages' took 0.3 s of each rebuild's sitemap)."""
    return {
        "canonical": head.canonical,
        "alternates": head.alternates,
        "noindex": head.noindex,
        "modified": head.modified,
    }


def _head(value: Any) -> PageHead | None:
    """A cached head, or None when the record is not one."""
    if not isinstance(value, dict):
        return None
    try:
        head = PageHead(**value)
    except TypeError:
        return None
    fields_ok = (
        isinstance(head.canonical, str)
        and isinstance(head.modified, str)
        and isinstance(head.noindex, bool)
        and isinstance(head.alternates, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in head.alternates.items())
    )
    return head if fields_ok else None


def _file_stamp(path: Path) -> str | None:
    try:
        return stat_key(path.stat())
    except OSError:
        return None
