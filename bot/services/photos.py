"""Use cases for profile photos: keep an image (checked, re-encoded, small), clear it, and
show it only to whom the member shares it with.

An image is checked by its content, never its name: JPEG, PNG or WebP, at most
MAX_UPLOAD_BYTES. What is kept is re-encoded as a JPEG of at most MAX_SIDE pixels a side,
turned upright first, and without any metadata (EXIF may hold where a photo was taken)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.domain.photos import MAX_SIDE, MAX_UPLOAD_BYTES, PHOTO_MARK, Photo, PhotoSource
from bot.domain.profiles import ProfileField, can_see
from bot.services.errors import ServiceError
from bot.services.profiles import relation

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.services.ports import UnitOfWork

ACCEPTED = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # a small file may still unpack to a huge image
JPEG_QUALITY = 85


@dataclass(frozen=True)
class Prepared:
    """An image ready to keep: re-encoded JPEG bytes and their size."""

    content: bytes
    width: int
    height: int
    media_type: str = "image/jpeg"


@dataclass(frozen=True)
class SetPhoto:
    member_id: int
    image: Prepared
    source: PhotoSource
    now: datetime


@dataclass(frozen=True)
class ClearPhoto:
    member_id: int
    now: datetime


@dataclass(frozen=True)
class SeenPhoto:
    name: str
    photo: Photo


def prepare(content: bytes) -> Prepared:
    """Check an uploaded image and re-encode it, or ServiceError with the reason."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ServiceError(
            "photo.too_large", size=_megabytes(len(content)), max=_megabytes(MAX_UPLOAD_BYTES)
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(content))
            if opened.format not in ACCEPTED:
                raise ServiceError("photo.wrong_type", kind=opened.format or "?")
            if opened.width * opened.height > MAX_PIXELS:
                raise ServiceError("photo.too_many_pixels")
            if opened.format == "JPEG":  # decode at a fraction of the size (DCT scaling)
                opened.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
            opened.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ServiceError("photo.too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):  # or damaged
        raise ServiceError("photo.not_an_image") from None
    image: Image.Image = ImageOps.exif_transpose(opened)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= and no icc_profile=: nothing of the original's metadata is written.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Prepared(out.getvalue(), image.width, image.height)


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"


def set_photo(cmd: SetPhoto, uow: UnitOfWork) -> Photo:
    photo = Photo(
        cmd.member_id,
        cmd.image.media_type,
        cmd.image.width,
        cmd.image.height,
        cmd.image.content,
        cmd.source,
        cmd.now,
    )
    uow.photos.put(photo)
    # The profile's photo field carries who may see it (private until shared).
    uow.profiles.set_value(cmd.member_id, ProfileField.PHOTO, PHOTO_MARK, cmd.now)
    return photo


def clear_photo(cmd: ClearPhoto, uow: UnitOfWork) -> bool:
    """Whether there was a photo to clear."""
    had = uow.photos.remove(cmd.member_id)
    uow.profiles.set_value(cmd.member_id, ProfileField.PHOTO, None, cmd.now)
    return had


def own_photo(uow: UnitOfWork, member_id: int) -> Photo | None:
    return uow.photos.get(member_id)


def photos_seen(uow: UnitOfWork, asker_id: int, member_ids: Sequence[int]) -> list[SeenPhoto]:
    """The photos of these members (the ones /profiel @naam shows) the asker may see."""
    seen: list[SeenPhoto] = []
    for member_id in member_ids:
        profile = uow.profiles.get(member_id)
        if profile is None or ProfileField.PHOTO not in profile.values:
            continue
        rel = relation(uow, asker_id, member_id)
        if not can_see(profile.visibility_of(ProfileField.PHOTO), rel):
            continue
        photo = uow.photos.get(member_id)
        if photo is not None:
            seen.append(SeenPhoto(profile.shown_name(rel), photo))
    return seen
