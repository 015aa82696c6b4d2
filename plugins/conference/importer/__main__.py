"""``python -m plugins.conference.importer``: see :mod:`.cli`."""

import sys

from .cli import main

sys.exit(main())
