"""Pending flows: the one open question a member has."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select

from bot.domain.flows import PendingFlow
from storage.models import pending_flows
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.sql.dml import Insert

_flows = pending_flows.c
_GET_FLOW = select(pending_flows).where(
    _flows.member_id == bindparam("member_id"), _flows.expires_at > bindparam("now")
)
_CLEAR_FLOW = delete(pending_flows).where(_flows.member_id == bindparam("member_id"))
_PURGE_FLOWS = delete(pending_flows).where(_flows.expires_at <= bindparam("now"))
_EXPIRED_FLOWS = select(pending_flows).where(_flows.expires_at <= bindparam("now"))


@cache
def _put_flow(dialect: str) -> Insert:
    insert = upsert(dialect, pending_flows)
    replaced = {name: insert.excluded[name] for name in ("kind", "data", "choices", "expires_at")}
    return insert.on_conflict_do_update(index_elements=[_flows.member_id], set_=replaced)


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
