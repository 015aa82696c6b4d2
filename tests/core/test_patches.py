"""The ledger of patches: every entry checked on the installed versions, every hook there."""

from __future__ import annotations

import importlib
import logging
import sys

from plugins.core.patches import LEDGER, unchecked


def test_every_patch_was_checked_on_the_installed_versions():
    assert unchecked() == []


def test_the_ledger_names_modules_that_exist():
    for patch in LEDGER:
        for module in patch.where.split(","):
            assert importlib.import_module(module.strip()), patch


def test_the_feedparser_hooks_are_where_the_ledger_says():
    from plugins.planet import speedups

    assert speedups.install() == [
        "PREFERRED_XML_PARSERS",
        "make_safe_absolute_uri",
        "copy.deepcopy",
        "FeedParserDict.get",
    ]
    import feedparser.api
    import feedparser.mixin
    import feedparser.util

    assert feedparser.api.PREFERRED_XML_PARSERS[0] == speedups.__name__
    assert hasattr(feedparser.mixin.make_safe_absolute_uri, "cache_info")
    assert feedparser.mixin.copy.deepcopy is speedups._shallow_deepcopy
    assert feedparser.util.FeedParserDict.get is speedups._get


def test_a_missing_hook_is_logged(monkeypatch, caplog):
    import feedparser.mixin

    from plugins.planet import speedups

    monkeypatch.delattr(feedparser.mixin, "make_safe_absolute_uri")
    with caplog.at_level(logging.WARNING, logger=speedups.__name__):
        assert "make_safe_absolute_uri" not in speedups.install()
    assert "feedparser.mixin.make_safe_absolute_uri" in caplog.text


def test_the_sniffio_entry_is_removed_after_the_block():
    from plugins.planet.pools import no_sniffio_lookups

    before = sys.modules.get("sniffio", "absent")
    with no_sniffio_lookups():
        pass
    assert sys.modules.get("sniffio", "absent") == before
