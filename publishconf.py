"""Pelican settings for publishing (``invoke publish``): absolute URLs and feeds."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403
from pelicanconf import FEED_DOMAIN

SITEURL = FEED_DOMAIN  # site_url of content/conference.yaml
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# A release is built from scratch: no cache from development builds is trusted.
LOAD_CONTENT_CACHE = False
RENDER_CACHE = False
