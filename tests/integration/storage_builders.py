"""Domain objects and small units of work for the storage integration tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.domain.activities import Activity, ActivityKind
from bot.domain.goals import Goal
from bot.services.ports import NewMember, UnitOfWork

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def new_member(name: str = "Anna", now: datetime = NOW) -> NewMember:
    return NewMember(display_name=name, language="nl", timezone="Europe/Amsterdam", now=now)


def make_activity(member_id: int, number: int, **changes: Any) -> Activity:
    fields: dict[str, Any] = {
        "member_id": member_id,
        "number": number,
        "date": date(2025, 3, 1) + timedelta(days=number),
        "minutes": 60,
        "kind": ActivityKind.WORKSHOP,
        "title": f"Activity {number}",
        "created_at": NOW,
    }
    fields.update(changes)
    return Activity(**fields)


def make_goal(member_id: int, number: int, **changes: Any) -> Goal:
    fields: dict[str, Any] = {
        "member_id": member_id,
        "number": number,
        "title": f"Goal {number}",
        "created_at": NOW,
    }
    fields.update(changes)
    return Goal(**fields)


def add_activity(uow: UnitOfWork, member_id: int, **changes: Any) -> Activity:
    """The way the service logs one: take the next number, then insert."""
    number = uow.members.next_number(member_id, "activity")
    return uow.activities.add(make_activity(member_id, number, **changes))


def add_goal(uow: UnitOfWork, member_id: int, **changes: Any) -> Goal:
    number = uow.members.next_number(member_id, "goal")
    return uow.goals.add(make_goal(member_id, number, **changes))


def sql_scalar(uow: UnitOfWork, sql: str) -> Any:
    """Look below the port (row counts and the like) through the transaction's connection."""
    return uow.members._db.exec_driver_sql(sql).scalar()  # type: ignore[attr-defined]
