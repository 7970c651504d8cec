"""Development goals (ontwikkeldoelen) and their progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.domain.activities import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, CompetenceArea, Visibility

if TYPE_CHECKING:
    from datetime import date, datetime


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class InvalidGoal(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Goal:
    member_id: int
    number: int
    title: str
    created_at: datetime
    target_date: date | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    competence_areas: tuple[CompetenceArea, ...] = ()
    closing_reflection: str | None = None
    closed_at: datetime | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidGoal("goal.empty_title")
        if len(self.title) > MAX_TITLE_LENGTH:
            self.title = self.title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"

    @property
    def is_open(self) -> bool:
        return self.status is GoalStatus.ACTIVE

    def close(self, status: GoalStatus, reflection: str | None, now: datetime) -> None:
        if status is GoalStatus.ACTIVE:
            raise InvalidGoal("goal.invalid_status")
        if reflection is not None and len(reflection) > MAX_TEXT_LENGTH:
            raise InvalidGoal("goal.reflection_too_long")
        self.status = status
        self.closing_reflection = reflection or self.closing_reflection
        self.closed_at = now

    def days_left(self, today: date) -> int | None:
        return None if self.target_date is None else (self.target_date - today).days


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    activity_count: int
    minutes: int
