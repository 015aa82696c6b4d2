"""Shared, plugin-independent building blocks.

Plugins talk to each other only through Pelican signals, the context keys in
:mod:`plugins.core.keys` and attributes on content objects. This package holds what they
all need and what must never be built twice: the language helper, content errors that
name a file and line (:mod:`.errors`) and their unwrapped report (:mod:`.report`), a YAML
loader that remembers line numbers, UTF-8 reading that names a wrong encoding, time zones
with suggestions, and atomic writes.
"""
