"""Posts queued for group chats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class GroupPostRepository(Protocol):
    def enqueue(
        self, key: str, platform: str, chat_id: str, payload: dict[str, Any], now: datetime
    ) -> bool:
        """Queue a post for a group chat; False when `key` was queued before."""

    def pending(self, platform: str, limit: int) -> list[tuple[int, str, dict[str, Any]]]:
        """(id, chat id, payload), oldest first."""

    def mark_sent(self, post_id: int, now: datetime) -> None: ...
