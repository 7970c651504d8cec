from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, case, delete, select, update

from bot.domain.activities import CompetenceArea, Visibility
from bot.domain.goals import Goal, GoalStatus
from storage.models import goals
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from sqlalchemy import Select

_c = goals.c
_MUTABLE = (
    "title",
    "target_date",
    "status",
    "competence_areas",
    "closing_reflection",
    "closed_at",
    "visibility",
)
# Not named after columns: in an UPDATE those names are reserved for the SET clause.
_OF_MEMBER = _c.member_id == bindparam("key_member")
_KEY = (_OF_MEMBER, _c.number == bindparam("key_number"))

_INSERT = goals.insert().returning(_c.id)
_GET = select(goals).where(*_KEY)
_LATEST = select(goals).where(_OF_MEMBER).order_by(_c.number.desc()).limit(1)
_SAVE = update(goals).where(*_KEY).values({name: bindparam(name) for name in _MUTABLE})
_DELETE = delete(goals).where(*_KEY)
_OPEN_FIRST = (case((_c.status == GoalStatus.ACTIVE.value, 0), else_=1), _c.number)
_LIST: Select[Any] = select(goals).where(_OF_MEMBER).order_by(*_OPEN_FIRST)
_LIST_STATUS: Select[Any] = _LIST.where(_c.status == bindparam("status"))


def _goal(row: Any) -> Goal:
    return Goal(
        id=row.id,
        member_id=row.member_id,
        number=row.number,
        title=row.title,
        created_at=row.created_at,
        target_date=row.target_date,
        status=GoalStatus(row.status),
        competence_areas=tuple(CompetenceArea(area) for area in row.competence_areas),
        closing_reflection=row.closing_reflection,
        closed_at=row.closed_at,
        visibility=Visibility(row.visibility),
    )


def _values(goal: Goal) -> dict[str, Any]:
    return {
        "title": goal.title,
        "target_date": goal.target_date,
        "status": goal.status.value,
        "competence_areas": [area.value for area in goal.competence_areas],
        "closing_reflection": goal.closing_reflection,
        "closed_at": goal.closed_at,
        "visibility": goal.visibility.value,
    }


class SqlGoalRepository(Repository):
    def add(self, goal: Goal) -> Goal:
        params = _values(goal)
        params.update(member_id=goal.member_id, number=goal.number, created_at=goal.created_at)
        new_id = self._db.execute(_INSERT, params).scalar_one()
        return dataclasses.replace(goal, id=new_id)

    def get(self, member_id: int, number: int) -> Goal | None:
        row = self._db.execute(_GET, {"key_member": member_id, "key_number": number}).first()
        return None if row is None else _goal(row)

    def latest(self, member_id: int) -> Goal | None:
        row = self._db.execute(_LATEST, {"key_member": member_id}).first()
        return None if row is None else _goal(row)

    def save(self, goal: Goal) -> None:
        params = _values(goal)
        params.update(key_member=goal.member_id, key_number=goal.number)
        if self._db.execute(_SAVE, params).rowcount == 0:
            raise LookupError(f"no goal #{goal.number} of member {goal.member_id}")

    def delete(self, member_id: int, number: int) -> bool:
        result = self._db.execute(_DELETE, {"key_member": member_id, "key_number": number})
        return result.rowcount > 0

    def list(self, member_id: int, status: GoalStatus | None = None) -> list[Goal]:
        if status is None:
            rows = self._db.execute(_LIST, {"key_member": member_id})
        else:
            rows = self._db.execute(
                _LIST_STATUS, {"key_member": member_id, "status": status.value}
            )
        return [_goal(row) for row in rows]
