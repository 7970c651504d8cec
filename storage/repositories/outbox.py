"""The delivery outbox (bot.domain.outbox): queue, claim with a lease, mark."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, func, or_, select, update

from bot.domain.outbox import Delivery, DeliveryState
from storage.models import outbox
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Select
    from sqlalchemy.sql.dml import Insert

    from bot.services.ports import NewDelivery

_o = outbox.c
_PENDING = DeliveryState.PENDING.value
_BLOCKED = DeliveryState.BLOCKED.value


@cache
def _enqueue(dialect: str) -> Insert:
    return upsert(dialect, outbox).on_conflict_do_nothing(index_elements=[_o.key])


@cache
def _due(dialect: str, one_user: bool = False) -> Select[Any]:
    query = (
        select(outbox)
        .where(
            _o.platform == bindparam("platform"),
            _o.state == _PENDING,
            _o.due_at <= bindparam("now"),
            or_(_o.leased_until.is_(None), _o.leased_until <= bindparam("now")),
        )
        .order_by(_o.due_at, _o.id)
        .limit(bindparam("limit"))
    )
    if one_user:
        query = query.where(_o.user_id == bindparam("user_id"))
    # Two processes claiming at once each get other rows instead of waiting. SQLite has a
    # single writer (BEGIN IMMEDIATE), which serialises claims by itself.
    return query.with_for_update(skip_locked=True) if dialect == "postgresql" else query


_LEASE = (
    update(outbox)
    .where(_o.id == bindparam("b_id"))
    .values(leased_until=bindparam("b_lease"), attempts=_o.attempts + 1)
)
_SENT = (
    update(outbox)
    .where(_o.id == bindparam("b_id"))
    .values(state=DeliveryState.SENT.value, sent_at=bindparam("b_now"), leased_until=None)
)
_RETRY = (
    update(outbox)
    .where(_o.id == bindparam("b_id"))
    .values(due_at=bindparam("b_at"), leased_until=None)
)
_BLOCK = (
    update(outbox)
    .where(_o.id == bindparam("b_id"))
    .values(state=_BLOCKED, leased_until=None)
    .returning(_o.platform, _o.user_id)
)
_OTHERS_BLOCKED = select(func.count()).where(
    _o.platform == bindparam("platform"),
    _o.user_id == bindparam("user_id"),
    _o.state == _BLOCKED,
    _o.id != bindparam("row_id"),
)
_UNBLOCK = (
    update(outbox)
    .where(
        _o.platform == bindparam("b_platform"),
        _o.user_id == bindparam("b_user_id"),
        _o.state == _BLOCKED,
    )
    .values(state=_PENDING, due_at=bindparam("b_now"), leased_until=None)
)
_RETRY_NOW = (
    update(outbox)
    .where(
        _o.platform == bindparam("b_platform"),
        _o.state == _PENDING,
        _o.attempts > 0,
        _o.due_at > bindparam("b_now"),
        or_(_o.leased_until.is_(None), _o.leased_until <= bindparam("b_now")),
    )
    .values(due_at=bindparam("b_now"))
)
_PURGE = outbox.delete().where(
    and_(_o.state == DeliveryState.SENT.value, _o.sent_at < bindparam("cutoff"))
)


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        key=row.key,
        member_id=row.member_id,
        platform=row.platform,
        user_id=row.user_id,
        payload=dict(row.payload),
        due_at=row.due_at,
        notice_chat_id=row.notice_chat_id,
        attempts=row.attempts,
    )


def _row(item: NewDelivery, now: datetime) -> dict[str, Any]:
    """The one way a delivery becomes a row (single and batch enqueue alike)."""
    return {
        "key": item.key,
        "member_id": item.member_id,
        "platform": item.platform,
        "user_id": item.user_id,
        "payload": item.payload,
        "state": _BLOCKED if item.blocked else _PENDING,
        "due_at": item.due_at,
        "leased_until": None,
        "attempts": 0,
        "notice_chat_id": item.notice_chat_id,
        "created_at": now,
        "sent_at": None,
    }


class SqlOutboxRepository(Repository):
    def enqueue(self, item: NewDelivery, now: datetime) -> bool:
        return self._db.execute(_enqueue(self._dialect), _row(item, now)).rowcount == 1

    def claim(
        self,
        platform: str,
        now: datetime,
        limit: int,
        lease_until: datetime,
        user_id: str | None = None,
    ) -> list[Delivery]:
        params: dict[str, Any] = {"platform": platform, "now": now, "limit": limit}
        if user_id is not None:
            params["user_id"] = user_id
        rows = self._db.execute(_due(self._dialect, user_id is not None), params).all()
        if rows:
            self._db.execute(_LEASE, [{"b_id": row.id, "b_lease": lease_until} for row in rows])
        return [_delivery(row) for row in rows]

    def mark_sent(self, delivery_id: int, now: datetime) -> None:
        self._db.execute(_SENT, {"b_id": delivery_id, "b_now": now})

    def mark_blocked(self, delivery_id: int) -> bool:
        row = self._db.execute(_BLOCK, {"b_id": delivery_id}).first()
        if row is None:
            return False
        params = {"platform": row.platform, "user_id": row.user_id, "row_id": delivery_id}
        return self._db.execute(_OTHERS_BLOCKED, params).scalar_one() == 0

    def retry_at(self, delivery_id: int, at: datetime) -> None:
        self._db.execute(_RETRY, {"b_id": delivery_id, "b_at": at})

    def unblock(self, platform: str, user_id: str, now: datetime) -> int:
        params = {"b_platform": platform, "b_user_id": user_id, "b_now": now}
        return self._db.execute(_UNBLOCK, params).rowcount

    def retry_now(self, platform: str, now: datetime) -> int:
        return self._db.execute(_RETRY_NOW, {"b_platform": platform, "b_now": now}).rowcount

    def pending_count(self, platform: str | None = None) -> int:
        query = select(func.count()).where(_o.state == _PENDING)
        if platform is not None:
            query = query.where(_o.platform == platform)
        return int(self._db.execute(query).scalar_one())

    def purge_sent_before(self, cutoff: datetime) -> int:
        return self._db.execute(_PURGE, {"cutoff": cutoff}).rowcount

    def enqueue_many(self, items: list[NewDelivery], now: datetime) -> None:
        if items:
            self._db.execute(_enqueue(self._dialect), [_row(item, now) for item in items])
