"""Every file of the built sample site can be served: world-readable, as a normal write makes it.

The build runs under umask 022 (see :mod:`tests.site.sample`), so every file must be 0644
and every folder 0755, including the feeds, calendars and exports written atomically and
Pagefind's bundle. ``invoke publish`` copies these modes with rsync; a 0600 file there is a
403 from the web server.
"""

from __future__ import annotations

import pytest

from tests.conftest import unreadable_files

pytestmark = pytest.mark.slow


def test_every_output_file_is_world_readable(built_site):
    files = [path for path in built_site.rglob("*") if path.is_file()]
    assert len(files) > 100  # the whole site, not an empty folder
    assert unreadable_files(built_site) == []
