"""Built-in reminders (bot.domain.reminders.Nudge): which one, if any, a member gets today.

Gentle by design: at most one a day (the dispatcher keys it by member and day), the most
useful first — a goal date near, then a missing reflection, then the weekly log nudge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.goals import GoalStatus
from bot.domain.reminders import Nudge
from bot.services.ports import ActivityFilter

if TYPE_CHECKING:
    from datetime import date

    from bot.services.ports import UnitOfWork

GOAL_DAYS = (7, 1)
LOG_WEEKDAY = 4  # Friday


@dataclass(frozen=True)
class NudgeChoice:
    nudge: Nudge
    number: int = 0  # the goal or activity it is about
    title: str = ""
    days: int = 0  # goals: days to the target date


def pick(
    uow: UnitOfWork, member_id: int, nudges: frozenset[Nudge], today: date
) -> NudgeChoice | None:
    if Nudge.GOALS in nudges:
        for goal in uow.goals.list(member_id, GoalStatus.ACTIVE):
            if goal.target_date is not None and (goal.target_date - today).days in GOAL_DAYS:
                days = (goal.target_date - today).days
                return NudgeChoice(Nudge.GOALS, goal.number, goal.title, days)
    if Nudge.REFLECT in nudges:
        yesterday = today - timedelta(days=1)
        for activity in uow.activities.list(member_id, ActivityFilter(yesterday, yesterday)):
            if not activity.reflection:
                return NudgeChoice(Nudge.REFLECT, activity.number, activity.title)
    if Nudge.LOG in nudges and today.weekday() == LOG_WEEKDAY:
        monday = today - timedelta(days=today.weekday())
        if not uow.activities.list(member_id, ActivityFilter(monday, today), limit=1):
            return NudgeChoice(Nudge.LOG)
    return None
