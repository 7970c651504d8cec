"""Guided flows: the one open question a member has."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.flows import PendingFlow


class FlowRepository(Protocol):
    def get(self, member_id: int, now: datetime) -> PendingFlow | None:
        """The member's pending flow, unless it has expired."""

    def put(self, flow: PendingFlow) -> None:
        """Replace any pending flow of this member."""

    def clear(self, member_id: int) -> None: ...

    def expired(self, now: datetime) -> list[PendingFlow]:
        """Flows that expired unanswered (still there until `purge_expired`)."""

    def purge_expired(self, now: datetime) -> int: ...
