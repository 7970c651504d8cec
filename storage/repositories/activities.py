from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, bindparam, cast, delete, func, select, update

from bot.domain.activities import (
    Activity,
    ActivityKind,
    CompetenceArea,
    LearningForm,
    Reflection,
    Visibility,
)
from storage.models import activities, reflections
from storage.repositories._base import Repository

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.sql.elements import ColumnElement

    from bot.services.ports import ActivityFilter

_c = activities.c
_MUTABLE = (
    "date",
    "minutes",
    "kind",
    "title",
    "competence_areas",
    "evidence",
    "goal_number",
    "visibility",
)
# Key parameters are not named after columns: in an UPDATE those names are reserved
# for the SET clause.
_OF_MEMBER = _c.member_id == bindparam("key_member")
_KEY = (_OF_MEMBER, _c.number == bindparam("key_number"))

_INSERT = activities.insert().returning(_c.id)
_GET = select(activities).where(*_KEY)
_LATEST = select(activities).where(_OF_MEMBER).order_by(_c.number.desc()).limit(1)
_SAVE = update(activities).where(*_KEY).values({name: bindparam(name) for name in _MUTABLE})
_DELETE = delete(activities).where(*_KEY)
_PROGRESS = (
    select(_c.goal_number, func.count(), func.sum(_c.minutes))
    .where(_OF_MEMBER, _c.goal_number.is_not(None))
    .group_by(_c.goal_number)
)
_r = reflections.c
_REFLECTIONS = (
    select(_r.activity_id, _r.text, _r.written_at)
    .where(_r.activity_id.in_(bindparam("ids", expanding=True)))
    .order_by(_r.written_at, _r.id)
)
_ADD_REFLECTION = reflections.insert()
_CLEAR_REFLECTIONS = delete(reflections).where(_r.activity_id == bindparam("key_activity"))
_UNLINK = (
    update(activities)
    .where(_OF_MEMBER, _c.goal_number == bindparam("key_goal"))
    .values(goal_number=None)
)


def _activity(row: Any, found: tuple[Reflection, ...] = ()) -> Activity:
    return Activity(
        id=row.id,
        member_id=row.member_id,
        number=row.number,
        date=row.date,
        minutes=row.minutes,
        kind=ActivityKind(row.kind),
        title=row.title,
        created_at=row.created_at,
        competence_areas=tuple(CompetenceArea(area) for area in row.competence_areas),
        reflections=found,
        evidence=row.evidence,
        goal_number=row.goal_number,
        visibility=Visibility(row.visibility),
    )


def _values(activity: Activity) -> dict[str, Any]:
    return {
        "date": activity.date,
        "minutes": activity.minutes,
        "kind": activity.kind.value,
        "title": activity.title,
        "competence_areas": [area.value for area in activity.competence_areas],
        "evidence": activity.evidence,
        "goal_number": activity.goal_number,
        "visibility": activity.visibility.value,
    }


def _filter_params(member_id: int, flt: ActivityFilter) -> dict[str, Any]:
    params: dict[str, Any] = {"key_member": member_id}
    if flt.since is not None:
        params["since"] = flt.since
    if flt.until is not None:
        params["until"] = flt.until
    if flt.kind is not None:
        params["kind"] = flt.kind.value
    if flt.goal_number is not None:
        params["goal_number"] = flt.goal_number
    if flt.learning_form is not None:
        form = flt.learning_form
        params["kinds"] = [kind.value for kind in ActivityKind if kind.learning_form is form]
    if flt.area is not None:
        params["area"] = f'%"{flt.area.value}"%'
    return params


@cache
def _matching(filters: frozenset[str]) -> tuple[ColumnElement[bool], ...]:
    """WHERE clauses for the filter fields that are set (so ≤ 16 statement shapes)."""
    conditions = [_OF_MEMBER]
    if "since" in filters:
        conditions.append(_c.date >= bindparam("since"))
    if "until" in filters:
        conditions.append(_c.date <= bindparam("until"))
    if "kind" in filters:
        conditions.append(_c.kind == bindparam("kind"))
    if "goal_number" in filters:
        conditions.append(_c.goal_number == bindparam("goal_number"))
    if "kinds" in filters:
        conditions.append(_c.kind.in_(bindparam("kinds", expanding=True)))
    if "area" in filters:  # the JSON list as text: '["didactics", "pedagogy"]'
        conditions.append(cast(_c.competence_areas, String).like(bindparam("area")))
    return tuple(conditions)


@cache
def _list_statement(filters: frozenset[str], limited: bool) -> Select[Any]:
    query = (
        select(activities).where(*_matching(filters)).order_by(_c.date.desc(), _c.number.desc())
    )
    return query.limit(bindparam("limit")) if limited else query


@cache
def _totals_statement(filters: frozenset[str]) -> Select[Any]:
    # Grouped by kind in SQL (at most a few dozen rows); which kind belongs to which
    # learning form is domain knowledge, so that mapping stays in Python.
    return (
        select(_c.kind, func.count(), func.sum(_c.minutes))
        .where(*_matching(filters))
        .group_by(_c.kind)
    )


class SqlActivityRepository(Repository):
    def _mapped(self, rows: Any) -> list[Activity]:
        """Activities with their reflections: one more statement for all of them."""
        rows = list(rows)
        if not rows:
            return []
        found: dict[int, list[Reflection]] = {}
        for activity_id, text, written_at in self._db.execute(
            _REFLECTIONS, {"ids": [row.id for row in rows]}
        ):
            found.setdefault(activity_id, []).append(Reflection(text, written_at))
        return [_activity(row, tuple(found.get(row.id, ()))) for row in rows]

    def add(self, activity: Activity) -> Activity:
        params = _values(activity)
        params.update(
            member_id=activity.member_id, number=activity.number, created_at=activity.created_at
        )
        new_id = self._db.execute(_INSERT, params).scalar_one()
        added = dataclasses.replace(activity, id=new_id)
        if added.reflections:
            self.set_reflections(added, added.reflections)
        return added

    def get(self, member_id: int, number: int) -> Activity | None:
        rows = self._db.execute(_GET, {"key_member": member_id, "key_number": number})
        found = self._mapped(rows)
        return found[0] if found else None

    def latest(self, member_id: int) -> Activity | None:
        found = self._mapped(self._db.execute(_LATEST, {"key_member": member_id}))
        return found[0] if found else None

    def add_reflection(self, activity: Activity, reflection: Reflection) -> None:
        params = {
            "activity_id": activity.id,
            "text": reflection.text,
            "written_at": reflection.written_at,
        }
        self._db.execute(_ADD_REFLECTION, params)

    def set_reflections(self, activity: Activity, kept: tuple[Reflection, ...]) -> None:
        self._db.execute(_CLEAR_REFLECTIONS, {"key_activity": activity.id})
        for reflection in kept:
            self.add_reflection(activity, reflection)

    def save(self, activity: Activity) -> None:
        params = _values(activity)
        params.update(key_member=activity.member_id, key_number=activity.number)
        if self._db.execute(_SAVE, params).rowcount == 0:
            raise LookupError(f"no activity #{activity.number} of member {activity.member_id}")

    def delete(self, member_id: int, number: int) -> bool:
        result = self._db.execute(_DELETE, {"key_member": member_id, "key_number": number})
        return result.rowcount > 0

    def list(
        self, member_id: int, flt: ActivityFilter, limit: int | None = None
    ) -> list[Activity]:
        params = _filter_params(member_id, flt)
        statement = _list_statement(frozenset(params), limit is not None)
        if limit is not None:
            params["limit"] = limit
        return self._mapped(self._db.execute(statement, params))

    def totals(self, member_id: int, flt: ActivityFilter) -> dict[LearningForm, tuple[int, int]]:
        params = _filter_params(member_id, flt)
        rows = self._db.execute(_totals_statement(frozenset(params)), params)
        # Every form is present, with zeros where nothing was logged.
        totals = dict.fromkeys(LearningForm, (0, 0))
        for kind, count, minutes in rows:
            form = ActivityKind(kind).learning_form
            old_count, old_minutes = totals[form]
            totals[form] = (old_count + int(count), old_minutes + int(minutes))
        return totals

    def progress(self, member_id: int) -> dict[int, tuple[int, int]]:
        rows = self._db.execute(_PROGRESS, {"key_member": member_id})
        return {int(goal): (int(count), int(minutes)) for goal, count, minutes in rows}

    def unlink_goal(self, member_id: int, goal_number: int) -> None:
        self._db.execute(_UNLINK, {"key_member": member_id, "key_goal": goal_number})
