"""Profile photos (the image bytes; their visibility is the profile's photo field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.domain.photos import Photo


class PhotoRepository(Protocol):
    def get(self, member_id: int) -> Photo | None: ...

    def put(self, photo: Photo) -> None:
        """Store the member's photo, replacing the one before."""

    def remove(self, member_id: int) -> bool:
        """Whether there was a photo to remove."""
