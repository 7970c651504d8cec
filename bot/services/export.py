"""Everything of a member as one JSON document (schema in README.md, "JSON export"), and
the snapshot every export format is made from.

A snapshot is read inside the unit of work and is plain data afterwards: the slow formats
(PDF, charts) render it after the transaction, on a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.services.ports import ActivityFilter

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.activities import Activity
    from bot.domain.goals import Goal
    from bot.domain.members import Member
    from bot.domain.periods import Period
    from bot.services.ports import UnitOfWork

SCHEMA = "portfoliobot.export"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Portfolio:
    """A member's portfolio, read in one transaction; `period` None is everything."""

    member: Member
    identities: list[tuple[str, str]]
    activities: list[Activity]  # by date, then number
    goals: list[Goal]  # by number
    period: Period | None = None

    def goal_titles(self) -> dict[int, str]:
        return {goal.number: goal.title for goal in self.goals}

    def activities_of(self, goal_number: int) -> list[Activity]:
        return [a for a in self.activities if a.goal_number == goal_number]


def reflections_of(activity: Activity) -> list[tuple[str, datetime | None]]:
    """(text, when written) of the activity's reflections, oldest first."""
    return [(r.text, r.written_at) for r in activity.reflections]


def reflection_texts(activity: Activity) -> list[str]:
    return [text for text, _ in reflections_of(activity)]


def load_portfolio(uow: UnitOfWork, member_id: int, period: Period | None = None) -> Portfolio:
    member = uow.members.get(member_id)
    if member is None:
        raise LookupError(member_id)
    flt = (
        ActivityFilter()
        if period is None
        else ActivityFilter(since=period.start, until=period.end)
    )
    activities = sorted(uow.activities.list(member_id, flt), key=lambda a: (a.date, a.number))
    goals = sorted(uow.goals.list(member_id), key=lambda g: g.number)
    if period is not None:
        linked = {a.goal_number for a in activities}
        goals = [
            g
            for g in goals
            if g.number in linked
            or (
                g.created_at.date() <= period.end
                and (g.closed_at is None or g.closed_at.date() >= period.start)
            )
        ]
    return Portfolio(member, uow.members.identities(member_id), activities, goals, period)


def portfolio_document(portfolio: Portfolio, now: datetime) -> dict[str, Any]:
    member = portfolio.member
    linked: dict[int, list[int]] = {}
    activities = sorted(portfolio.activities, key=lambda a: a.number)
    for activity in activities:
        if activity.goal_number is not None:
            linked.setdefault(activity.goal_number, []).append(activity.number)
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(),
        "member": {
            "display_name": member.display_name,
            "language": member.language,
            "timezone": member.timezone,
            "created_at": member.created_at.isoformat(),
            # Whose file this is: /import refuses a file of somebody else.
            "accounts": [
                {"platform": platform, "user_id": user_id}
                for platform, user_id in portfolio.identities
            ],
        },
        "activities": [
            {
                "id": a.number,
                "date": a.date.isoformat(),
                "hours": a.hours,
                "minutes": a.minutes,
                "learning_form": a.learning_form.value,
                "kind": a.kind.value,
                "title": a.title,
                "competence_areas": [area.value for area in a.competence_areas],
                "reflection": a.reflection,  # the newest; kept for readers of version 1
                "reflections": [
                    {"text": r.text, "written_at": r.written_at.isoformat()} for r in a.reflections
                ],
                "evidence": a.evidence,
                "goal_id": a.goal_number,
                "visibility": a.visibility.value,
                "created_at": a.created_at.isoformat(),
            }
            for a in activities
        ],
        "goals": [
            {
                "id": g.number,
                "title": g.title,
                "target_date": g.target_date.isoformat() if g.target_date else None,
                "status": g.status.value,
                "competence_areas": [area.value for area in g.competence_areas],
                "closing_reflection": g.closing_reflection,
                "closed_at": g.closed_at.isoformat() if g.closed_at else None,
                "visibility": g.visibility.value,
                "created_at": g.created_at.isoformat(),
                "activity_ids": linked.get(g.number, []),
            }
            for g in portfolio.goals
        ],
    }


def export_portfolio(uow: UnitOfWork, member_id: int, now: datetime) -> dict[str, Any]:
    return portfolio_document(load_portfolio(uow, member_id), now)
