"""Profile photos: one row per member, the re-encoded image bytes."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, select

from bot.domain.photos import Photo, PhotoSource
from storage.models import profile_photos
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from sqlalchemy.sql.dml import Insert

_c = profile_photos.c
_GET = select(profile_photos).where(_c.member_id == bindparam("member_id"))
_REMOVE = delete(profile_photos).where(_c.member_id == bindparam("member_id"))


@cache
def _put(dialect: str) -> Insert:
    insert = upsert(dialect, profile_photos)
    return insert.on_conflict_do_update(
        index_elements=[_c.member_id],
        set_={
            name: insert.excluded[name]
            for name in ("media_type", "width", "height", "content", "source", "updated_at")
        },
    )


class SqlPhotoRepository(Repository):
    def get(self, member_id: int) -> Photo | None:
        row = self._db.execute(_GET, {"member_id": member_id}).first()
        if row is None:
            return None
        return Photo(
            row.member_id,
            row.media_type,
            row.width,
            row.height,
            bytes(row.content),
            PhotoSource(row.source),
            row.updated_at,
        )

    def put(self, photo: Photo) -> None:
        self._db.execute(
            _put(self._dialect),
            {
                "member_id": photo.member_id,
                "media_type": photo.media_type,
                "width": photo.width,
                "height": photo.height,
                "content": photo.content,
                "source": photo.source.value,
                "updated_at": photo.updated_at,
            },
        )

    def remove(self, member_id: int) -> bool:
        return bool(self._db.execute(_REMOVE, {"member_id": member_id}).rowcount)
