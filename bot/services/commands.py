"""Intents are data: one small dataclass per thing a member wants done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.activities import Visibility

if TYPE_CHECKING:
    from datetime import date, datetime

    from bot.domain.activities import ActivityKind, CompetenceArea
    from bot.domain.goals import GoalStatus
    from bot.services.ports import ActivityFilter


@dataclass(frozen=True)
class LogActivity:
    member_id: int
    date: date
    minutes: int
    kind: ActivityKind
    title: str
    now: datetime
    competence_areas: tuple[CompetenceArea, ...] = ()
    evidence: str | None = None
    goal_number: int | None = None
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class EditActivity:
    member_id: int
    number: int
    # Only the fields the member named; the rest stays as it was.
    changes: dict[str, object]
    now: datetime


@dataclass(frozen=True)
class AddReflection:
    member_id: int
    number: int | None  # None: the last logged activity
    text: str
    now: datetime


@dataclass(frozen=True)
class AttachEvidence:
    member_id: int
    number: int | None
    evidence: str
    now: datetime


@dataclass(frozen=True)
class DeleteActivity:
    member_id: int
    number: int
    now: datetime


@dataclass(frozen=True)
class ListActivities:
    member_id: int
    flt: ActivityFilter
    limit: int = 20


@dataclass(frozen=True)
class SetGoal:
    member_id: int
    title: str
    now: datetime
    target_date: date | None = None
    competence_areas: tuple[CompetenceArea, ...] = ()
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True)
class EditGoal:
    member_id: int
    number: int
    title: str = ""
    target_date: date | None = None
    competence_areas: tuple[CompetenceArea, ...] = ()


@dataclass(frozen=True)
class LinkActivity:
    member_id: int
    activity_number: int
    goal_number: int
    now: datetime


@dataclass(frozen=True)
class CloseGoal:
    member_id: int
    number: int
    status: GoalStatus
    now: datetime
    reflection: str | None = None
