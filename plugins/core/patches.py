"""The ledger of process-wide patches and private-API uses: every place where this project
changes a library's behaviour for the whole process, or reads or writes something a library
does not document, with the versions it was checked on.

Add an entry here with any new one. ``tests/core/test_patches.py`` fails when an installed
library is not one of the versions an entry was checked on (check the entry again, then add
the version), and when a patched hook is no longer where the entry says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Patch:
    """One patch or private-API use."""

    #: the library attribute (or behaviour) touched, as ``module.attribute``
    target: str
    #: the modules of this project that touch it, comma-separated
    where: str
    #: what is done, and why
    what: str
    #: distribution (or ``python``) -> the versions the entry was checked on
    checked_on: dict[str, tuple[str, ...]]
    #: how the entry is kept honest (a test, or a fallback when the hook is gone)
    safeguard: str


LEDGER: tuple[Patch, ...] = (
    Patch(
        target="feedparser.api.PREFERRED_XML_PARSERS",
        where="plugins.planet.speedups",
        what="puts plugins.planet.speedups first in the list, so xml.sax.make_parser gives "
        "feedparser the standard expat reader with buffer_text on (15% faster parses)",
        checked_on={"feedparser": ("6.0.14",)},
        safeguard="tests/planet/test_speedups.py compares every parse of both corpora with "
        "stock feedparser's (in a subprocess); a missing hook is logged and skipped",
    ),
    Patch(
        target="feedparser.mixin.make_safe_absolute_uri",
        where="plugins.planet.speedups",
        what="wraps the (pure) function in functools.lru_cache: feedparser calls it at every "
        "start tag with the same two strings",
        checked_on={"feedparser": ("6.0.14",)},
        safeguard="the same comparison test; a missing hook is logged and skipped",
    ),
    Patch(
        target="feedparser.mixin.copy",
        where="plugins.planet.speedups",
        what="gives feedparser's mixin module a `copy` whose deepcopy copies a plain "
        "FeedParserDict of strings (the content parameters stored with every text "
        "element) shallowly, the same result; anything else goes to copy.deepcopy",
        checked_on={"feedparser": ("6.0.14",)},
        safeguard="tests/planet/test_speedups.py (identical parses, and the copy compared "
        "with copy.deepcopy's); a missing hook is logged and skipped",
    ),
    Patch(
        target="feedparser.util.FeedParserDict.get",
        where="plugins.planet.speedups",
        what="answers get() of a stored key on a plain FeedParserDict with dict.get (what "
        "its own get returns for it); aliases, computed keys and subclasses go to the "
        "original method",
        checked_on={"feedparser": ("6.0.14",)},
        safeguard="tests/planet/test_speedups.py (identical parses, and every kind of key "
        "compared with the original method); a missing hook is logged and skipped",
    ),
    Patch(
        target="xml.sax.expatreader.ExpatParser._parser",
        where="plugins.planet.speedups",
        what="sets buffer_text and buffer_size on the pyexpat parser the standard SAX reader "
        "keeps in this private attribute, in a subclass's reset()",
        checked_on={"python": ("3.11", "3.12", "3.13")},
        safeguard="tests/planet/test_speedups.py (identical parses)",
    ),
    Patch(
        target="sys.modules['sniffio']",
        where="plugins.planet.pools",
        what="no_sniffio_lookups(): while a fetch runs, and only when sniffio is not "
        "installed, a None entry makes httpcore's repeated `import sniffio` fail at "
        "once instead of after a stat of every sys.path entry (a fifth of the fetch's "
        "CPU on a run of 304s); removed after the run",
        checked_on={"httpcore": ("1.0.9",), "anyio": ("4.16.0",)},
        safeguard="nothing changes when sniffio is installed; the same ImportError either way",
    ),
    Patch(
        target="pelican.readers.MarkdownReader._md, _parse_metadata; Readers._cache",
        where="plugins.conference.reader, plugins.conference.prefetch",
        what="a Markdown file converted by the worker process is given to Pelican's "
        "_parse_metadata as Markdown's metadata lines, with _md a real Markdown only when "
        "a formatted field (Summary) needs one; files in the reader cache's _cache are "
        "not sent to the worker",
        checked_on={"pelican": ("4.11.0", "4.12.0")},
        safeguard="tests/conference/test_prefetch.py builds a site with and without the "
        "worker and compares every file and every located error",
    ),
    Patch(
        target="pelican.contents.Content.get_url_setting",
        where="plugins.core.urlmemo",
        what="wrapped so that, once every generator's context is ready, each Article and "
        "Page keeps the url and save_as it formatted (Pelican formats them on every read: "
        "7% of a 1,000-post build)",
        checked_on={"pelican": ("4.11.0", "4.12.0")},
        safeguard="tests/core/test_urlmemo.py builds the sample site with and without it and "
        "compares every output file; before the mark Pelican's method runs as it is",
    ),
    Patch(
        target="pelican.contents.Content._content, Content._summary",
        where="plugins.conference.trust, plugins.languages.content",
        what="replace the HTML Pelican read (sanitized) and the summary (CJK-aware) before "
        "Pelican resolves their links; Pelican has no setter for either",
        checked_on={"pelican": ("4.11.0", "4.12.0")},
        safeguard="tests/languages and tests/conference build sites and read the result",
    ),
    Patch(
        target="pelican stack frames (sys._getframe)",
        where="plugins.core.report",
        what="finds the content file whose link Pelican is resolving by walking up to the "
        "frame whose `self` has get_relative_source_path (Pelican logs no path)",
        checked_on={"pelican": ("4.11.0", "4.12.0"), "python": ("3.11", "3.12", "3.13")},
        safeguard="tests/conference/test_problems.py expects the linking file in the error",
    ),
    Patch(
        target="icalendar.parser.content_line._foldline",
        where="plugins.conference.exports.icalfold",
        what="replaced by a function with the same output that cuts the UTF-8 bytes at "
        "character boundaries instead of encoding one character at a time (11x faster; "
        "a quarter of a large schedule's rebuild went to folding the edition calendars)",
        checked_on={"icalendar": ("7.3.2",)},
        safeguard="tests/conference/test_icalfold.py compares it with icalendar's function "
        "on generated lines (ASCII, escapes, CJK, emoji); a missing hook keeps icalendar's",
    ),
    Patch(
        target="logging filters on the pelican loggers",
        where="plugins.core.report, plugins.core.outputs",
        what="turn Pelican's logged content errors into located problems and print them one "
        "per line; process-wide because logging is",
        checked_on={"pelican": ("4.11.0", "4.12.0")},
        safeguard="tests/conference/test_problems.py",
    ),
)


def installed_version(distribution: str) -> str:
    """The installed version of ``distribution`` (``python``: major.minor)."""
    if distribution == "python":
        import sys

        return f"{sys.version_info.major}.{sys.version_info.minor}"
    from importlib.metadata import version

    return version(distribution)


def unchecked() -> list[str]:
    """One line per entry whose library is installed in a version it was not checked on."""
    lines = []
    for patch in LEDGER:
        for distribution, versions in patch.checked_on.items():
            found = installed_version(distribution)
            if found not in versions:
                lines.append(
                    f"{patch.target} ({patch.where}): {distribution} {found} is not "
                    f"among the checked versions {', '.join(versions)}"
                )
    return lines
