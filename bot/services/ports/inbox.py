"""The inbox of handled messages (redeliveries are recognised), and of received messages
not handled yet (kept across a crash)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class InboxRepository(Protocol):
    def claim(self, platform: str, message_id: str, now: datetime) -> bool:
        """Record an incoming message. False when it was processed before (a redelivery)."""

    def purge_before(self, cutoff: datetime) -> int: ...

    def keep(
        self, platform: str, received: list[tuple[str, dict[str, Any]]], now: datetime
    ) -> None:
        """Keep received messages `(message id, the platform's payload)` until `forget`;
        one kept before is left as it is."""

    def kept(self, platform: str) -> list[tuple[str, dict[str, Any]]]:
        """What was kept and not forgotten, oldest first (after a crash: not handled)."""

    def forget(self, platform: str, message_ids: list[str]) -> None:
        """These were handled."""
