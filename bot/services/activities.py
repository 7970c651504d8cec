"""Use cases for activities. Each runs inside one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.activities import MAX_TEXT_LENGTH, Activity, LearningForm, Reflection
from bot.domain.undo import ChangeKind
from bot.services.errors import NotFound, ServiceError
from bot.services.search import reindex_if_shared
from bot.services.undo import record_activity

if TYPE_CHECKING:
    from bot.services.commands import (
        AddReflection,
        AttachEvidence,
        DeleteActivity,
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
    record_activity(uow, ChangeKind.LOGGED, added, None, cmd.now)
    reindex_if_shared(uow, cmd.member_id, added.visibility)
    return added


def edit_activity(cmd: EditActivity, uow: UnitOfWork) -> Activity:
    activity = get_activity(uow, cmd.member_id, cmd.number)
    goal_number = cmd.changes.get("goal_number")
    _require_goal(uow, cmd.member_id, goal_number if isinstance(goal_number, int) else None)
    changed = activity.changed(**cmd.changes)
    changed.id = activity.id
    uow.activities.save(changed)
    record_activity(uow, ChangeKind.EDITED, changed, activity, cmd.now)
    reindex_if_shared(uow, cmd.member_id, activity.visibility, changed.visibility)
    return changed


def delete_activity(cmd: DeleteActivity, uow: UnitOfWork) -> Activity:
    activity = get_activity(uow, cmd.member_id, cmd.number)
    uow.activities.delete(cmd.member_id, cmd.number)
    record_activity(uow, ChangeKind.DELETED, activity, activity, cmd.now)
    reindex_if_shared(uow, cmd.member_id, activity.visibility)
    return activity


def add_reflection(cmd: AddReflection, uow: UnitOfWork) -> Activity:
    """Add a reflection: earlier ones are kept, each with its date."""
    if len(cmd.text) > MAX_TEXT_LENGTH:
        raise ServiceError("activity.reflection_too_long", max=MAX_TEXT_LENGTH)
    activity = get_activity(uow, cmd.member_id, cmd.number)
    reflection = Reflection(cmd.text, cmd.now)
    uow.activities.add_reflection(activity, reflection)
    changed = activity.changed(reflections=(*activity.reflections, reflection))
    changed.id = activity.id
    record_activity(uow, ChangeKind.REFLECTED, changed, activity, cmd.now)
    return changed


def attach_evidence(cmd: AttachEvidence, uow: UnitOfWork) -> Activity:
    activity = get_activity(uow, cmd.member_id, cmd.number)
    changed = activity.changed(evidence=cmd.evidence)
    changed.id = activity.id
    uow.activities.save(changed)
    record_activity(uow, ChangeKind.EVIDENCE, changed, activity, cmd.now)
    return changed


def list_activities(cmd: ListActivities, uow: UnitOfWork) -> Overview:
    return Overview(
        uow.activities.list(cmd.member_id, cmd.flt, cmd.limit),
        uow.activities.totals(cmd.member_id, cmd.flt),
    )
