"""A new day and/or clock time for a *recurring* reminder: "zaterdag om 10", "om 9u",
"16:30". The rule keeps repeating; only its weekday and clock time change."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.chat.parsing.calendar_words import FULL_WEEKDAYS
from bot.chat.parsing.reminder_text import _B, _DOW, _FILLER, _WD, _time_at
from bot.domain.reminders import ScheduleKind

if TYPE_CHECKING:
    from bot.domain.reminders import Schedule

_ON_WEEKDAY = re.compile(
    r"(?:(?:op|on|volgende|komende|next|this|deze)\s+)?(?P<wd>" + _WD + r")" + _B
)
_EVERY_DAY = ("*", "mon-fri")  # rules whose weekday cannot simply be swapped for another


def retime(schedule: Schedule, text: str) -> tuple[Schedule, str] | None:
    """`schedule` with the weekday and/or clock time `text` starts with, and the rest of
    `text` (a new reminder text, or ""). None when `text` names something else (a date, a
    span of time) or a weekday the rule cannot take (a daily or monthly rule)."""
    original = " ".join(text.split())
    lowered = original.lower()
    if len(lowered) != len(original):
        original = lowered
    pos, weekday, at = 0, None, None
    if match := _ON_WEEKDAY.match(lowered):
        weekday, pos = FULL_WEEKDAYS[match["wd"]], match.end()
    if timed := _time_at(lowered, pos):
        at, pos = timed
    if weekday is None and at is None:
        return None
    rest = original[pos:].strip()
    if lead := _FILLER.match(rest.lower()):
        rest = rest[lead.end() :].strip()
    if schedule.kind is ScheduleKind.MONTHDAY:
        if weekday is not None or at is None:
            return None
        day = schedule.rule.split("|")[0]
        return replace(schedule, rule=f"{day}|{at.hour}|{at.minute}"), rest
    if schedule.kind is not ScheduleKind.CRON:
        return None
    minute, hour, day, month, dow = schedule.rule.split("|")
    if at is not None:
        minute, hour = str(at.minute), str(at.hour)
    if weekday is not None:
        if day == "*" and dow not in _EVERY_DAY:
            dow = _DOW[weekday]
        elif " " in day:  # "1st fri": the first Saturday of the month instead
            day = f"{day.split(' ')[0]} {_DOW[weekday]}"
        else:
            return None
    return replace(schedule, rule="|".join((minute, hour, day, month, dow))), rest
