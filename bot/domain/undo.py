"""The undo journal: a member's last change and the state before it.

One change per member is kept; every change replaces it, undoing removes it. So `/ongedaan`
undoes exactly the last change and only once, and an older change cannot be reached by
undoing repeatedly (that needs `/verwijder N` and its question). A snapshot is a plain
dict (JSON in the store) holding everything needed to put the item back as it was:
an activity with its reflections, evidence and goal link; a goal with its linked activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.domain.activities import (
    Activity,
    ActivityKind,
    CompetenceArea,
    Reflection,
    Visibility,
)
from bot.domain.goals import Goal, GoalStatus

if TYPE_CHECKING:
    from datetime import timedelta


class ChangeKind(StrEnum):
    LOGGED = "logged"  # undo: remove the activity
    EDITED = "edited"  # undo: restore the activity's previous values
    REFLECTED = "reflected"
    EVIDENCE = "evidence"
    LINKED = "linked"
    DELETED = "deleted"  # undo: put the activity back
    GOAL_SET = "goal_set"  # undo: remove the goal
    GOAL_CHANGED = "goal_changed"  # undo: restore the goal's previous values
    GOAL_DELETED = "goal_deleted"  # undo: put the goal back, relinked
    # Profile fields (value and visibility) and the visibility of goals and activities, as
    # they were (bot.services.profiles); `number` is 0, the snapshot says what changed.
    PROFILE = "profile"

    @property
    def on_goal(self) -> bool:
        return self.value.startswith("goal_")


@dataclass(frozen=True)
class Change:
    member_id: int
    kind: ChangeKind
    number: int  # of the activity or goal
    before: dict[str, Any] | None  # None when the change created the item
    changed_at: datetime

    def expired(self, now: datetime, window: timedelta) -> bool:
        return now - self.changed_at > window


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "number": activity.number,
        "date": activity.date.isoformat(),
        "minutes": activity.minutes,
        "kind": activity.kind.value,
        "title": activity.title,
        "created_at": activity.created_at.isoformat(),
        "competence_areas": [area.value for area in activity.competence_areas],
        "reflections": [
            {"text": r.text, "written_at": r.written_at.isoformat()} for r in activity.reflections
        ],
        "evidence": activity.evidence,
        "goal_number": activity.goal_number,
        "visibility": activity.visibility.value,
    }


def activity_from_snapshot(member_id: int, data: dict[str, Any]) -> Activity:
    return Activity(
        member_id=member_id,
        number=int(data["number"]),
        date=date.fromisoformat(data["date"]),
        minutes=int(data["minutes"]),
        kind=ActivityKind(data["kind"]),
        title=data["title"],
        created_at=datetime.fromisoformat(data["created_at"]),
        competence_areas=tuple(CompetenceArea(area) for area in data["competence_areas"]),
        reflections=tuple(
            Reflection(r["text"], datetime.fromisoformat(r["written_at"]))
            for r in data["reflections"]
        ),
        evidence=data["evidence"],
        goal_number=data["goal_number"],
        visibility=Visibility(data["visibility"]),
    )


def goal_snapshot(goal: Goal, linked: list[int]) -> dict[str, Any]:
    return {
        "number": goal.number,
        "title": goal.title,
        "created_at": goal.created_at.isoformat(),
        "target_date": _iso(goal.target_date),
        "status": goal.status.value,
        "competence_areas": [area.value for area in goal.competence_areas],
        "closing_reflection": goal.closing_reflection,
        "closed_at": _iso(goal.closed_at),
        "visibility": goal.visibility.value,
        "linked": linked,
    }


def goal_from_snapshot(member_id: int, data: dict[str, Any]) -> tuple[Goal, list[int]]:
    goal = Goal(
        member_id=member_id,
        number=int(data["number"]),
        title=data["title"],
        created_at=datetime.fromisoformat(data["created_at"]),
        target_date=date.fromisoformat(data["target_date"]) if data["target_date"] else None,
        status=GoalStatus(data["status"]),
        competence_areas=tuple(CompetenceArea(area) for area in data["competence_areas"]),
        closing_reflection=data["closing_reflection"],
        closed_at=datetime.fromisoformat(data["closed_at"]) if data["closed_at"] else None,
        visibility=Visibility(data["visibility"]),
    )
    return goal, [int(number) for number in data.get("linked", [])]
