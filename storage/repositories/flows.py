"""Pending flows, the inbox of handled messages, and group chats (communities)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select

from bot.domain.flows import PendingFlow
from storage.models import communities, community_members, inbox, pending_flows
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.sql.dml import Insert, ReturningInsert

_flows = pending_flows.c
_GET_FLOW = select(pending_flows).where(
    _flows.member_id == bindparam("member_id"), _flows.expires_at > bindparam("now")
)
_CLEAR_FLOW = delete(pending_flows).where(_flows.member_id == bindparam("member_id"))
_PURGE_FLOWS = delete(pending_flows).where(_flows.expires_at <= bindparam("now"))
_EXPIRED_FLOWS = select(pending_flows).where(_flows.expires_at <= bindparam("now"))
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
_PURGE_INBOX = delete(inbox).where(inbox.c.received_at < bindparam("cutoff"))


@cache
def _put_flow(dialect: str) -> Insert:
    insert = upsert(dialect, pending_flows)
    replaced = {name: insert.excluded[name] for name in ("kind", "data", "choices", "expires_at")}
    return insert.on_conflict_do_update(index_elements=[_flows.member_id], set_=replaced)


@cache
def _claim(dialect: str) -> Insert:
    return upsert(dialect, inbox).on_conflict_do_nothing()


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


def _flow(row: Any) -> PendingFlow:
    return PendingFlow(
        member_id=row.member_id,
        kind=row.kind,
        expires_at=row.expires_at,
        data=dict(row.data),
        choices=tuple(row.choices),
    )


class SqlFlowRepository(Repository):
    def get(self, member_id: int, now: datetime) -> PendingFlow | None:
        row = self._db.execute(_GET_FLOW, {"member_id": member_id, "now": now}).first()
        return None if row is None else _flow(row)

    def expired(self, now: datetime) -> list[PendingFlow]:
        return [_flow(row) for row in self._db.execute(_EXPIRED_FLOWS, {"now": now})]

    def put(self, flow: PendingFlow) -> None:
        params = {
            "member_id": flow.member_id,
            "kind": flow.kind,
            "data": flow.data,
            "choices": list(flow.choices),
            "expires_at": flow.expires_at,
        }
        self._db.execute(_put_flow(self._dialect), params)

    def clear(self, member_id: int) -> None:
        self._db.execute(_CLEAR_FLOW, {"member_id": member_id})

    def purge_expired(self, now: datetime) -> int:
        return self._db.execute(_PURGE_FLOWS, {"now": now}).rowcount


class SqlInboxRepository(Repository):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        params = {"platform": platform, "message_id": message_id, "received_at": now}
        return self._db.execute(_claim(self._dialect), params).rowcount == 1

    def purge_before(self, cutoff: datetime) -> int:
        return self._db.execute(_PURGE_INBOX, {"cutoff": cutoff}).rowcount


class SqlCommunityRepository(Repository):
    def join(
        self,
        platform: str,
        chat_id: str,
        title: str,
        member_id: int,
        is_moderator: bool,
        now: datetime,
    ) -> None:
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

    def latest_chat(self, member_id: int, platform: str) -> str | None:
        params = {"member_id": member_id, "platform": platform}
        chat_id: str | None = self._db.execute(_LATEST_CHAT, params).scalar()
        return chat_id
