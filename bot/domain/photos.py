"""A member's profile photo: small, re-encoded, stripped of metadata (pure data)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # what a member may send
MAX_SIDE = 512  # what is stored: at most 512 × 512 pixels, JPEG
# The marker in the profile's photo field: the field carries the photo's visibility, and
# its value only says that there is one (the image itself is in its own table).
PHOTO_MARK = "📷"

# The first bytes of the image types accepted (the content decides, not the name).
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class PhotoSource(StrEnum):
    UPLOAD = "upload"
    AVATAR = "avatar"  # the platform's profile picture, with the member's consent


@dataclass(frozen=True)
class Photo:
    member_id: int
    media_type: str
    width: int
    height: int
    content: bytes
    source: PhotoSource
    updated_at: datetime


def looks_like_image(content: bytes, media_type: str) -> bool:
    """Whether a file is meant as an image (it is checked properly before it is kept)."""
    if media_type.lower().startswith("image/"):
        return True
    head = content[:16]
    webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return webp or any(head.startswith(sig) for sig in _SIGNATURES)
