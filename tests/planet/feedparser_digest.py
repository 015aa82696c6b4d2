"""Print a digest of feedparser's result for each file named on stdin, one per line.

Run as a script, in a fresh interpreter: ``--speedups`` applies
:func:`plugins.planet.speedups.install` first; without it feedparser is stock (this script
imports nothing of the planet that would install them). Each file is parsed the way
:func:`plugins.planet.parse.parse_feed` calls feedparser, with a document URL, so that the
memoized base-URL function is exercised.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

_HEADER = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.+?)\s*$", re.M)


def digest(path: str) -> str:
    """SHA-256 of the parse result of ``path``, serialized with sorted keys."""
    import feedparser

    body = Path(path).read_bytes()
    headers = {
        name.decode().lower(): value.decode("latin-1")
        for name, value in _HEADER.findall(body[:1000])
    }
    headers.setdefault("content-location", "https://blog.example.org/feeds/index.xml")
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    text = json.dumps(parsed, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def main() -> None:
    if "--speedups" in sys.argv:
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from plugins.planet import speedups

        assert speedups.install() == [
            "PREFERRED_XML_PARSERS",
            "make_safe_absolute_uri",
            "copy.deepcopy",
            "FeedParserDict.get",
        ]
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            print(f"{path}\t{digest(path)}")


if __name__ == "__main__":
    main()
