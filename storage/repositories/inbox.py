"""The inbox: messages handled already, so that a redelivery is recognised."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete

from storage.models import inbox
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.sql.dml import Insert

_PURGE_INBOX = delete(inbox).where(inbox.c.received_at < bindparam("cutoff"))


@cache
def _claim(dialect: str) -> Insert:
    return upsert(dialect, inbox).on_conflict_do_nothing()


class SqlInboxRepository(Repository):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        params = {"platform": platform, "message_id": message_id, "received_at": now}
        return self._db.execute(_claim(self._dialect), params).rowcount == 1

    def purge_before(self, cutoff: datetime) -> int:
        return self._db.execute(_PURGE_INBOX, {"cutoff": cutoff}).rowcount
