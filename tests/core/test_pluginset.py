"""A command outside a Pelican run registers the site's plugins as the build does."""

from __future__ import annotations

import sys
import types

from plugins.core.pluginset import register_site_plugins


def test_the_listed_plugins_are_registered_in_order_and_an_unknown_one_skipped(monkeypatch):
    calls = []
    for name in ("fake_a", "fake_b"):
        module = types.ModuleType(name)
        module.register = lambda name=name: calls.append(name)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, name, module)
    settings = {"PLUGINS": ["fake_b", "no_such_plugin_here", "fake_a"]}
    assert [m.__name__ for m in register_site_plugins(settings)] == ["fake_b", "fake_a"]
    assert calls == ["fake_b", "fake_a"]
    assert register_site_plugins({}) == []
