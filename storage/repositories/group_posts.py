"""Posts owed to group chats (e.g. a review round's summary)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update

from storage.models import group_posts
from storage.repositories._base import Repository, upsert

if TYPE_CHECKING:
    from datetime import datetime

_g = group_posts.c

_POST_PENDING = (
    select(_g.id, _g.chat_id, _g.payload)
    .where(_g.platform == bindparam("platform"), _g.state == "pending")
    .order_by(_g.id)
    .limit(bindparam("n"))
)
_POST_SENT = (
    update(group_posts)
    .where(_g.id == bindparam("b_id"))
    .values(state="sent", sent_at=bindparam("b_now"))
)


class SqlGroupPostRepository(Repository):
    def enqueue(
        self, key: str, platform: str, chat_id: str, payload: dict[str, Any], now: datetime
    ) -> bool:
        insert = upsert(self._dialect, group_posts).on_conflict_do_nothing(index_elements=[_g.key])
        params = {
            "key": key,
            "platform": platform,
            "chat_id": chat_id,
            "payload": payload,
            "state": "pending",
            "created_at": now,
            "sent_at": None,
        }
        return self._db.execute(insert, params).rowcount == 1

    def pending(self, platform: str, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        rows = self._db.execute(_POST_PENDING, {"platform": platform, "n": limit})
        return [(int(i), str(chat), dict(payload)) for i, chat, payload in rows]

    def mark_sent(self, post_id: int, now: datetime) -> None:
        self._db.execute(_POST_SENT, {"b_id": post_id, "b_now": now})
