"""Group chats (communities) and who takes part in them."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from storage.models import communities, community_members
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.sql.dml import Insert, ReturningInsert

_HAS_MEMBER = select(community_members.c.member_id).where(
    community_members.c.community_id == bindparam("community_id"),
    community_members.c.member_id == bindparam("member_id"),
)
_LATEST_CHAT = (
    select(communities.c.chat_id)
    .join(community_members, community_members.c.community_id == communities.c.id)
    .where(
        community_members.c.member_id == bindparam("member_id"),
        communities.c.platform == bindparam("platform"),
    )
    .order_by(community_members.c.joined_at.desc(), communities.c.id.desc())
    .limit(1)
)


@cache
def _upsert_community(dialect: str) -> ReturningInsert[int]:
    insert = upsert(dialect, communities)
    # DO UPDATE rather than DO NOTHING so that RETURNING yields the id in both cases,
    # and a renamed group gets its new title.
    return insert.on_conflict_do_update(
        index_elements=[communities.c.platform, communities.c.chat_id],
        set_={"title": insert.excluded.title},
    ).returning(communities.c.id)


@cache
def _upsert_membership(dialect: str) -> Insert:
    insert = upsert(dialect, community_members)
    return insert.on_conflict_do_update(
        index_elements=[community_members.c.community_id, community_members.c.member_id],
        set_={"is_moderator": insert.excluded.is_moderator},
    )


class SqlCommunityRepository(Repository):
    def join(
        self,
        platform: str,
        chat_id: str,
        title: str,
        member_id: int,
        is_moderator: bool,
        now: datetime,
    ) -> int:
        community_id = self._db.execute(
            _upsert_community(self._dialect),
            {"platform": platform, "chat_id": chat_id, "title": title, "created_at": now},
        ).scalar_one()
        self._db.execute(
            _upsert_membership(self._dialect),
            {
                "community_id": community_id,
                "member_id": member_id,
                "is_moderator": is_moderator,
                "joined_at": now,
            },
        )
        return int(community_id)

    def latest_chat(self, member_id: int, platform: str) -> str | None:
        params = {"member_id": member_id, "platform": platform}
        chat_id: str | None = self._db.execute(_LATEST_CHAT, params).scalar()
        return chat_id

    def has_member(self, community_id: int, member_id: int) -> bool:
        params = {"community_id": community_id, "member_id": member_id}
        return self._db.execute(_HAS_MEMBER, params).first() is not None
