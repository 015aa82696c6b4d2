"""Scan built output for executable contexts, the way a browser and a feed reader see it.

HTML is tokenized with the standard library's parser (attribute values are unescaped as
a browser unescapes them); Atom, RSS and OPML are parsed as XML, and their HTML payloads
(``type="html"`` content, RSS descriptions) are scanned as HTML too. A finding is one line:
``path: what``. Our own scripts are known: external scripts of our own (relative URLs),
JSON data blocks, and the language chooser's inline script on the root page.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

#: Attributes whose value a browser loads or navigates to.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "cite",
        "poster",
        "xlink:href",
        "data",
        "background",
        "longdesc",
        "usemap",
        "manifest",
        "ping",
        "codebase",
        "archive",
        "profile",
        "dynsrc",
        "lowsrc",
        "icon",
    }
)
#: Schemes untrusted data may use (relative URLs are ours).
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Tags that embed or execute whatever they point at.
EMBEDDING = frozenset({"object", "embed", "applet", "base", "frame", "frameset"})
DATA_SCRIPTS = frozenset({"application/ld+json", "application/json"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII whitespace and controls anywhere in a URL's scheme.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read in ``url``, or None for a relative URL."""
    match = _SCHEME.match(_IGNORED.sub("", url).lower())
    return match.group(1) if match else None


def unsafe_url(url: str) -> bool:
    """True when ``url`` has a scheme other than http, https and mailto."""
    scheme = scheme_of(url)
    return scheme is not None and scheme not in SAFE_SCHEMES


class _Scanner(HTMLParser):
    def __init__(self, where: str, inline_scripts_allowed: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.inline_scripts_allowed = inline_scripts_allowed
        self.findings: list[str] = []

    def _find(self, what: str) -> None:
        self.findings.append(f"{self.where}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self._find(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and unsafe_url(value):
                self._find(f"<{tag} {name}={value[:60]!r}>")
            elif name == "srcdoc":
                self._find(f"<{tag} srcdoc>")
            elif name == "style" and re.search(r"expression\(|script:", value, re.I):
                self._find(f"<{tag} style={value[:60]!r}>")
        if tag in EMBEDDING:
            self._find(f"<{tag}>")
        if tag == "iframe" and "sandbox" not in values:
            self._find("<iframe> without sandbox")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self._find("<meta http-equiv=refresh>")
        if tag == "script":
            src = values.get("src")
            if src is not None:
                if scheme_of(src) is not None or src.startswith("//"):
                    self._find(f"<script src={src[:60]!r}> not ours")
            elif (
                values.get("type", "").lower() not in DATA_SCRIPTS
                and not self.inline_scripts_allowed
            ):
                self._find("inline <script> not ours")

    handle_startendtag = handle_starttag


def scan_html(text: str, where: str, inline_scripts_allowed: bool = False) -> list[str]:
    """Findings in one HTML document or fragment."""
    scanner = _Scanner(where, inline_scripts_allowed)
    scanner.feed(text)
    scanner.close()
    return scanner.findings


def scan_xml(data: bytes, where: str) -> list[str]:
    """Findings in an Atom, RSS or OPML document (and the HTML it carries); other XML
    (frab schedules, sitemaps) is checked for URLs only."""
    findings = []
    feed = where.endswith((".atom", ".rss"))
    root = ET.fromstring(data)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local in {"href", "src", "xmlUrl", "htmlUrl", "url", "uri"} and (
                unsafe_url(value) or scheme_of(value) is None
            ):
                findings.append(f"{where}: <{name} {local}={value[:60]!r}>")
        text = element.text or ""
        if (
            name in {"link", "comments", "docs", "url", "logo"}
            and text.strip()
            and unsafe_url(text)
        ):
            findings.append(f"{where}: <{name}>{text[:60]!r}")
        if (
            feed
            and name in {"id", "guid"}
            and scheme_of(text) not in {"http", "https", "tag", "urn"}
        ):
            findings.append(f"{where}: <{name}>{text[:60]!r} is not ours")
        is_html = name == "description" or element.get("type", "html") in {"html", "xhtml"}
        # only feeds carry HTML: a frab schedule's description and abstract are text (as in
        # its JSON twin), checked like every other XML file, for URLs
        if feed and name in {"content", "summary", "description", "encoded"} and text and is_html:
            findings += scan_html(text, f"{where} <{name}>")
    return findings


def scan_json(data: object, where: str) -> list[str]:
    """Findings in a JSON document: strings that are non-http(s) URLs."""
    if isinstance(data, dict):
        return [f for value in data.values() for f in scan_json(value, where)]
    if isinstance(data, list):
        return [f for value in data for f in scan_json(value, where)]
    if isinstance(data, str) and scheme_of(data) in {"javascript", "vbscript", "data"}:
        return [f"{where}: JSON string {data[:60]!r}"]
    return []


def scan_output(output: Path) -> list[str]:
    """Every finding in a built site (Pagefind's own files are not ours to scan)."""
    findings = []
    for path in sorted(output.rglob("*")):
        if not path.is_file() or "pagefind" in path.parts:
            continue
        where = str(path.relative_to(output))
        suffix = path.suffix
        if suffix == ".html":
            findings += scan_html(
                path.read_text(encoding="utf-8"),
                where,
                inline_scripts_allowed=where == "index.html",
            )
        elif suffix in {".atom", ".rss", ".opml", ".xml"}:
            findings += scan_xml(path.read_bytes(), where)
        elif suffix == ".json":
            findings += scan_json(json.loads(path.read_text(encoding="utf-8")), where)
        elif suffix == ".ics":
            findings += scan_ics(path.read_text(encoding="utf-8"), where)
    return findings


#: iCalendar properties whose value is a URI (RFC 5545, RFC 7986).
ICS_URI_PROPERTIES = frozenset({"URL", "ATTACH", "TZURL", "SOURCE", "CONFERENCE", "IMAGE"})


def scan_ics(text: str, where: str) -> list[str]:
    """Findings in an iCalendar file: URI-valued properties that are not http(s)/mailto
    (lines unfolded first, as RFC 5545 says)."""
    findings = []
    for line in re.sub(r"\r?\n[ \t]", "", text).splitlines():
        name, _, value = line.partition(":")
        base = name.split(";", 1)[0].upper()
        if (base in ICS_URI_PROPERTIES or "VALUE=URI" in name.upper()) and (
            unsafe_url(value) or scheme_of(value) is None
        ):
            findings.append(f"{where}: {line[:80]!r}")
    return findings
