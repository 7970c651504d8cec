"""Small argument helpers and the way an activity or goal is shown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.chat.replies import UsageError
from bot.domain.activities import Visibility
from bot.domain.members import DEFAULT_TIMEZONE, zone
from bot.i18n import Hours, Label, Msg

if TYPE_CHECKING:
    from datetime import date

    from bot.domain.activities import Activity
    from bot.domain.goals import GoalProgress

_NUMBER = re.compile(r"^#?(\d{1,9})\b[\s,:]*(.*)$", re.DOTALL)
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_VISIBILITY = {
    "#privé": Visibility.PRIVATE,
    "#prive": Visibility.PRIVATE,
    "#private": Visibility.PRIVATE,
    "#gedeeld": Visibility.COMMUNITY,
    "#community": Visibility.COMMUNITY,
    "#shared": Visibility.COMMUNITY,
    "#openbaar": Visibility.PUBLIC,
    "#public": Visibility.PUBLIC,
}


def leading_number(text: str) -> tuple[int | None, str]:
    """ "3 tekst" or "#3 tekst" -> (3, "tekst"); anything else -> (None, text)."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None, text.strip()
    return int(match.group(1)), match.group(2).strip()


def required_number(text: str, missing: str) -> tuple[int, str]:
    number, rest = leading_number(text)
    if number is None:
        raise UsageError(missing)
    return number, rest


def extract_visibility(text: str) -> tuple[Visibility | None, str]:
    found: Visibility | None = None
    kept = []
    for word in text.split(" "):
        visibility = _VISIBILITY.get(word.lower())
        if visibility is None:
            kept.append(word)
        else:
            found = visibility
    return found, " ".join(kept)


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def title_of(activity: Activity) -> str | Label:
    return activity.title or Label(f"kind.{activity.kind.value}")


def activity_summary(activity: Activity) -> Msg:
    return Msg.of(
        "activity.line",
        number=activity.number,
        date=activity.date,
        hours=Hours(activity.minutes),
        title=title_of(activity),
    )


def activity_card(activity: Activity, timezone: str = DEFAULT_TIMEZONE) -> tuple[Msg, ...]:
    """All of one activity, for the member's own eyes (dates of reflections in `timezone`)."""
    parts = [
        Msg.of("activity.card_title", number=activity.number, title=title_of(activity)),
        Msg.of(
            "activity.card_details",
            date=activity.date,
            hours=Hours(activity.minutes),
            kind=Label(f"kind.{activity.kind.value}"),
            form=Label(f"form.{activity.learning_form.value}"),
        ),
    ]
    if activity.competence_areas:
        areas = [Label(f"area.{area.value}") for area in activity.competence_areas]
        parts.append(Msg.of("activity.card_areas", areas=areas))
    if activity.goal_number is not None:
        parts.append(Msg.of("activity.card_goal", goal=activity.goal_number))
    if activity.evidence:
        parts.append(Msg.of("activity.card_evidence", evidence=activity.evidence))
    for reflection in activity.reflections:
        parts.append(
            Msg.of(
                "activity.card_reflection_dated",
                day=reflection.written_at.astimezone(zone(timezone)).date(),
                reflection=reflection.text,
            )
        )
    return tuple(parts)


def goal_lines(item: GoalProgress, today: date) -> tuple[Msg, ...]:
    goal = item.goal
    lines = [
        Msg.of(
            "goal.line",
            number=goal.number,
            title=goal.title,
            status=Label(f"goal_status.{goal.status.value}"),
        )
    ]
    days = goal.days_left(today)
    if goal.is_open and days is not None and goal.target_date is not None:
        key = "goal.days_left" if days >= 0 else "goal.days_over"
        lines.append(Msg.of(key, target=goal.target_date, n=abs(days)))
    lines.append(Msg.of("goal.progress", n=item.activity_count, hours=Hours(item.minutes)))
    return tuple(lines)
