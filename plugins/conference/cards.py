"""Share cards: the ``og:image`` of pages that have no image of their own.

One 1200×630 PNG per language for the site (``/{lang}/share.png``) and one per edition and
language (``/{lang}/editions/<id>/share.png``: the conference's name, the edition's city
and year, and its theme, in that language), drawn with Pillow at build time.

Chinese needs a font with its characters. The font is ``CONFERENCE_CARD_FONT`` when set,
else the first font fontconfig lists for Simplified Chinese (Debian's fonts-noto-cjk
gives Noto Sans CJK SC). Without one, no card is written and pages carry no ``og:image``
(an info line says so): a missing font never stops a build. Cards are kept in Pelican's
``CACHE_PATH`` under a hash of everything drawn (the lines, the font file's path, size and
modification time, the Pillow and FreeType versions), so a rebuild copies instead of
drawing, and a font installed, removed or updated between builds is noticed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from plugins.core.atomic import write_atomic
from plugins.core.outputs import write_output

SIZE = (1200, 630)
_VERSION = "1"  # bump when the drawing changes, so cached cards are redrawn
_BACKGROUND, _INK, _MUTED, _ACCENT = (250, 247, 240), (28, 28, 28), (96, 96, 96), (176, 48, 40)


@dataclass(frozen=True)
class Font:
    """A font file and, for a collection (``.ttc``), the index of the face to use."""

    path: str
    index: int = 0


def card_path(language: Any, edition: Any = None) -> str:
    """Output path of a share card in ``language``'s tree."""
    return language.path(f"editions/{edition.id}/share.png" if edition else "share.png")


@lru_cache(maxsize=4)
def find_font(configured: str | None) -> Font | None:
    """The configured font, else fontconfig's first Simplified Chinese sans font."""
    if configured:
        return Font(configured) if Path(configured).is_file() else None
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(
        ["fc-list", "--format", "%{file}|%{index}|%{family}|%{style}\n", ":lang=zh-cn"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.splitlines()
    faces = sorted(line.split("|", 3) for line in listed if line.count("|") == 3)
    # a regular sans face first (names are fontconfig's, sorted so the choice is stable)
    faces.sort(key=lambda face: ("Sans" not in face[2], "Regular" not in face[3]))
    return Font(faces[0][0], int(faces[0][1] or 0)) if faces else None


def plan_cards(
    conference: Any, editions: list[Any], languages: Any, converter_of: Any = lambda lang: None
) -> dict[str, tuple]:
    """Every card to draw: output path -> its three lines (name, edition line, text). A
    derived language's (zh-Hant) are its source's texts, converted by ``converter_of(lang)``
    (the card is drawn from them, so it cannot be converted once written as a page is)."""
    planned = {}
    latest = editions[0] if editions else None
    for language in languages:
        converter = converter_of(language)
        convert = converter.text if converter is not None else str
        name = convert(conference.name.localized(language))
        subtitle = convert(_edition_line(latest, language)) if latest else ""
        description = convert(conference.description.localized(language))
        planned[card_path(language)] = (name, subtitle, description)
        for edition in editions:
            planned[card_path(language, edition)] = (
                name,
                convert(_edition_line(edition, language)),
                convert(edition.theme.localized(language)),
            )
    return planned


def write_cards(writer: Any, cache_path: str, planned: dict[str, tuple], font: Font) -> None:
    """Write the planned cards into ``writer``'s output folder."""
    for path, lines in planned.items():
        _write(writer, cache_path, path, font, lines)


def _edition_line(edition: Any, language: Any) -> str:
    return f"{edition.city.localized(language)} · {edition.year}"


def font_identity(font: Font | None) -> list[str]:
    """What a card drawn with ``font`` depends on besides its text: the font file (path,
    face, size, modification time) and the versions of Pillow and its FreeType."""
    if font is None:
        return ["no font"]
    from PIL import __version__ as pillow
    from PIL import features

    try:
        stat = os.stat(font.path)
        file = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        file = "-"
    return [font.path, str(font.index), file, pillow, str(features.version("freetype2"))]


def _write(writer: Any, cache_path: str, path: str, font: Font, lines: tuple) -> None:
    key = hashlib.sha256("\n".join((_VERSION, *font_identity(font), *lines)).encode())
    cached = Path(cache_path) / "share-cards" / f"{key.hexdigest()[:32]}.png"
    if not cached.is_file():
        write_atomic(cached, _draw(font, *lines))
    write_output(writer, path, cached.read_bytes(), "the conference plugin's share card")


def _draw(font: Font, title: str, subtitle: str, text: str) -> bytes:
    """The card as PNG bytes: name at the top, the edition line, the theme in large type."""
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    def face(size: int):
        return ImageFont.truetype(font.path, size, index=font.index)

    image = Image.new("RGB", SIZE, _BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 18), fill=_ACCENT)
    draw.text((80, 90), title, font=face(44), fill=_ACCENT)
    if subtitle:
        draw.text((80, 160), subtitle, font=face(34), fill=_MUTED)
    y, lines = 260, _wrap(draw, text, face(60), SIZE[0] - 160)
    if len(lines) > 3:  # three lines fit; the third ends with an ellipsis
        lines = [*lines[:2], _fit(draw, lines[2] + " " + lines[3], face(60), SIZE[0] - 160)]
    for line in lines:
        draw.text((80, y), line, font=face(60), fill=_INK)
        y += 84
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _fit(draw, text: str, font, width: int) -> str:
    """``text`` shortened to fit ``width`` with a final ellipsis."""
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip(" ,.;:，。；：、") + "…"


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``: broken at spaces, or between any two
    characters of a script written without spaces."""
    lines, line = [], ""
    for token in _tokens(text):
        candidate = line + token
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their trailing space; each CJK character is a token of its own."""
    from plugins.core.text import is_cjk

    tokens, word = [], ""
    for char in text or "":
        if is_cjk(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
