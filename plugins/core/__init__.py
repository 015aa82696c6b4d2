"""Shared, plugin-independent building blocks.

Plugins talk to each other only through signals (Pelican's, and each plugin's own stage
signals in its ``stages.py``, see :mod:`.stages`), the context keys in
:mod:`plugins.core.keys`, attributes on content objects and each plugin's ``api.py``. Site
facts come from :mod:`.siteconfig`, settings are declared with :mod:`.settings`. This
package holds what they all need and what must never be built twice: the language helper,
content errors that
name a file and line (:mod:`.errors`) and their unwrapped report (:mod:`.report`), a YAML
loader that remembers line numbers, UTF-8 reading that names a wrong encoding, time zones
with suggestions, and atomic writes.
"""
