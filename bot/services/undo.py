"""Undo the member's last change, from the undo journal (bot.domain.undo).

Every service that changes an activity or a goal records the change, with the state
before it, in the same unit of work as the change itself; `undo_last` puts that state
back, once, within the configured time window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.domain.activities import Visibility
from bot.domain.profiles import ProfileField
from bot.domain.undo import (
    Change,
    ChangeKind,
    activity_from_snapshot,
    activity_snapshot,
    goal_from_snapshot,
    goal_snapshot,
)
from bot.services.ports import ActivityFilter
from bot.services.search import reindex_member

if TYPE_CHECKING:
    from datetime import datetime, timedelta

    from bot.domain.activities import Activity
    from bot.domain.goals import Goal
    from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class UndoLastChange:
    member_id: int
    now: datetime
    window: timedelta


@dataclass(frozen=True)
class Undone:
    """What undoing did. `change` None: there was nothing to undo."""

    change: Change | None
    too_old: bool = False
    activity: Activity | None = None  # as it is now (restored), or as it was (removed)
    previous: Activity | None = None  # an edited activity as it was before the undo
    goal: Goal | None = None
    # A profile change (ChangeKind.PROFILE): the fields put back, how many goals and
    # activities got their visibility back.
    fields: tuple[ProfileField, ...] = ()
    goals: int = 0
    activities: int = 0


def record_activity(
    uow: UnitOfWork, kind: ChangeKind, activity: Activity, before: Activity | None, now: datetime
) -> None:
    """Journal a change of `activity`; `before` is its state before the change (None:
    the change created it)."""
    snapshot = activity_snapshot(before) if before is not None else None
    uow.undo.put(Change(activity.member_id, kind, activity.number, snapshot, now))


def record_goal(
    uow: UnitOfWork, kind: ChangeKind, goal: Goal, before: Goal | None, now: datetime
) -> None:
    snapshot = None
    if before is not None:
        linked = uow.activities.list(goal.member_id, ActivityFilter(goal_number=goal.number))
        snapshot = goal_snapshot(before, sorted(a.number for a in linked))
    uow.undo.put(Change(goal.member_id, kind, goal.number, snapshot, now))


def record_profile(uow: UnitOfWork, member_id: int, before: dict[str, Any], now: datetime) -> None:
    """Journal a change of profile fields or of the visibility of goals and activities.
    `before`: {"fields": {field: {"value", "visibility"}}, "goals": {number: visibility},
    "activities": {number: visibility}} as they were (bot.services.profiles)."""
    uow.undo.put(Change(member_id, ChangeKind.PROFILE, 0, before, now))


def undo_last(cmd: UndoLastChange, uow: UnitOfWork) -> Undone:
    change = uow.undo.get(cmd.member_id)
    if change is None:
        return Undone(None)
    if change.expired(cmd.now, cmd.window):
        return Undone(change, too_old=True)
    uow.undo.clear(cmd.member_id)  # once per change
    if change.kind is ChangeKind.PROFILE:
        undone = _undo_profile(uow, change, cmd.now)
    elif change.kind.on_goal:
        undone = _undo_goal(uow, change)
    else:
        undone = _undo_activity(uow, change)
    if undone.change is not None:  # what is shared may have changed: search sees it now
        reindex_member(uow, cmd.member_id)
    return undone


def _undo_profile(uow: UnitOfWork, change: Change, now: datetime) -> Undone:
    member_id = change.member_id
    before = change.before or {}
    fields: list[ProfileField] = []
    for name, state in before.get("fields", {}).items():
        field = ProfileField(name)
        uow.profiles.set_value(member_id, field, state["value"], now)
        visibility = Visibility(state["visibility"] or Visibility.PRIVATE.value)
        uow.profiles.set_visibility(member_id, (field,), visibility, now)
        fields.append(field)
    goals = 0
    for number, visibility in before.get("goals", {}).items():
        goal = uow.goals.get(member_id, int(number))
        if goal is not None:
            goal.visibility = Visibility(visibility)
            uow.goals.save(goal)
            goals += 1
    activities = 0
    for number, visibility in before.get("activities", {}).items():
        activity = uow.activities.get(member_id, int(number))
        if activity is not None:
            restored = activity.changed(visibility=Visibility(visibility))
            restored.id = activity.id
            uow.activities.save(restored)
            activities += 1
    return Undone(change, fields=tuple(fields), goals=goals, activities=activities)


def _undo_activity(uow: UnitOfWork, change: Change) -> Undone:
    member_id = change.member_id
    current = uow.activities.get(member_id, change.number)
    if change.kind is ChangeKind.LOGGED:
        if current is None:
            return Undone(None)
        uow.activities.delete(member_id, change.number)
        return Undone(change, activity=current)
    assert change.before is not None
    restored = activity_from_snapshot(member_id, change.before)
    if restored.goal_number is not None and uow.goals.get(member_id, restored.goal_number) is None:
        restored = replace(restored, goal_number=None)
    if change.kind is ChangeKind.DELETED:
        if current is not None:  # the number is taken again: nothing to put back
            return Undone(None)
        return Undone(change, activity=uow.activities.add(restored))
    if current is None:
        return Undone(None)
    restored.id = current.id
    uow.activities.save(restored)
    uow.activities.set_reflections(restored, restored.reflections)
    return Undone(change, activity=restored, previous=current)


def _undo_goal(uow: UnitOfWork, change: Change) -> Undone:
    member_id = change.member_id
    current = uow.goals.get(member_id, change.number)
    if change.kind is ChangeKind.GOAL_SET:
        if current is None:
            return Undone(None)
        uow.activities.unlink_goal(member_id, change.number)
        uow.goals.delete(member_id, change.number)
        return Undone(change, goal=current)
    assert change.before is not None
    goal, linked = goal_from_snapshot(member_id, change.before)
    if change.kind is ChangeKind.GOAL_DELETED:
        if current is not None:
            return Undone(None)
        goal = uow.goals.add(goal)
        for number in linked:
            activity = uow.activities.get(member_id, number)
            if activity is not None and activity.goal_number is None:
                activity.goal_number = goal.number
                uow.activities.save(activity)
        return Undone(change, goal=goal)
    if current is None:
        return Undone(None)
    uow.goals.save(goal)
    return Undone(change, goal=goal)
