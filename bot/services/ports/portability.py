"""The member's rights: what is stored about them, import, and erasure (AVG/GDPR)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime


class PortabilityRepository(Protocol):
    def counts(self, member_id: int) -> dict[str, int]:
        """Rows that name the member, per table; tables without any are left out."""

    def reserve_numbers(self, member_id: int, activity: int, goal: int) -> None:
        """The next activity and goal numbers are at least `activity` and `goal`."""

    def reviewed_offerings(self, member_id: int) -> list[int]: ...

    def erase(self, member_id: int, keep_reviews: bool, now: datetime) -> dict[str, int]:
        """Erase every row about the member (reviews kept anonymously if asked);
        rows erased or made anonymous, per table."""
