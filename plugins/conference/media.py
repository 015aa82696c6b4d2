"""Session media: privacy-friendly video links and link types for the exports.

Only videos on allowlisted hosts (YouTube, Vimeo, Bilibili) get a player link, and it
points at the privacy-enhanced player (``youtube-nocookie.com``, Vimeo's ``dnt=1``,
Bilibili's embeddable player without autoplay). The theme shows it as a link, never as an
iframe that loads on page view: the site makes no third-party request until a reader asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class VideoEmbed:
    """A recognised video: provider name, privacy-friendly player URL, original URL."""

    provider: str
    player_url: str
    url: str


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_BV_ID = re.compile(r"^BV[0-9A-Za-z]{8,12}$")


def _youtube(parts) -> str | None:
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    video = None
    if host == "youtu.be":
        video = path.split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if path == "watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif path.split("/")[0] in ("embed", "shorts", "live", "v"):
            video = path.split("/")[1] if "/" in path else ""
    if video and _YOUTUBE_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}"
    return None


def _vimeo(parts) -> str | None:
    host = parts.netloc.lower().removeprefix("www.")
    if host not in ("vimeo.com", "player.vimeo.com"):
        return None
    numbers = [p for p in parts.path.split("/") if p.isdigit()]
    return f"https://player.vimeo.com/video/{numbers[0]}?dnt=1" if numbers else None


def _bilibili(parts) -> str | None:
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host not in ("bilibili.com", "player.bilibili.com"):
        return None
    for piece in parts.path.split("/"):
        if _BV_ID.match(piece):
            return f"https://player.bilibili.com/player.html?bvid={piece}&autoplay=0"
    bvid = (parse_qs(parts.query).get("bvid") or [""])[0]
    if _BV_ID.match(bvid):
        return f"https://player.bilibili.com/player.html?bvid={bvid}&autoplay=0"
    return None


_PROVIDERS = (("YouTube", _youtube), ("Vimeo", _vimeo), ("Bilibili", _bilibili))


def video_embed(url: str | None) -> VideoEmbed | None:
    """The privacy-friendly player for ``url`` when it is on an allowlisted host."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    for name, finder in _PROVIDERS:
        player = finder(parts)
        if player:
            return VideoEmbed(name, player, url)
    return None


def link_type(kind: str) -> str:
    """frab JSON ``Reference.type`` for a session media key."""
    return {"slides": "slides", "video": "media", "audio": "media"}.get(kind, "related")
