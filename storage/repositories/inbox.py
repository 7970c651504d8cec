"""The inbox: messages handled already, so that a redelivery is recognised; and messages
received but not handled yet (`keep`), so that none is lost in a crash."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, select

from storage.models import inbox, inbox_received
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.sql.dml import Insert

_PURGE_INBOX = delete(inbox).where(inbox.c.received_at < bindparam("cutoff"))
_r = inbox_received.c
_KEPT = (
    select(_r.message_id, _r.payload)
    .where(_r.platform == bindparam("platform"))
    .order_by(_r.received_at, _r.message_id)
)
_FORGET = delete(inbox_received).where(
    _r.platform == bindparam("b_platform"), _r.message_id == bindparam("b_message_id")
)


@cache
def _claim(dialect: str) -> Insert:
    return upsert(dialect, inbox).on_conflict_do_nothing()


@cache
def _keep(dialect: str) -> Insert:
    return upsert(dialect, inbox_received).on_conflict_do_nothing()


class SqlInboxRepository(Repository):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        params = {"platform": platform, "message_id": message_id, "received_at": now}
        return self._db.execute(_claim(self._dialect), params).rowcount == 1

    def purge_before(self, cutoff: datetime) -> int:
        return self._db.execute(_PURGE_INBOX, {"cutoff": cutoff}).rowcount

    def keep(
        self, platform: str, received: list[tuple[str, dict[str, Any]]], now: datetime
    ) -> None:
        rows = [
            {"platform": platform, "message_id": key, "payload": payload, "received_at": now}
            for key, payload in received
        ]
        if rows:
            self._db.execute(_keep(self._dialect), rows)

    def kept(self, platform: str) -> list[tuple[str, dict[str, Any]]]:
        rows = self._db.execute(_KEPT, {"platform": platform})
        return [(str(message_id), dict(payload)) for message_id, payload in rows]

    def forget(self, platform: str, message_ids: list[str]) -> None:
        if message_ids:
            params = [{"b_platform": platform, "b_message_id": m} for m in message_ids]
            self._db.execute(_FORGET, params)
