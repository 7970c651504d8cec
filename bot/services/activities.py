"""Use cases for activities. Each runs inside one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.activities import MAX_TEXT_LENGTH, Activity, LearningForm
from bot.services.errors import NotFound, ServiceError
from bot.services.search import reindex_if_shared

if TYPE_CHECKING:
    from bot.domain.goals import Goal
    from bot.services.commands import (
        AddReflection,
        AttachEvidence,
        EditActivity,
        ListActivities,
        LogActivity,
    )
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class Overview:
    activities: list[Activity]
    totals: dict[LearningForm, tuple[int, int]]  # (count, minutes) per learning form

    @property
    def count(self) -> int:
        return sum(count for count, _ in self.totals.values())

    @property
    def minutes(self) -> int:
        return sum(minutes for _, minutes in self.totals.values())


def _require_goal(uow: UnitOfWork, member_id: int, number: int | None) -> None:
    if number is not None and uow.goals.get(member_id, number) is None:
        raise NotFound("goal.not_found", number=number)


def get_activity(uow: UnitOfWork, member_id: int, number: int | None) -> Activity:
    activity = (
        uow.activities.latest(member_id)
        if number is None
        else uow.activities.get(member_id, number)
    )
    if activity is None:
        if number is None:
            raise NotFound("activity.none_yet")
        raise NotFound("activity.not_found", number=number)
    return activity


def log_activity(cmd: LogActivity, uow: UnitOfWork) -> Activity:
    _require_goal(uow, cmd.member_id, cmd.goal_number)
    draft = Activity(  # checked before a number is taken
        member_id=cmd.member_id,
        number=0,
        date=cmd.date,
        minutes=cmd.minutes,
        kind=cmd.kind,
        title=cmd.title,
        created_at=cmd.now,
        competence_areas=cmd.competence_areas,
        evidence=cmd.evidence,
        goal_number=cmd.goal_number,
        visibility=cmd.visibility,
    )
    draft.number = uow.members.next_number(cmd.member_id, "activity")
    added = uow.activities.add(draft)
    reindex_if_shared(uow, cmd.member_id, added.visibility)
    return added


def edit_activity(cmd: EditActivity, uow: UnitOfWork) -> Activity:
    activity = get_activity(uow, cmd.member_id, cmd.number)
    goal_number = cmd.changes.get("goal_number")
    _require_goal(uow, cmd.member_id, goal_number if isinstance(goal_number, int) else None)
    changed = activity.changed(**cmd.changes)
    changed.id = activity.id
    uow.activities.save(changed)
    reindex_if_shared(uow, cmd.member_id, activity.visibility, changed.visibility)
    return changed


def delete_activity(uow: UnitOfWork, member_id: int, number: int) -> Activity:
    activity = get_activity(uow, member_id, number)
    uow.activities.delete(member_id, number)
    reindex_if_shared(uow, member_id, activity.visibility)
    return activity


def add_reflection(cmd: AddReflection, uow: UnitOfWork) -> Activity:
    if len(cmd.text) > MAX_TEXT_LENGTH:
        raise ServiceError("activity.reflection_too_long", max=MAX_TEXT_LENGTH)
    activity = get_activity(uow, cmd.member_id, cmd.number)
    activity.reflection = cmd.text
    uow.activities.save(activity)
    return activity


def attach_evidence(cmd: AttachEvidence, uow: UnitOfWork) -> Activity:
    activity = get_activity(uow, cmd.member_id, cmd.number)
    activity.evidence = cmd.evidence
    activity.check()
    uow.activities.save(activity)
    return activity


def list_activities(cmd: ListActivities, uow: UnitOfWork) -> Overview:
    return Overview(
        uow.activities.list(cmd.member_id, cmd.flt, cmd.limit),
        uow.activities.totals(cmd.member_id, cmd.flt),
    )


def undo_last(uow: UnitOfWork, member_id: int) -> Activity | Goal | None:
    """Remove whatever the member created last: an activity or a goal."""
    activity = uow.activities.latest(member_id)
    goal = uow.goals.latest(member_id)
    if goal is not None and (activity is None or goal.created_at > activity.created_at):
        uow.activities.unlink_goal(member_id, goal.number)
        uow.goals.delete(member_id, goal.number)
        return goal
    if activity is not None:
        uow.activities.delete(member_id, activity.number)
    return activity
