"""Next fire times of a reminder schedule, in the member's timezone.

Recurring rules are wall-clock rules: "every Monday at 08:00" fires at 08:00 local time on
both sides of a daylight-saving change. APScheduler's CronTrigger computes them; "every
month on the 31st" is a dateutil rrule, because cron cannot say "the 31st, or the last day
of a shorter month" (cron skips those months; we never let "every month" skip one).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from apscheduler.triggers.cron import CronTrigger
from dateutil.rrule import MONTHLY, WEEKLY, rrule

from bot.domain.members import zone
from bot.domain.reminders import ScheduleKind

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.domain.reminders import QuietHours, Schedule

_SECOND = timedelta(seconds=1)
PAUSE_END_TIME = time(9, 0)  # one-off reminders due during a holiday pause come then


@functools.lru_cache(maxsize=4096)
def _cron(rule: str, timezone: str) -> CronTrigger:
    minute, hour, day, month, day_of_week = rule.split("|")
    return CronTrigger(
        second=0,
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=day_of_week,
        timezone=zone(timezone),
    )


def _monthday(rule: str, timezone: str, after: datetime) -> datetime | None:
    day, hour, minute = (int(part) for part in rule.split("|"))
    local_zone = zone(timezone)
    local_after = after.astimezone(local_zone).replace(tzinfo=None)
    start = local_after.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # Within each month the candidates are {day, last day}; the first of them is
    # min(day, last day): the 31st, or the 30th / 28th / 29th of shorter months.
    rule_set = rrule(
        MONTHLY,
        dtstart=start,
        bymonthday=(day, -1),
        bysetpos=1,
        byhour=hour,
        byminute=minute,
        bysecond=0,
    )
    found = rule_set.after(local_after)
    if found is None:
        return None
    return found.replace(tzinfo=local_zone).astimezone(UTC)


def _one_off(schedule: Schedule) -> datetime:
    at = datetime.fromisoformat(schedule.rule)
    if schedule.kind is ScheduleKind.LOCAL:
        return at.replace(tzinfo=zone(schedule.timezone)).astimezone(UTC)
    return at


def _weeks(rule: str, timezone: str, after: datetime) -> datetime | None:
    """Every N weeks on one weekday from a first date ("elke 2 weken op vrijdag")."""
    interval, weekday, hour, minute, first = rule.split("|")
    local_zone = zone(timezone)
    local_after = after.astimezone(local_zone).replace(tzinfo=None)
    start = datetime.combine(date.fromisoformat(first), time(int(hour), int(minute)))
    rule_set = rrule(WEEKLY, dtstart=start, interval=int(interval), byweekday=int(weekday))
    found = rule_set.after(local_after)
    if found is None:
        return None
    return found.replace(tzinfo=local_zone).astimezone(UTC)


def next_fire(schedule: Schedule, after: datetime) -> datetime | None:
    """The first fire time strictly after `after` (UTC), or None when there is none."""
    if not schedule.recurring:
        at = _one_off(schedule)
        return at if at > after else None
    if schedule.kind is ScheduleKind.MONTHDAY:
        return _monthday(schedule.rule, schedule.timezone, after)
    if schedule.kind is ScheduleKind.WEEKS:
        return _weeks(schedule.rule, schedule.timezone, after)
    trigger = _cron(schedule.rule, schedule.timezone)
    found: datetime | None = trigger.get_next_fire_time(None, after + _SECOND)
    if found is None:
        return None
    if _second_of_two(found, zone(schedule.timezone)):
        # 02:30 happens twice on the night clocks go back; a reminder comes once.
        found = trigger.get_next_fire_time(None, found.astimezone(UTC) + _SECOND)
    return found.astimezone(UTC) if found is not None else None


def _second_of_two(moment: datetime, local_zone: ZoneInfo) -> bool:
    """Whether `moment` is the later of two instants with the same local wall time."""
    wall = moment.astimezone(local_zone).replace(tzinfo=None)
    first = wall.replace(tzinfo=local_zone, fold=0).astimezone(UTC)
    return first != moment.astimezone(UTC)


def first_fire(schedule: Schedule, now: datetime) -> datetime | None:
    """The first time at or after `now`, for a new reminder (a one-off: its time)."""
    if not schedule.recurring:
        return _one_off(schedule)
    return next_fire(schedule, now - _SECOND)


def after_pause(
    schedule: Schedule, at: datetime, paused_until: date | None, now: datetime
) -> datetime | None:
    """When a reminder due at `at` is delivered, given a holiday pause until the local day
    `paused_until`: `at` itself outside the pause; a recurring one skips to its first
    occurrence from that day on; a one-off one waits until that day at PAUSE_END_TIME."""
    local_zone = zone(schedule.timezone)
    if paused_until is None or at.astimezone(local_zone).date() >= paused_until:
        return at
    if schedule.recurring:
        pause_end = datetime.combine(paused_until, time(0), local_zone).astimezone(UTC)
        return first_fire(schedule, max(now, pause_end))
    return datetime.combine(paused_until, PAUSE_END_TIME, local_zone).astimezone(UTC)


@functools.lru_cache(maxsize=1024)  # a burst asks this for one `now` and a few settings
def after_quiet_hours(moment: datetime, quiet: QuietHours | None, timezone: str) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (local wall-clock end)."""
    if quiet is None:
        return moment
    local_zone = zone(timezone)
    local = moment.astimezone(local_zone)
    if not quiet.contains(local.time().replace(tzinfo=None)):
        return moment
    end_day = local.date()
    if local.time().replace(tzinfo=None) >= quiet.end:
        end_day += timedelta(days=1)
    return datetime.combine(end_day, quiet.end, tzinfo=local_zone).astimezone(UTC)
