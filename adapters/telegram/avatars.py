"""Files members send, and their profile picture (fetched only after their consent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.messages import Attachment

if TYPE_CHECKING:
    from telegram import PhotoSize, User

# Telegram's photo sizes go up to 2560 px a side; the core keeps 512 px at most, so the
# smallest size at least this wide is enough and quick to fetch.
WANTED_SIDE = 640


def best_size(sizes: tuple[PhotoSize, ...]) -> PhotoSize:
    """The smallest size of at least WANTED_SIDE pixels, else the largest there is."""
    by_area = sorted(sizes, key=lambda size: size.width * size.height)
    return next((s for s in by_area if min(s.width, s.height) >= WANTED_SIDE), by_area[-1])


async def download_photo(size: PhotoSize, filename: str = "photo.jpg") -> Attachment:
    file = await size.get_file()
    # Telegram re-encodes photos as JPEG; the core checks the content anyway.
    return Attachment(filename, bytes(await file.download_as_bytearray()), "image/jpeg")


async def avatar_of(user: User) -> Attachment | None:
    """The user's current profile picture (getUserProfilePhotos + getFile), or None."""
    photos = await user.get_profile_photos(limit=1)
    if photos is None or not photos.photos:
        return None
    return await download_photo(best_size(photos.photos[0]), "avatar.jpg")
