"""Use cases for development goals."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.domain.goals import Goal, GoalProgress
from bot.domain.undo import ChangeKind
from bot.services.activities import get_activity
from bot.services.errors import NotFound, ServiceError
from bot.services.search import reindex_if_shared
from bot.services.undo import record_activity, record_goal

if TYPE_CHECKING:
    from bot.domain.activities import Activity
    from bot.services.commands import CloseGoal, EditGoal, LinkActivity, SetGoal
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
    record_goal(uow, ChangeKind.GOAL_SET, added, None, cmd.now)
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
    linked = activity.changed(goal_number=goal.number)
    linked.id = activity.id
    uow.activities.save(linked)
    record_activity(uow, ChangeKind.LINKED, linked, activity, cmd.now)
    return linked, goal


def close_goal(cmd: CloseGoal, uow: UnitOfWork) -> Goal:
    goal = get_goal(uow, cmd.member_id, cmd.number)
    if not goal.is_open:
        raise ServiceError("goal.already_closed", number=goal.number)
    before = replace(goal)
    goal.close(cmd.status, cmd.reflection, cmd.now)
    uow.goals.save(goal)
    record_goal(uow, ChangeKind.GOAL_CHANGED, goal, before, cmd.now)
    return goal


def edit_goal(cmd: EditGoal, uow: UnitOfWork) -> Goal:
    """Change only what the member named: the title, the target date, the areas."""
    goal = get_goal(uow, cmd.member_id, cmd.number)
    if cmd.title:
        goal.title = cmd.title
    if cmd.target_date is not None:
        goal.target_date = cmd.target_date
    if cmd.competence_areas:
        goal.competence_areas = cmd.competence_areas
    uow.goals.save(goal)
    return goal


def delete_goal(uow: UnitOfWork, member_id: int, number: int) -> Goal:
    """Delete a goal; its activities stay, no longer linked to it."""
    goal = get_goal(uow, member_id, number)
    uow.activities.unlink_goal(member_id, number)
    uow.goals.delete(member_id, number)
    return goal
