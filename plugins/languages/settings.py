"""Settings of the languages plugin: defaults and validation in one place.

| setting | type | default | meaning |
|---|---|---|---|
| ``LANGUAGES_CATALOG_PATH`` | str | ``"translations"`` | folder of ``<locale>/LC_MESSAGES/messages.po`` catalogs (relative to the working directory unless absolute) |
"""  # noqa: E501

from __future__ import annotations

from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "LANGUAGES_CATALOG_PATH": "translations",
}


def catalog_path(settings: dict[str, Any]) -> Path:
    """The validated catalog folder."""
    value = settings.get("LANGUAGES_CATALOG_PATH", DEFAULTS["LANGUAGES_CATALOG_PATH"])
    if not isinstance(value, str) or not value:
        raise ValueError(f"setting LANGUAGES_CATALOG_PATH must be a folder path, got {value!r}")
    return Path(value)
