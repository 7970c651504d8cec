"""Repeating rules beyond the weekly and monthly: "elke 2 weken op vrijdag", "om de week",
"every other Friday", "elk jaar op 1 september"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS, MONTH_RE, MONTHS
from bot.domain.reminders import ScheduleKind

_WD = "(?:" + "|".join(sorted(FULL_WEEKDAYS, key=len, reverse=True)) + ")"
_B = r"(?!\w)"

# "elke 2 weken op vrijdag", "every other Friday", "om de week", "om de twee weken op di"
N_WEEKS = re.compile(
    r"(?:(?P<n>\d{1,2}|twee|drie|vier|two|three|four|other|second|andere)\s+)"
    r"(?:weken|week|weeks)?\s*(?:(?:op|on)\s+)?(?P<wd>" + _WD + r")?" + _B
)
EVERY_OTHER_WEEK = re.compile(
    r"om\s+de\s+(?:(?P<n>\d{1,2}|twee|drie|vier)\s+weken|week)"
    r"(?:\s+(?:op\s+)?(?P<wd>" + _WD + r"))?" + _B
)
YEARLY = re.compile(
    r"(?:jaar|year)\s+(?:(?:op|on)\s+)?(?:(?:de|the)\s+)?(?P<d>\d{1,2})(?:ste|de|e|st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<mon>" + MONTH_RE + r")" + _B
)
_COUNTS = {"twee": 2, "drie": 3, "vier": 4, "two": 2, "three": 3, "four": 4, "other": 2,
           "second": 2, "andere": 2}  # fmt: skip


def weeks_rule(match: re.Match[str], today: date) -> tuple[ScheduleKind, str, int] | None:
    raw = match["n"]
    interval = _COUNTS.get(raw, 2) if raw is None or not raw.isdecimal() else int(raw)
    if not 1 <= interval <= 52:
        return None
    weekday = FULL_WEEKDAYS[match["wd"]] if match["wd"] else today.weekday()
    return ScheduleKind.WEEKS, f"{interval}|{weekday}|{{h}}|{{m}}|{{first}}", match.end()


def yearly_rule(match: re.Match[str]) -> tuple[ScheduleKind, str, int] | None:
    monthday, month = int(match["d"]), MONTHS[match["mon"]]
    if not 1 <= monthday <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return ScheduleKind.CRON, f"{{m}}|{{h}}|{monthday}|{month}|*", match.end()


def first_of(rule: str, at: time, local_now: datetime) -> str:
    """For "every N weeks": the first such weekday still to come (today if not yet past)."""
    if "{first}" not in rule:
        return ""
    weekday = int(rule.split("|")[1])
    day = local_now.date() + timedelta(days=(weekday - local_now.weekday()) % 7)
    if day == local_now.date() and at <= local_now.time().replace(tzinfo=None):
        day += timedelta(days=7)
    return day.isoformat()
