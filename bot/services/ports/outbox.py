"""The outbox: messages owed to members' private chats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.outbox import Delivery


@dataclass(frozen=True)
class NewDelivery:
    """A message owed to a member's private chat on one platform (see bot.domain.outbox)."""

    key: str
    member_id: int
    platform: str
    user_id: str
    payload: dict[str, Any]
    due_at: datetime
    notice_chat_id: str | None = None
    # Known to be undeliverable now: wait (blocked) until the member writes privately.
    blocked: bool = False


class OutboxRepository(Protocol):
    def enqueue(self, item: NewDelivery, now: datetime) -> bool:
        """Queue a delivery. False (and nothing changes) when its key was queued before."""

    def claim(
        self,
        platform: str,
        now: datetime,
        limit: int,
        lease_until: datetime,
        user_id: str | None = None,
    ) -> list[Delivery]:
        """Due pending deliveries for `platform` (and only `user_id`'s, when given), oldest
        first, leased until `lease_until` so that no other process claims them meanwhile
        (PostgreSQL: SKIP LOCKED). A lease that runs out (the claimer crashed) makes the
        row claimable again."""

    def mark_sent(self, delivery_id: int, now: datetime) -> None: ...

    def mark_blocked(self, delivery_id: int) -> bool:
        """The private chat could not be reached. True when no other delivery to this user
        was blocked already: only then is a note in the group worth sending."""

    def retry_at(self, delivery_id: int, at: datetime) -> None:
        """Release the lease; the row is due again at `at`."""

    def unblock(self, platform: str, user_id: str, now: datetime) -> int:
        """The member can be reached again: blocked deliveries become due now."""

    def retry_now(self, platform: str, now: datetime) -> int:
        """The platform recovered: pending deliveries of `platform` that wait after a failed
        attempt (not those waiting for their own time) become due now; how many."""

    def pending_count(self, platform: str | None = None) -> int: ...

    def purge_sent_before(self, cutoff: datetime) -> int: ...

    def enqueue_many(self, items: list[NewDelivery], now: datetime) -> None:
        """`enqueue` for a batch in one statement; keys queued before are skipped."""
