"""The inbox of handled messages (redeliveries are recognised)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class InboxRepository(Protocol):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        """Record an incoming message. False when it was processed before (a redelivery)."""

    def purge_before(self, cutoff: datetime) -> int: ...
