"""Everything of a member as one JSON document (schema in README.md, "JSON export")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.services.ports import ActivityFilter

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.ports import UnitOfWork

SCHEMA_VERSION = 1


def export_portfolio(uow: UnitOfWork, member_id: int, now: datetime) -> dict[str, Any]:
    member = uow.members.get(member_id)
    if member is None:
        raise LookupError(member_id)
    activities = sorted(uow.activities.list(member_id, ActivityFilter()), key=lambda a: a.number)
    goals = uow.goals.list(member_id)
    linked: dict[int, list[int]] = {}
    for activity in activities:
        if activity.goal_number is not None:
            linked.setdefault(activity.goal_number, []).append(activity.number)
    return {
        "schema": "portfoliobot.export",
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(),
        "member": {
            "display_name": member.display_name,
            "language": member.language,
            "timezone": member.timezone,
            "created_at": member.created_at.isoformat(),
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
            for g in sorted(goals, key=lambda g: g.number)
        ],
    }
