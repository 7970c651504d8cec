"""A member's development goals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.domain.goals import Goal, GoalStatus


class GoalRepository(Protocol):
    def add(self, goal: Goal) -> Goal: ...

    def get(self, member_id: int, number: int) -> Goal | None: ...

    def latest(self, member_id: int) -> Goal | None: ...

    def save(self, goal: Goal) -> None: ...

    def delete(self, member_id: int, number: int) -> bool: ...

    def list(self, member_id: int, status: GoalStatus | None = None) -> list[Goal]:
        """Open goals first, then by number."""
