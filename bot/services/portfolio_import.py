"""Restoring a portfolio from the JSON file `/export json` made.

All or nothing: the whole file is read and checked before anything is written, and a
refusal changes nothing. Items keep their numbers; an item that is already there (same
number, same content) is skipped, so importing a file twice changes nothing. A file of
somebody else, of a newer version, or a damaged one is refused with the reason."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.domain.activities import (
    Activity,
    ActivityKind,
    CompetenceArea,
    InvalidActivity,
    Reflection,
    Visibility,
)
from bot.domain.goals import Goal, GoalStatus, InvalidGoal
from bot.services.errors import ServiceError
from bot.services.export import SCHEMA, SCHEMA_VERSION
from bot.services.ports import ActivityFilter

if TYPE_CHECKING:
    from bot.services.ports import UnitOfWork

MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportRefused(ServiceError):
    """The file is not restored; nothing changed."""


@dataclass(frozen=True)
class ImportPortfolio:
    member_id: int
    content: bytes
    now: datetime


@dataclass
class ImportResult:
    activities_added: int = 0
    goals_added: int = 0
    already_there: int = 0
    settings: list[str] = field(default_factory=list)


def read_document(content: bytes) -> dict[str, Any]:
    if len(content) > MAX_FILE_BYTES:
        raise ImportRefused("import.too_big", mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ImportRefused("import.damaged") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ImportRefused("import.not_an_export")
    version = document.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ImportRefused("import.damaged")
    if version > SCHEMA_VERSION:
        raise ImportRefused("import.newer", version=version, supported=SCHEMA_VERSION)
    return document


def _areas(values: Any) -> tuple[CompetenceArea, ...]:
    return tuple(CompetenceArea(value) for value in values)


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def _reflections(item: dict[str, Any]) -> list[tuple[str, datetime | None]]:
    """`reflections` (text and moment, oldest first), or a single `reflection`."""
    if item.get("reflections"):
        return [
            (str(r["text"]), None if r.get("written_at") is None else _moment(r["written_at"]))
            for r in item["reflections"]
        ]
    value = item.get("reflection")
    return [] if value is None else [(str(value), None)]


def _with_reflections(fields: dict[str, Any], items: list[tuple[str, datetime | None]]) -> None:
    """Every reflection with its moment; one written before moments were kept (a single
    `reflection`) counts as written when the activity was logged."""
    fields["reflections"] = tuple(
        Reflection(text, when or fields["created_at"]) for text, when in items
    )


def _activity(member_id: int, item: dict[str, Any]) -> Activity:
    fields: dict[str, Any] = {
        "member_id": member_id,
        "number": int(item["id"]),
        "date": date.fromisoformat(item["date"]),
        "minutes": int(item["minutes"]),
        "kind": ActivityKind(item["kind"]),
        "title": str(item["title"]),
        "created_at": _moment(item["created_at"]),
        "competence_areas": _areas(item.get("competence_areas", [])),
        "evidence": item.get("evidence"),
        "goal_number": None if item.get("goal_id") is None else int(item["goal_id"]),
        "visibility": Visibility(item.get("visibility", "private")),
    }
    _with_reflections(fields, _reflections(item))
    return Activity(**fields)


def _goal(member_id: int, item: dict[str, Any]) -> Goal:
    target = item.get("target_date")
    closed = item.get("closed_at")
    return Goal(
        member_id=member_id,
        number=int(item["id"]),
        title=str(item["title"]),
        created_at=_moment(item["created_at"]),
        target_date=None if target is None else date.fromisoformat(target),
        status=GoalStatus(item.get("status", "active")),
        competence_areas=_areas(item.get("competence_areas", [])),
        closing_reflection=item.get("closing_reflection"),
        closed_at=None if closed is None else _moment(closed),
        visibility=Visibility(item.get("visibility", "private")),
    )


def _parse_items(member_id: int, document: dict[str, Any]) -> tuple[list[Activity], list[Goal]]:
    activities: list[Activity] = []
    goals: list[Goal] = []
    try:
        for index, item in enumerate(document["activities"], 1):
            try:
                activities.append(_activity(member_id, item))
            except (InvalidActivity, KeyError, TypeError, ValueError):
                raise ImportRefused("import.bad_item_activity", n=index) from None
        for index, item in enumerate(document["goals"], 1):
            try:
                goals.append(_goal(member_id, item))
            except (InvalidGoal, KeyError, TypeError, ValueError):
                raise ImportRefused("import.bad_item_goal", n=index) from None
    except (KeyError, TypeError):
        raise ImportRefused("import.damaged") from None
    for numbers in ([a.number for a in activities], [g.number for g in goals]):
        if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
            raise ImportRefused("import.damaged")
    return activities, goals


def _owner_check(uow: UnitOfWork, member_id: int, document: dict[str, Any]) -> None:
    member = document.get("member")
    accounts = member.get("accounts") if isinstance(member, dict) else None
    if not isinstance(accounts, list) or not accounts:
        raise ImportRefused("import.no_owner")
    theirs = {
        (str(account.get("platform")), str(account.get("user_id")))
        for account in accounts
        if isinstance(account, dict)
    }
    if not theirs & set(uow.members.identities(member_id)):
        raise ImportRefused("import.not_yours")


def _same(a: Activity | Goal, b: Activity | Goal) -> bool:
    return a == b  # the dataclasses' equality leaves the database id out


def import_portfolio(cmd: ImportPortfolio, uow: UnitOfWork) -> ImportResult:
    document = read_document(cmd.content)
    _owner_check(uow, cmd.member_id, document)
    activities, goals = _parse_items(cmd.member_id, document)
    have_activities = {a.number: a for a in uow.activities.list(cmd.member_id, ActivityFilter())}
    have_goals = {g.number: g for g in uow.goals.list(cmd.member_id)}
    result = ImportResult()
    new_goals: list[Goal] = []
    new_activities: list[Activity] = []
    for goal in goals:
        existing = have_goals.get(goal.number)
        if existing is None:
            new_goals.append(goal)
        elif _same(existing, goal):
            result.already_there += 1
        else:
            raise ImportRefused("import.conflict_goal", n=goal.number)
    known_goals = set(have_goals) | {g.number for g in goals}
    for activity in activities:
        if activity.goal_number is not None and activity.goal_number not in known_goals:
            raise ImportRefused("import.bad_item_activity", n=activity.number)
        existing_activity = have_activities.get(activity.number)
        if existing_activity is None:
            new_activities.append(activity)
        elif _same(existing_activity, activity):
            result.already_there += 1
        else:
            raise ImportRefused("import.conflict_activity", n=activity.number)
    # Checked: from here on, only writes.
    for goal in new_goals:
        uow.goals.add(goal)
    for activity in new_activities:
        uow.activities.add(activity)
    uow.portability.reserve_numbers(
        cmd.member_id,
        max([a.number for a in activities], default=0) + 1,
        max([g.number for g in goals], default=0) + 1,
    )
    result.activities_added = len(new_activities)
    result.goals_added = len(new_goals)
    return result
