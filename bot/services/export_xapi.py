"""Activities and achieved goals as xAPI 1.0.3 statements, ready for a Learning Record Store.

Vocabulary (README, "xAPI export"): verbs from ADL (http://adlnet.gov/expapi/verbs/),
activity types from ADL (http://adlnet.gov/expapi/activities/). The actor is an Agent
identified by an `account` on the platform the member uses, never by an e-mail address.
Statement ids are UUIDv5 of the member's account and the activity number, so posting the
same export twice makes no duplicates in the LRS (it refuses a known id)."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.activities import ActivityKind
from bot.domain.goals import GoalStatus
from bot.services.export import reflection_texts

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bot.domain.activities import Activity
    from bot.domain.goals import Goal
    from bot.services.export import Portfolio
    from bot.services.words import Words

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_TYPES = "http://adlnet.gov/expapi/activities/"
# Our own IRIs for things no published vocabulary names (activity ids, extensions).
OWN = "urn:portfoliobot:"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:portfoliobot:xapi")


_ATTENDED = {
    ActivityKind.CONFERENCE,
    ActivityKind.STUDY_DAY,
    ActivityKind.WEBINAR,
    ActivityKind.WORKSHOP,
    ActivityKind.PLG,
    ActivityKind.INTERVISION,
    ActivityKind.NETWORK,
    ActivityKind.PEER_OBSERVATION,
    ActivityKind.LESSON_STUDY,
    ActivityKind.COACHING,
}
_TYPES = {
    ActivityKind.DEGREE: "course",
    ActivityKind.COURSE: "course",
    ActivityKind.TRAINING: "course",
    ActivityKind.WEBINAR: "course",
    ActivityKind.WORKSHOP: "lesson",
    ActivityKind.CONFERENCE: "meeting",
    ActivityKind.STUDY_DAY: "meeting",
    ActivityKind.PLG: "meeting",
    ActivityKind.LESSON_STUDY: "meeting",
    ActivityKind.INTERVISION: "meeting",
    ActivityKind.PEER_OBSERVATION: "meeting",
    ActivityKind.COACHING: "meeting",
    ActivityKind.NETWORK: "meeting",
    ActivityKind.RESEARCH: "performance",
    ActivityKind.READING: "media",
    ActivityKind.SELF_STUDY: "module",
    ActivityKind.OTHER: "module",
}
_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def actor(
    platform: str, user_id: str, name: str, home_pages: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The member as an xAPI Agent: an `account` on the system where it lives (given by
    the adapters), never an e-mail address."""
    home = (home_pages or {}).get(platform, f"https://portfoliobot.invalid/{platform}")
    agent: dict[str, Any] = {"objectType": "Agent", "account": {"homePage": home, "name": user_id}}
    if name:
        agent["name"] = name
    return agent


def portfolio_statements(
    portfolio: Portfolio, words: Words, home_pages: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    if not portfolio.identities:
        raise ValueError("a member without a platform account has no xAPI actor")
    platform, user_id = portfolio.identities[0]
    who = actor(platform, user_id, portfolio.member.display_name, home_pages)
    tag = _LANGUAGE_TAGS.get(portfolio.member.language, "nl-NL")
    try:
        zone = ZoneInfo(portfolio.member.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Europe/Amsterdam")
    owner = f"{platform}:{user_id}"
    goals = {goal.number: goal for goal in portfolio.goals}
    statements = [
        _activity_statement(a, who, owner, tag, zone, words, goals) for a in portfolio.activities
    ]
    statements += [
        _goal_statement(g, who, owner, tag, words)
        for g in portfolio.goals
        if g.status is GoalStatus.ACHIEVED and g.closed_at is not None
    ]
    return statements


def _verb(name: str, words: Words, tag: str) -> dict[str, Any]:
    return {"id": ADL_VERBS + name, "display": {tag: words(f"portfolio.xapi_verb.{name}")}}


def _goal_object(goal: Goal, owner: str, tag: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{OWN}goal:{uuid.uuid5(_NAMESPACE, f'{owner}:goal:{goal.number}')}",
        "definition": {"name": {tag: goal.title}, "type": ADL_TYPES + "objective"},
    }


def _activity_statement(
    a: Activity,
    who: dict[str, Any],
    owner: str,
    tag: str,
    zone: ZoneInfo,
    words: Words,
    goals: dict[int, Goal],
) -> dict[str, Any]:
    title = a.title or words(f"kind.{a.kind.value}")
    definition: dict[str, Any] = {
        "name": {tag: title},
        "type": ADL_TYPES + _TYPES[a.kind],
        "extensions": {
            f"{OWN}kind": a.kind.value,
            f"{OWN}learning-form": a.learning_form.value,
            f"{OWN}competence-areas": [area.value for area in a.competence_areas],
        },
    }
    if a.evidence and a.evidence.startswith(("http://", "https://")) and " " not in a.evidence:
        definition["moreInfo"] = a.evidence
    result: dict[str, Any] = {"completion": True, "duration": iso_duration(a.minutes)}
    reflections = reflection_texts(a)
    if reflections:
        result["response"] = "\n\n".join(reflections)
    context: dict[str, Any] = {"platform": "portfoliobot", "language": tag}
    goal = goals.get(a.goal_number) if a.goal_number is not None else None
    if goal is not None:
        context["contextActivities"] = {"parent": [_goal_object(goal, owner, tag)]}
    verb = "attended" if a.kind in _ATTENDED else "completed"
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{owner}:activity:{a.number}")),
        "actor": who,
        "verb": _verb(verb, words, tag),
        "object": {
            "objectType": "Activity",
            "id": f"{OWN}activity:{uuid.uuid5(_NAMESPACE, f'{owner}:activity:{a.number}')}",
            "definition": definition,
        },
        "result": result,
        "context": context,
        "timestamp": datetime.combine(a.date, time(12, 0), zone).isoformat(),
    }


def _goal_statement(
    g: Goal, who: dict[str, Any], owner: str, tag: str, words: Words
) -> dict[str, Any]:
    assert g.closed_at is not None
    result: dict[str, Any] = {"completion": True, "success": True}
    if g.closing_reflection:
        result["response"] = g.closing_reflection
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{owner}:goal:{g.number}")),
        "actor": who,
        "verb": _verb("mastered", words, tag),
        "object": _goal_object(g, owner, tag),
        "result": result,
        "context": {"platform": "portfoliobot", "language": tag},
        "timestamp": g.closed_at.isoformat(),
    }
