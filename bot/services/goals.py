"""Use cases for development goals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.goals import Goal, GoalProgress
from bot.services.activities import get_activity
from bot.services.errors import NotFound, ServiceError
from bot.services.search import reindex_if_shared

if TYPE_CHECKING:
    from bot.domain.activities import Activity
    from bot.services.commands import CloseGoal, LinkActivity, SetGoal
    from bot.services.ports import UnitOfWork


def get_goal(uow: UnitOfWork, member_id: int, number: int) -> Goal:
    goal = uow.goals.get(member_id, number)
    if goal is None:
        raise NotFound("goal.not_found", number=number)
    return goal


def set_goal(cmd: SetGoal, uow: UnitOfWork) -> Goal:
    draft = Goal(
        member_id=cmd.member_id,
        number=0,
        title=cmd.title,
        created_at=cmd.now,
        target_date=cmd.target_date,
        competence_areas=cmd.competence_areas,
        visibility=cmd.visibility,
    )
    draft.number = uow.members.next_number(cmd.member_id, "goal")
    added = uow.goals.add(draft)
    reindex_if_shared(uow, cmd.member_id, added.visibility)
    return added


def list_goals(uow: UnitOfWork, member_id: int) -> list[GoalProgress]:
    progress = uow.activities.progress(member_id)
    return [
        GoalProgress(goal, *progress.get(goal.number, (0, 0)))
        for goal in uow.goals.list(member_id)
    ]


def link_activity(cmd: LinkActivity, uow: UnitOfWork) -> tuple[Activity, Goal]:
    goal = get_goal(uow, cmd.member_id, cmd.goal_number)
    activity = get_activity(uow, cmd.member_id, cmd.activity_number)
    activity.goal_number = goal.number
    uow.activities.save(activity)
    return activity, goal


def close_goal(cmd: CloseGoal, uow: UnitOfWork) -> Goal:
    goal = get_goal(uow, cmd.member_id, cmd.number)
    if not goal.is_open:
        raise ServiceError("goal.already_closed", number=goal.number)
    goal.close(cmd.status, cmd.reflection, cmd.now)
    uow.goals.save(goal)
    return goal
