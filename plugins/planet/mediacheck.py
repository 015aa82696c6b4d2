"""Decide whether downloaded bytes are an image we keep, and strip what it must not carry.

Only raster images are kept: PNG, JPEG, GIF and WebP. Each must pass, in order:

1. the declared ``Content-Type`` (when there is one) is one of those four types (SVG,
   HTML, anything else is refused: an SVG can carry scripts and load other resources);
2. the first bytes are the signature of one of them ("magic bytes": a server's type is
   a claim, the bytes are the fact);
3. Pillow opens it with only those four decoders enabled (never EPS, PDF or any plugin
   that calls an external program), and the size in its header is at most
   ``PLANET_MEDIA_MAX_PIXELS`` (all frames together) before a pixel is decoded: a
   decompression bomb (a small file declaring a huge canvas) is refused without being
   expanded; Pillow's own ``DecompressionBombError`` is a refusal too;
4. it decodes completely (a truncated or corrupt file is refused).

The image is then encoded again by Pillow from its pixels alone, after applying the EXIF
orientation: EXIF (GPS position, camera serial numbers), XMP, IPTC, comments and text
chunks do not survive, since only the pixels, the colour profile and, for animations,
frame timing are written. JPEGs keep their quantization tables (``quality="keep"``) when
no rotation was needed, so a photo loses nothing visible.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: Content types accepted, and the type each format is stored and served as.
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
#: Extra names servers use for the same types.
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}


class MediaRefused(Exception):
    """The bytes are not an image we keep; the message says why (one line)."""


@dataclass(frozen=True)
class CleanImage:
    """An image that passed every check, re-encoded without metadata."""

    data: bytes
    format: str  # PNG, JPEG, GIF, WEBP
    width: int
    height: int

    @property
    def extension(self) -> str:
        """The file extension the media archive stores it under."""
        return EXTENSIONS[self.format]

    @property
    def content_type(self) -> str:
        """The MIME type it is served as."""
        return TYPES[self.format]


def sniff(data: bytes) -> str | None:
    """The raster format whose signature ``data`` starts with, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def declared_type(content_type: str | None) -> str | None:
    """The media type of a ``Content-Type`` header, lowercased, without parameters."""
    if not content_type:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    return ALIASES.get(media, media)


def clean_image(data: bytes, content_type: str | None, max_pixels: int) -> CleanImage:
    """Check ``data`` (see the module docstring) and return it re-encoded without
    metadata; raise :class:`MediaRefused` with the reason otherwise. ``content_type`` is
    None for a local file (the bytes alone decide)."""
    declared = declared_type(content_type)
    if declared is not None and declared not in TYPES.values():
        raise MediaRefused(
            f"content type {declared[:60]!r} is not a raster image (PNG, JPEG, GIF or WebP)"
        )
    kind = sniff(data)
    if kind is None:
        raise MediaRefused("content is not a PNG, JPEG, GIF or WebP image (magic bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
            # A JPEG is one picture (the extra pictures of an MPO file are not kept).
            frames = 1 if kind == "JPEG" else _frames(image)
            width, height = image.size
            if width < 1 or height < 1 or width * height * frames > max_pixels:
                raise MediaRefused(
                    f"{width}x{height} pixels in {frames} frame(s) is over "
                    f"PLANET_MEDIA_MAX_PIXELS ({max_pixels}): a decompression bomb?"
                )
            image.load()
            return _reencoded(image, kind, frames)
    except MediaRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRefused(f"decompression bomb: {exc}") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise MediaRefused(f"not a readable {kind} image ({type(exc).__name__})") from None


def _frames(image: Image.Image) -> int:
    """Frames of an animation (1 for a still image); counted without decoding them."""
    return max(1, int(getattr(image, "n_frames", 1) or 1))


def _reencoded(image: Image.Image, kind: str, frames: int) -> CleanImage:
    """Pixels, colour profile and timing only: every metadata block is left behind."""
    icc = image.info.get("icc_profile")
    out = io.BytesIO()
    if frames > 1:
        _save_animation(image, kind, out)
        width, height = image.size
    else:
        upright = ImageOps.exif_transpose(image)
        rotated = _rotated(image)
        clean = upright.copy()
        clean.info = {}  # nothing read from the file is written back by accident
        options: dict = {"icc_profile": icc} if icc else {}
        if kind == "JPEG":
            if clean.mode not in ("L", "RGB", "CMYK"):
                clean = clean.convert("RGB")
            if not rotated and image.mode == clean.mode:
                # Same pixels, same tables: no generation loss.
                try:
                    image.info = {}
                    image.save(out, "JPEG", quality="keep", optimize=True, **options)
                except (ValueError, OSError):
                    out = io.BytesIO()
                    clean.save(out, "JPEG", quality=90, optimize=True, **options)
            else:
                clean.save(out, "JPEG", quality=90, optimize=True, **options)
        elif kind == "PNG":
            clean.save(out, "PNG", optimize=True, **options)
        elif kind == "GIF":
            transparency = image.info.get("transparency")
            extra = {"transparency": transparency} if transparency is not None else {}
            clean.save(out, "GIF", **extra)
        else:
            clean.save(out, "WEBP", quality=90, method=4, **options)
        width, height = clean.size
    return CleanImage(out.getvalue(), kind, width, height)


def _rotated(image: Image.Image) -> bool:
    """True when the EXIF orientation asks for a transformation (a 180° turn keeps the
    size, so the size alone cannot tell)."""
    try:
        return image.getexif().get(0x0112, 1) not in (1, None)
    except Exception:  # unreadable EXIF: nothing to apply
        return False


def _save_animation(image: Image.Image, kind: str, out: io.BytesIO) -> None:
    """Frames and their durations, loop count; no comments, no XMP, no EXIF."""
    durations, frames = [], []
    for index in range(_frames(image)):
        image.seek(index)
        durations.append(int(image.info.get("duration", 100) or 100))
        frame = image.convert("RGBA")
        frame.info = {}
        frames.append(frame)
    loop = int(image.info.get("loop", 0) or 0)
    first, rest = frames[0], frames[1:]
    if kind == "GIF":
        first.save(
            out, "GIF", save_all=True, append_images=rest, duration=durations, loop=loop, disposal=2
        )
    else:  # WEBP and animated PNG
        fmt = "WEBP" if kind == "WEBP" else "PNG"
        first.save(out, fmt, save_all=True, append_images=rest, duration=durations, loop=loop)
